//! Per-tax-year rules: tax rates, MCI, netting, rate rule, fees, form and deadlines — each with
//! its legal reference and confidence. The bundled table is `crates/core/assets/rules.toml`; the user may
//! change any rule, and every report lists the rules it used.

use crate::model::Kind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The bundled rule table.
pub const BUNDLED_RULES: &str = include_str!("../assets/rules.toml");

/// How sure we are of a rule (see `crates/core/assets/rules.toml`).
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

/// How a disposal in a foreign currency becomes tenge (docs/formats.md §4, "Gain in the
/// trade's currency").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FxGain {
    /// Each leg (purchase, sale) is converted on its own under its year's rate rule.
    #[default]
    PerLeg,
    /// When the sale and every lot it consumes are in one foreign currency, the gain is worked
    /// out in that currency and converted once at the average official rate of the sale year
    /// (cost and proceeds alike); other disposals are valued per leg.
    SaleYearAverage,
}

/// How a year's gains and losses of one kind combine into property income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Netting {
    /// Each sale stands alone; a loss is ignored: Σ max(0, gain).
    PerSale,
    /// The year's results are summed within each country (Kazakhstan, abroad); a negative total
    /// counts as zero.
    NetYear,
    /// The year's results of every venue and country are summed in one pool; a negative total
    /// counts as zero (NC Art. 387(3)). The pooled income is split over the countries pro rata
    /// of their positive results.
    NetPool,
    /// Securities of foreign issuers are netted in one pool (as `net_pool`); the others stand
    /// alone (per sale). A security's issuer is foreign unless its ISIN starts with `KZ`.
    NetForeignIssuers,
}

/// Whether fees count as costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeRule {
    /// Fees are added to purchase cost and deducted from proceeds.
    #[default]
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
snake_names!(FxRule, FxGain, Netting, FeeRule);

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
    /// The id of `text`'s translations (`ref-rule-2025-form`), which the window looks up in its
    /// language files; the bundled tables give one to each reference. Not in the JSON report,
    /// whose texts are English, nor in saved rule books (restored from the bundled table).
    #[serde(default, skip_serializing)]
    pub text_id: Option<String>,
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

impl<T> Rule<T> {
    /// Puts `value` in force as the user's choice: the reference says so (`set_by_user`), and
    /// every report's assumptions with it. The one way a rule is changed by hand.
    pub fn set(&mut self, value: T) {
        self.value = value;
        self.reference.set_by_user = true;
    }
}

impl NettingRule {
    /// Puts `netting` in force for `kind` as the user's choice (see [`Rule::set`]).
    pub fn set(&mut self, kind: Kind, netting: Netting) {
        match kind {
            Kind::Crypto => self.crypto = netting,
            Kind::Security => self.security = netting,
            Kind::Other => self.other = netting,
        }
        self.reference.set_by_user = true;
    }

    /// The netting for one kind.
    pub fn for_kind(&self, kind: Kind) -> Netting {
        match kind {
            Kind::Crypto => self.crypto,
            Kind::Security => self.security,
            Kind::Other => self.other,
        }
    }
}

/// The basic deduction a taxpayer may claim in the declaration for the months no employer
/// applied it (NC Arts. 401(2)(2), 403).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BasicDeductionRule {
    /// MCI a month.
    pub mci_per_month: Decimal,
    /// At most this many MCI a year.
    pub max_mci: Decimal,
    /// Why.
    #[serde(flatten)]
    pub reference: Reference,
}

