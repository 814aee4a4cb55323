//! Input errors: each names the file, line and column, the value found and what was expected.

use std::fmt;
use thiserror::Error;

/// One problem with the user's input, precise enough to find and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct InputError {
    /// The file's name as given.
    pub file: String,
    /// 1-based line, when the problem is on a line.
    pub line: Option<u64>,
    /// 1-based column number and the column's name, when the problem is in a cell.
    pub column: Option<(usize, String)>,
    /// What is wrong, in plain words.
    pub message: String,
    /// The value found, when there is one.
    pub found: Option<String>,
    /// What was expected instead.
    pub expected: Option<String>,
}

impl InputError {
    /// An error about a whole file (unreadable, no header...).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        InputError {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
            found: None,
            expected: None,
        }
    }

    /// An error about one line.
    pub fn line(file: &str, line: u64, message: impl Into<String>) -> Self {
        InputError {
            line: Some(line),
            ..InputError::file(file, message)
        }
    }

    /// Adds the column (1-based number and name).
    pub fn at_column(mut self, number: usize, name: &str) -> Self {
        self.column = Some((number, name.to_string()));
        self
    }

    /// Adds the value found.
    pub fn found(mut self, value: &str) -> Self {
        let mut v: String = value
            .chars()
            .take(80)
            .flat_map(|c| {
                if c.is_control() {
                    c.escape_default().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect();
        if value.chars().count() > 80 {
            v.push('…');
        }
        self.found = Some(v);
        self
    }

    /// Adds what was expected.
    pub fn expected(mut self, what: impl Into<String>) -> Self {
        self.expected = Some(what.into());
        self
    }

    /// `file:line:column` as far as known.
    pub fn location(&self) -> String {
        let mut s = self.file.clone();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some((col, _)) = &self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location())?;
        if let Some((_, name)) = &self.column {
            write!(f, "column \"{name}\": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(found) = &self.found {
            write!(f, ": found \"{found}\"")?;
        }
        if let Some(expected) = &self.expected {
            write!(f, ", expected {expected}")?;
        }
        Ok(())
    }
}

/// All the input errors found in one run; the run stops when there is any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Error)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        InputErrors(vec![e])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_file_line_column_value_and_expectation() {
        let e = InputError::line("t.csv", 4, "bad date")
            .at_column(1, "date")
            .found("2025-13-01")
            .expected("an ISO 8601 date such as 2025-03-07");
        assert_eq!(
            e.to_string(),
            "t.csv:4:1: column \"date\": bad date: found \"2025-13-01\", expected an ISO 8601 date such as 2025-03-07"
        );
    }
}
