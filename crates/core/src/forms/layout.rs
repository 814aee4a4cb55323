//! The layout of each declaration: which lines it has, their codes and words. Read from the
//! bundled table `crates/core/assets/forms.toml`.

use crate::rules::Reference;
use serde::Deserialize;
use std::fmt;

/// The bundled form layouts.
pub const BUNDLED_FORMS: &str = include_str!("../../assets/forms.toml");

/// A declaration Salyq drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormCode {
    /// 240.00: individual income tax declaration (tax years up to 2024).
    F240,
    /// 270.00: declaration of income and property (tax years 2025 on).
    F270,
}

impl FormCode {
    /// Both forms.
    pub const ALL: [FormCode; 2] = [FormCode::F240, FormCode::F270];

    /// The form's code (`270.00`).
    pub fn as_str(self) -> &'static str {
        match self {
            FormCode::F240 => "240.00",
            FormCode::F270 => "270.00",
        }
    }

    /// Parses `240.00`, `240`, `270.00` or `270`.
    pub fn parse(s: &str) -> Option<FormCode> {
        match s.trim() {
            "240" | "240.00" => Some(FormCode::F240),
            "270" | "270.00" => Some(FormCode::F270),
            _ => None,
        }
    }
}

impl fmt::Display for FormCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A figure Salyq computes; each form shows some of them under its own codes and words.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum LineId {
    /// Gains on sales in Kazakhstan.
    A_1_1,
    /// Gains on sales abroad.
    A_1_2,
    /// Gains on sales: A_1_1 + A_1_2.
    A_1,
    /// Property income.
    A,
    /// Foreign dividends (income from sources outside Kazakhstan).
    B_1_4,
    /// Foreign interest and coupons.
    B_1_5,
    /// Income from sources outside Kazakhstan as far as Salyq fills it: B_1_4 + B_1_5.
    B_1,
    /// Total income.
    D,
    /// Adjustment: OC Art. 341 exemptions.
    E_1,
    /// Adjustment: AIFC.
    E_4,
    /// Adjustments: E_1 + E_4.
    E,
    /// Basic deduction claimed in the declaration (2026 on).
    F_1,
    /// Deductions: F_1.
    F,
    /// Taxable income: D − E − F.
    G,
    /// Individual income tax.
    H,
    /// Foreign tax credit.
    I,
    /// Other reductions.
    J,
    /// Tax payable: H − I − J.
    K,
}

impl LineId {
    /// The figure's name (`A_1_1`).
    pub fn as_str(self) -> &'static str {
        match self {
            LineId::A_1_1 => "A_1_1",
            LineId::A_1_2 => "A_1_2",
            LineId::A_1 => "A_1",
            LineId::A => "A",
            LineId::B_1_4 => "B_1_4",
            LineId::B_1_5 => "B_1_5",
            LineId::B_1 => "B_1",
            LineId::D => "D",
            LineId::E_1 => "E_1",
            LineId::E_4 => "E_4",
            LineId::E => "E",
            LineId::F_1 => "F_1",
            LineId::F => "F",
            LineId::G => "G",
            LineId::H => "H",
            LineId::I => "I",
            LineId::J => "J",
            LineId::K => "K",
        }
    }
}

impl fmt::Display for LineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of a form.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Line {
    /// The figure it holds.
    pub id: LineId,
    /// Its code on the form; absent when unconfirmed.
    #[serde(default)]
    pub code: Option<String>,
    /// Words, English.
    pub label: String,
    /// Words, Russian (from the language files, [`text_id`] `label`).
    #[serde(default)]
    pub label_ru: String,
    /// Formula in words, English.
    pub formula: String,
    /// Formula in words, Russian (from the language files, [`text_id`] `formula`).
    #[serde(default)]
    pub formula_ru: String,
}

/// One form's layout.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FormLayout {
    /// The form code as written in the table.
    pub code: String,
    /// Title, English.
    pub title: String,
    /// Title, Russian (from the language files, [`text_id`] `title`).
    #[serde(default)]
    pub title_ru: String,
    /// Where the layout comes from.
    pub reference: Reference,
    /// Lines in form order.
    #[serde(rename = "line")]
    pub lines: Vec<Line>,
}

/// The id of a form's words in the language files: `part` (`title`) of the form, or (`label`,
/// `formula`) of one of its lines: `ref-form-270-00-title`, `ref-form-270-00-a-1-1-label`.
pub fn text_id(form: &str, line: Option<&str>, part: &str) -> String {
    let form = form.replace('.', "-");
    match line {
        Some(l) => format!("ref-form-{form}-{}-{part}", l.to_lowercase().replace('_', "-")),
        None => format!("ref-form-{form}-{part}"),
    }
}

/// Every form's layout.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Layout {
    #[serde(rename = "form")]
    forms: Vec<FormLayout>,
}

impl Layout {
    /// The bundled layouts.
    pub fn bundled() -> Layout {
        let mut layout: Layout =
            toml::from_str(BUNDLED_FORMS).expect("the bundled form layouts are valid (tested)");
        // The Russian words (the printable report shows them beside the English) are kept with
        // the window's, in the language files.
        let ru = |id: String| salyq_text::Lang::Ru.data(&id).unwrap_or_default().to_string();
        for f in &mut layout.forms {
            f.title_ru = ru(text_id(&f.code, None, "title"));
            for line in &mut f.lines {
                line.label_ru = ru(text_id(&f.code, Some(line.id.as_str()), "label"));
                line.formula_ru = ru(text_id(&f.code, Some(line.id.as_str()), "formula"));
            }
        }
        layout
    }

    /// The layout of a form.
    pub fn form(&self, code: FormCode) -> &FormLayout {
        self.forms
            .iter()
            .find(|f| FormCode::parse(&f.code) == Some(code))
            .expect("the bundled table has both forms (tested)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_are_laid_out() {
        let l = Layout::bundled();
        let f270 = l.form(FormCode::F270);
        let ids: Vec<&str> = f270.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "A_1_1", "A_1_2", "A_1", "A", "B_1_4", "B_1_5", "B_1", "D", "E_1", "E_4", "E", "F_1", "F",
                "G", "H", "I", "J", "K"
            ]
        );
        assert!(
            f270.lines
                .iter()
                .all(|l| l.code.as_deref() == Some(l.id.as_str()))
        );
        let f240 = l.form(FormCode::F240);
        assert!(
            f240.lines.iter().all(|l| l.code.is_none()),
            "240.00 line codes are unconfirmed"
        );
        assert_eq!(f240.reference.confidence, crate::rules::Confidence::U);
        for f in [f240, f270] {
            for line in &f.lines {
                assert!(
                    line.label_ru.chars().any(|c| ('а'..='я').contains(&c)),
                    "{}",
                    line.label
                );
                assert!(!line.formula_ru.is_empty());
            }
        }
    }
}
