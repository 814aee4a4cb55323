//! An experimental XML draft of form 270.00 in the layout public generators use for import into
//! the taxpayer's cabinet: `<fno code="270.00">`, a `<form>` per appendix, sheets such as
//! `page_270_01_01`, and `<field name="A_1_1">` per figure. Not an official schema: the file
//! says so in a comment, and every field must be checked in the cabinet before sending.

use super::{FormCode, FormDraft};
use std::io::{self, Write};

/// Why no XML can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The XML layout is known for 270.00 only.
    #[error("the XML draft exists for form 270.00 only (this draft is {0})")]
    NotForm270(FormCode),
}

/// Writes the draft as 270.00 XML (whole tenge, no separators).
pub fn write(out: &mut dyn Write, draft: &FormDraft) -> io::Result<()> {
    if draft.form != FormCode::F270 {
        return Err(io::Error::other(XmlError::NotForm270(draft.form)));
    }
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str(&format!(
        "<!-- EXPERIMENTAL draft made by Salyq {} for tax year {}: the layout of public generators, not an \
         official schema. Check every field in the taxpayer cabinet before sending. -->\n",
        env!("CARGO_PKG_VERSION"),
        draft.year
    ));
    s.push_str("<fno code=\"270.00\" formatVersion=\"1\" version=\"2\">\n");
    let mut head = vec![("period_year", draft.year.to_string())];
    if let Some(iin) = &draft.taxpayer.iin {
        head.push(("iin", iin.as_str().to_string()));
    }
    if !draft.taxpayer.name.trim().is_empty() {
        head.push(("fio", draft.taxpayer.name.trim().to_string()));
    }
    form(&mut s, "form_270_00", "page_270_00_01", &head);
    let figures: Vec<(&str, String)> = draft
        .figures
        .iter()
        .filter_map(|f| Some((f.code.as_deref()?, format!("{:.0}", f.value))))
        .collect();
    form(&mut s, "form_270_01", "page_270_01_01", &figures);
    s.push_str("</fno>\n");
    out.write_all(s.as_bytes())
}

fn form(s: &mut String, form: &str, sheet: &str, fields: &[(&str, String)]) {
    s.push_str(&format!(
        "  <form name=\"{form}\">\n    <sheetGroup>\n      <sheet name=\"{sheet}\">\n"
    ));
    for (name, value) in fields {
        s.push_str(&format!(
            "        <field name=\"{}\">{}</field>\n",
            escape(name),
            escape(value)
        ));
    }
    s.push_str("      </sheet>\n    </sheetGroup>\n  </form>\n");
}

/// Escapes text for XML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("A&B <c> \"d\" 'e'\u{1}"),
            "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
    }
}