impl BasicDeductionRule {
    /// The deduction for `months` months (0 to 12) at `mci` tenge, capped at the year's maximum.
    pub fn amount(&self, months: u8, mci: Decimal) -> Decimal {
        (Decimal::from(months.min(12)) * self.mci_per_month).min(self.max_mci) * mci
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
    /// How a foreign-currency disposal's gain becomes tenge (absent in older rule books: per
    /// leg, filled from the bundled table by [`RuleBook::restore_translations`]).
    #[serde(default = "missing_rule")]
    pub fx_gain: Rule<FxGain>,
    /// Whether purchase fees count (the broker's commission on a security's purchase; also
    /// other property's purchases).
    pub fees: Rule<FeeRule>,
    /// Whether sale-side fees of securities and other property are deducted from proceeds.
    #[serde(default = "missing_rule")]
    pub sale_fees: Rule<FeeRule>,
    /// Whether fees of digital-asset trades (buy and sell) count.
    #[serde(default = "missing_rule")]
    pub crypto_fees: Rule<FeeRule>,
    /// The basic deduction, in the years it can be claimed in the declaration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_deduction: Option<BasicDeductionRule>,
    /// The declaration.
    pub form: FormRule,
}

/// A rule absent from a saved rule book (written before the rule existed): the value of the
/// time (per leg, fees included), marked by an empty text so that the bundled rule of the same
/// year can replace it.
fn missing_rule<T: Default>() -> Rule<T> {
    Rule {
        value: T::default(),
        reference: Reference {
            text: String::new(),
            text_id: None,
            confidence: Confidence::U,
            set_by_user: false,
        },
    }
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

    /// Every reference of the year's rules, in a fixed order (the basic deduction's, when the
    /// year has one, is not among them: see [`YearRules::basic_deduction`]).
    pub fn references_mut(&mut self) -> [&mut Reference; 9] {
        [
            &mut self.rate_ref,
            &mut self.crypto_taxable.reference,
            &mut self.netting.reference,
            &mut self.fx_rule.reference,
            &mut self.fx_gain.reference,
            &mut self.fees.reference,
            &mut self.sale_fees.reference,
            &mut self.crypto_fees.reference,
            &mut self.form.reference,
        ]
    }

    /// The fee rule of a trade: crypto trades follow `crypto_fees`; other purchases `fees`,
    /// other sales `sale_fees`.
    pub fn fee_rule(&self, kind: Kind, sale: bool) -> FeeRule {
        match (kind, sale) {
            (Kind::Crypto, _) => self.crypto_fees.value,
            (_, false) => self.fees.value,
            (_, true) => self.sale_fees.value,
        }
    }

    /// The basic deduction for `months` months, zero when the year has none.
    pub fn basic_deduction_amount(&self, months: u8) -> Decimal {
        self.basic_deduction
            .as_ref()
            .map_or(Decimal::ZERO, |b| b.amount(months, self.mci))
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

    /// Reads a rule table in the format of `crates/core/assets/rules.toml`.
    pub fn from_toml(text: &str) -> Result<RuleBook, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        if file.year.is_empty() {
            return Err("the rules table has no year".into());
        }
        Ok(RuleBook {
            years: file.year.into_iter().map(|y| (y.year, y)).collect(),
        })
    }

    /// The last year the table knows (a later year borrows its rules, MCI included).
    pub fn last_year(&self) -> i32 {
        self.years.keys().next_back().copied().unwrap_or_default()
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

    /// Brings a rule book read back from a file up to the bundled table: every rule the user did
    /// not change (`set_by_user` false) becomes the bundled rule of its year — a reading of the law
    /// Salyq has since corrected reaches saved cases, while the user's own choices stay —, and
    /// references whose English text is the bundled one get its `text_id` back, by which the window
    /// finds its translations (a file keeps only the English). Rules the file did not hold (written before they existed) are
    /// taken from the bundled table; a changed fee rule carries over to the sale-side and crypto
    /// fee rules it used to cover.
    pub fn restore_translations(&mut self) {
        let bundled = RuleBook::bundled();
        for (year, r) in &mut self.years {
            let Some(b) = bundled.years.get(year) else {
                continue;
            };
            if !r.rate_ref.set_by_user {
                r.mci = b.mci;
                r.rate_scale = b.rate_scale.clone();
                r.rate_ref = b.rate_ref.clone();
            }
            if !r.crypto_taxable.reference.set_by_user {
                r.crypto_taxable = b.crypto_taxable.clone();
            }
            if !r.netting.reference.set_by_user {
                r.netting = b.netting.clone();
            }
            if !r.fx_rule.reference.set_by_user {
                r.fx_rule = b.fx_rule.clone();
            }
            if !r.fx_gain.reference.set_by_user {
                r.fx_gain = b.fx_gain.clone();
            }
            let old_fees = r.fees.reference.set_by_user.then_some(r.fees.value);
            if !r.fees.reference.set_by_user {
                r.fees = b.fees.clone();
            }
            for (rule, bundled) in [
                (&mut r.sale_fees, &b.sale_fees),
                (&mut r.crypto_fees, &b.crypto_fees),
            ] {
                if rule.reference.text.is_empty() {
                    // Absent from the file: the old single fee rule covered it.
                    *rule = bundled.clone();
                    if let Some(v) = old_fees {
                        rule.value = v;
                        rule.reference.set_by_user = true;
                    }
                } else if !rule.reference.set_by_user {
                    *rule = bundled.clone();
                }
            }
            if r.basic_deduction
                .as_ref()
                .is_none_or(|d| !d.reference.set_by_user)
            {
                r.basic_deduction = b.basic_deduction.clone();
            }
            if !r.form.reference.set_by_user {
                r.form = b.form.clone();
            }
            let mut b = b.clone();
            for (r, b) in r.references_mut().into_iter().zip(b.references_mut()) {
                if r.text == b.text && r.text_id.is_none() {
                    r.text_id = b.text_id.take();
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
    fn a_rule_set_by_hand_says_so() {
        let mut book = RuleBook::bundled();
        let y = book.year_mut(2024).unwrap();
        assert!(!y.fx_rule.reference.set_by_user);
        y.fx_rule.set(FxRule::AnnualAverage);
        y.netting.set(Kind::Crypto, Netting::NetYear);
        let r = book.for_year(2024).rules;
        assert_eq!(r.fx_rule.value, FxRule::AnnualAverage);
        assert!(r.fx_rule.reference.set_by_user);
        assert_eq!(r.netting.for_kind(Kind::Crypto), Netting::NetYear);
        assert!(r.netting.reference.set_by_user);
        // The other rules stay as bundled.
        assert!(!r.fees.reference.set_by_user);
    }

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
        // 2025: only foreign issuers' securities are netted [S]; 2026: one pool (NC 387(3)) [L].
        assert_eq!(r25.netting.for_kind(Kind::Security), Netting::NetForeignIssuers);
        assert_eq!(r25.fx_gain.value, FxGain::SaleYearAverage);
        assert_eq!(r24.fx_gain.value, FxGain::PerLeg);
        let r26 = book.for_year(2026).rules;
        assert_eq!(r26.netting.for_kind(Kind::Security), Netting::NetPool);
        assert_eq!(r26.rate_ref.confidence, Confidence::L);
        assert!(r26.rate_ref.text.starts_with("NC Art. 363(1)"));
        assert_eq!(r26.fx_gain.reference.confidence, Confidence::L);
        assert_eq!(r26.sale_fees.reference.confidence, Confidence::U);
        assert_eq!(r26.crypto_fees.reference.confidence, Confidence::U);
        assert_eq!(r26.fees.reference.confidence, Confidence::L);
        // 30 MCI a month, at most 360 MCI: 12 months × 30 × 4,325 = 1,557,000; 5 months = 648,750.
        assert_eq!(r26.basic_deduction_amount(12), dec!(1557000));
        assert_eq!(r26.basic_deduction_amount(5), dec!(648750));
        assert_eq!(r25.basic_deduction_amount(12), dec!(0));
        assert_eq!(book.last_year(), 2026);
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
    fn every_text_has_a_translation_id() {
        fn walk(v: &toml::Value, path: &str, found: &mut Vec<String>) {
            match v {
                toml::Value::Table(t) => {
                    if let Some(text) = t.get("text") {
                        let id = t.get("text_id").and_then(|r| r.as_str()).unwrap_or_default();
                        assert!(id.starts_with("ref-rule-"), "{path}: no text_id for {text}");
                        found.push(id.to_string());
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
        let mut found = Vec::new();
        walk(&table, "", &mut found);
        assert_eq!(
            found.len(),
            4 * 9 + 1,
            "nine references a year, and the 2026 basic deduction"
        );
        let distinct: std::collections::BTreeSet<&String> = found.iter().collect();
        assert_eq!(distinct.len(), found.len(), "a text_id twice");
        // And they reach the rule book.
        let r = RuleBook::bundled();
        let id = r.for_year(2025).rules.form.reference.text_id.as_deref();
        assert_eq!(id, Some("ref-rule-2025-form"));
    }

    #[test]
    fn a_saved_book_without_the_newer_rules_gets_them_from_the_bundled_table() {
        // A rule book saved before fx_gain, sale_fees, crypto_fees and basic_deduction existed.
        let mut v = serde_json::to_value(RuleBook::bundled()).unwrap();
        for y in v["years"].as_object_mut().unwrap().values_mut() {
            let y = y.as_object_mut().unwrap();
            y.remove("fx_gain");
            y.remove("sale_fees");
            y.remove("crypto_fees");
            y.remove("basic_deduction");
            y.insert(
                "fees".into(),
                serde_json::json!({"value": "exclude", "text": "x", "confidence": "U", "set_by_user": true}),
            );
        }
        let mut book: RuleBook = serde_json::from_value(v).unwrap();
        assert!(book.for_year(2026).rules.fx_gain.reference.text.is_empty());
        book.restore_translations();
        let r = book.for_year(2026).rules;
        assert_eq!(r.fx_gain, RuleBook::bundled().for_year(2026).rules.fx_gain);
        assert!(r.basic_deduction.is_some());
        // The old single fee setting, changed by the user, carries over to the two new ones.
        assert_eq!(r.fees.value, FeeRule::Exclude);
        assert_eq!(r.sale_fees.value, FeeRule::Exclude);
        assert!(r.sale_fees.reference.set_by_user);
        assert_eq!(r.crypto_fees.value, FeeRule::Exclude);
        // Rules not changed by the user follow the bundled table.
        assert_eq!(r.netting, RuleBook::bundled().for_year(2026).rules.netting);
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
