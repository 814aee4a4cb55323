//! Per-tax-year rules: tax rates, MCI, netting, rate rule, fees, form and deadlines — each with
//! its legal reference and confidence. The bundled table is `assets/rules.toml`; the user may
//! change any rule, and every report lists the rules it used.

use crate::model::Kind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The bundled rule table.
pub const BUNDLED_RULES: &str = include_str!("../assets/rules.toml");

/// How sure we are of a rule (see `assets/rules.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Confidence {
    /// Read in the law or its official copy.
    L,
    /// Official secondary source (tax-office release).
    O,
    /// Reputable secondary source.
    S,
    /// Unconfirmed or inferred: a setting the user may change.
    U,
}

impl Confidence {
    /// Plain words for the label.
    pub fn describe(self) -> &'static str {
        match self {
            Confidence::L => "law",
            Confidence::O => "official release",
            Confidence::S => "secondary source",
            Confidence::U => "unconfirmed: a setting you may change",
        }
    }
}

/// Which official rate converts foreign currency (docs/formats.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FxRule {
    /// The latest daily rate published strictly before the trade's tax date.
    PreviousBusinessDay,
    /// The National Bank's annual average rate of the tax year.
    AnnualAverage,
}

/// How a year's gains and losses of one kind combine into property income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Netting {
    /// Each sale stands alone; a loss is ignored: Σ max(0, gain).
    PerSale,
    /// The year's results are summed; a negative total counts as zero.
    NetYear,
}

/// Whether fees count as costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeRule {
    /// Fees are added to purchase cost and deducted from proceeds.
    Include,
    /// Fees are ignored in cost and proceeds (fee quantities still leave the holdings).
    Exclude,
}

macro_rules! snake_names {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let v = serde_json::to_value(self).map_err(|_| fmt::Error)?;
                f.write_str(v.as_str().unwrap_or("?"))
            }
        }
    )*};
}
snake_names!(FxRule, Netting, FeeRule);

/// One tax-rate bracket: `rate` applies to income above `from_mci` × MCI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bracket {
    /// Lower bound in MCI.
    pub from_mci: Decimal,
    /// Rate as a fraction (0.10).
    pub rate: Decimal,
}

/// A rule's legal reference and confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The reference and the rule in words (English).
    pub text: String,
    /// `text` in Russian, for the window. Not in the JSON report, whose texts are English.
    #[serde(default, skip_serializing)]
    pub text_ru: Option<String>,
    /// `text` in Kazakh, for the window (Russian stands in when absent). Not in the JSON report.
    #[serde(default, skip_serializing)]
    pub text_kk: Option<String>,
    /// How sure we are.
    pub confidence: Confidence,
    /// True when the user changed the rule from the bundled default.
    #[serde(default)]
    pub set_by_user: bool,
}

/// A rule value with its reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule<T> {
    /// The value in force.
    pub value: T,
    /// Why.
    #[serde(flatten)]
    pub reference: Reference,
}

/// Netting per kind of property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NettingRule {
    /// Digital assets.
    pub crypto: Netting,
    /// Securities.
    pub security: Netting,
    /// Other property.
    pub other: Netting,
    /// Why.
    #[serde(flatten)]
    pub reference: Reference,
}

impl NettingRule {
    /// The netting for one kind.
    pub fn for_kind(&self, kind: Kind) -> Netting {
        match kind {
            Kind::Crypto => self.crypto,
            Kind::Security => self.security,
            Kind::Other => self.other,
        }
    }
}

/// The declaration that applies and its deadlines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormRule {
    /// Form code (`240.00`, `270.00`).
    pub code: String,
    /// Filing deadline.
    pub due: NaiveDate,
    /// Payment deadline.
    pub pay_by: NaiveDate,
    /// Why.
    #[serde(flatten)]
    pub reference: Reference,
}

/// Every rule of one tax year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRules {
    /// The tax year.
    pub year: i32,
    /// Monthly calculation index in tenge.
    pub mci: Decimal,
    /// Tax-rate brackets, lowest first.
    pub rate_scale: Vec<Bracket>,
    /// Reference for the rates.
    pub rate_ref: Reference,
    /// Whether gains on digital assets are taxed this year.
    pub crypto_taxable: Rule<bool>,
    /// Netting per kind.
    pub netting: NettingRule,
    /// Which official rate applies.
    pub fx_rule: Rule<FxRule>,
    /// Whether fees count.
    pub fees: Rule<FeeRule>,
    /// The declaration.
    pub form: FormRule,
}

impl YearRules {
    /// Tax on a whole annual income under this year's scale (not rounded).
    pub fn tax_on(&self, income: Decimal) -> Decimal {
        let mut tax = Decimal::ZERO;
        for (i, b) in self.rate_scale.iter().enumerate() {
            let lo = b.from_mci * self.mci;
            let hi = self.rate_scale.get(i + 1).map(|n| n.from_mci * self.mci);
            if income <= lo {
                break;
            }
            let top = hi.map_or(income, |h| income.min(h));
            tax += (top - lo) * b.rate;
        }
        tax
    }

    /// Every reference of the year's rules, in a fixed order.
    pub fn references_mut(&mut self) -> [&mut Reference; 6] {
        [
            &mut self.rate_ref,
            &mut self.crypto_taxable.reference,
            &mut self.netting.reference,
            &mut self.fx_rule.reference,
            &mut self.fees.reference,
            &mut self.form.reference,
        ]
    }

    /// True when the scale has more than one rate (2026 onward).
    pub fn is_progressive(&self) -> bool {
        self.rate_scale.len() > 1
    }
}

#[derive(Deserialize)]
struct File {
    year: Vec<YearRules>,
}

/// The rules of every known tax year, as in force for this run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleBook {
    years: BTreeMap<i32, YearRules>,
}

/// The rules applied to a year, and the year they were borrowed from when it has none of its own.
#[derive(Debug, Clone)]
pub struct AppliedRules<'a> {
    /// The rules.
    pub rules: &'a YearRules,
    /// `Some(y)` when the tax year is not in the table and the rules of year `y` were used.
    pub borrowed_from: Option<i32>,
}

impl RuleBook {
    /// The bundled rule table.
    pub fn bundled() -> RuleBook {
        RuleBook::from_toml(BUNDLED_RULES).expect("the bundled rules table is valid (tested)")
    }

    /// Reads a rule table in the format of `assets/rules.toml`.
    pub fn from_toml(text: &str) -> Result<RuleBook, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        if file.year.is_empty() {
            return Err("the rules table has no year".into());
        }
        Ok(RuleBook {
            years: file.year.into_iter().map(|y| (y.year, y)).collect(),
        })
    }

    /// The years the table knows.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The rules for `year`; a year outside the table borrows the nearest year's rules.
    pub fn for_year(&self, year: i32) -> AppliedRules<'_> {
        if let Some(r) = self.years.get(&year) {
            return AppliedRules {
                rules: r,
                borrowed_from: None,
            };
        }
        let nearest = self
            .years
            .range(..year)
            .next_back()
            .or_else(|| self.years.range(year..).next())
            .map(|(_, r)| r)
            .expect("a rule book always holds a year");
        AppliedRules {
            rules: nearest,
            borrowed_from: Some(nearest.year),
        }
    }

    /// Gives references read back from a file (which keeps only the English text) the
    /// translations of the bundled table, where their text is the bundled one.
    pub fn restore_translations(&mut self) {
        let mut bundled = RuleBook::bundled();
        for (year, rules) in &mut self.years {
            let Some(b) = bundled.years.get_mut(year) else {
                continue;
            };
            for (r, b) in rules.references_mut().into_iter().zip(b.references_mut()) {
                if r.text == b.text && r.text_ru.is_none() {
                    r.text_ru = b.text_ru.take();
                    r.text_kk = b.text_kk.take();
                }
            }
        }
    }

    /// Mutable rules of a known year, for settings.
    pub fn year_mut(&mut self, year: i32) -> Option<&mut YearRules> {
        self.years.get_mut(&year)
    }

    /// Applies `f` to every year's rules (a setting chosen for all years).
    pub fn for_all_years(&mut self, mut f: impl FnMut(&mut YearRules)) {
        self.years.values_mut().for_each(&mut f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn bundled_table_covers_2023_to_2026() {
        let book = RuleBook::bundled();
        assert_eq!(book.years().collect::<Vec<_>>(), vec![2023, 2024, 2025, 2026]);
        let r24 = book.for_year(2024).rules;
        assert_eq!(r24.fx_rule.value, FxRule::PreviousBusinessDay);
        assert_eq!(r24.form.code, "240.00");
        assert_eq!(r24.netting.for_kind(Kind::Security), Netting::PerSale);
        let r25 = book.for_year(2025).rules;
        assert_eq!(r25.fx_rule.value, FxRule::AnnualAverage);
        assert_eq!(r25.netting.for_kind(Kind::Security), Netting::NetYear);
        assert_eq!(r25.netting.for_kind(Kind::Crypto), Netting::PerSale);
        assert_eq!(r25.form.code, "270.00");
        assert_eq!(r25.mci, dec!(3932));
    }

    #[test]
    fn years_outside_the_table_borrow_the_nearest() {
        let book = RuleBook::bundled();
        assert_eq!(book.for_year(2021).borrowed_from, Some(2023));
        assert_eq!(book.for_year(2030).borrowed_from, Some(2026));
        assert_eq!(book.for_year(2025).borrowed_from, None);
    }

    #[test]
    fn every_text_has_a_russian_translation() {
        fn walk(v: &toml::Value, path: &str, found: &mut usize) {
            match v {
                toml::Value::Table(t) => {
                    if let Some(text) = t.get("text") {
                        *found += 1;
                        let ru = t.get("text_ru").and_then(|r| r.as_str()).unwrap_or_default();
                        assert!(!ru.trim().is_empty(), "{path}: no text_ru for {text}");
                        assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{path}: {ru}");
                    }
                    for (k, v) in t {
                        walk(v, &format!("{path}.{k}"), found);
                    }
                }
                toml::Value::Array(a) => {
                    for (i, v) in a.iter().enumerate() {
                        walk(v, &format!("{path}[{i}]"), found);
                    }
                }
                _ => {}
            }
        }
        let table: toml::Value = toml::from_str(BUNDLED_RULES).unwrap();
        let mut found = 0;
        walk(&table, "", &mut found);
        assert_eq!(found, 4 * 6, "six references a year");
        // And they reach the rule book.
        let r = RuleBook::bundled();
        let ru = r.for_year(2025).rules.form.reference.text_ru.as_deref();
        assert_eq!(
            ru,
            Some(
                "Декларация о доходах и имуществе (приказ Министра финансов № 927 от 13 сентября 2021\u{a0}г.)"
            )
        );
    }

    #[test]
    fn flat_and_progressive_scales() {
        let book = RuleBook::bundled();
        assert_eq!(book.for_year(2025).rules.tax_on(dec!(1000000)), dec!(100000));
        let r26 = book.for_year(2026).rules;
        // 8,500 MCI × 4,325 = 36,762,500 KZT at 10%, the 1,237,500 above at 15%.
        assert_eq!(r26.tax_on(dec!(38000000)), dec!(3676250) + dec!(185625));
        assert_eq!(r26.tax_on(dec!(36762500)), dec!(3676250));
        assert_eq!(r26.tax_on(dec!(0)), dec!(0));
    }
}
