//! The bundled compliance facts per tax year (`crates/core/assets/compliance.toml`): filing thresholds in
//! MCI, AIFC retail limits and the declarations a history can make due, each with its source
//! and confidence.

use crate::rules::{FormRule, Reference, Rule};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The bundled table.
pub const BUNDLED_COMPLIANCE: &str = include_str!("../../assets/compliance.toml");

/// Something in a history that makes a declaration due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A sale at a gain in the year (property income above zero).
    PropertyIncome,
    /// Digital assets sold or exchanged in the year.
    SoldCrypto,
    /// Securities sold in the year.
    SoldSecurities,
    /// Digital assets held on 31 December.
    HoldsCrypto,
    /// Securities held on 31 December on a venue counted abroad.
    HoldsSecuritiesAbroad,
    /// Holdings on venues abroad above the foreign-assets threshold on 31 December.
    ForeignOverThreshold,
    /// Property bought in the year above the purchase threshold.
    BoughtOverThreshold,
    /// Securities of foreign issuers held on 31 December, at any value, on any venue.
    HoldsForeignSecurities,
    /// Money in foreign bank accounts above the bank threshold on 31 December (as entered).
    ForeignBankOverThreshold,
    /// Annual income above the income threshold.
    IncomeOverThreshold,
    /// The year's dividends above the dividends threshold (230,000 MCI, NC Art. 417(1)).
    DividendsOverThreshold,
    /// Dividends or interest from foreign issuers in the year (270.01 B_1_4 / B_1_5): income
    /// no Kazakhstan tax agent taxed, declared by the person.
    ForeignIncome,
    /// The user is in universal declaration (a setting: civil servants, quasi-public
    /// employees, heads and founders of legal entities, their spouses).
    UniversalDeclaration,
}

impl Trigger {
    /// The lower-case name used in the table and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::PropertyIncome => "property_income",
            Trigger::SoldCrypto => "sold_crypto",
            Trigger::SoldSecurities => "sold_securities",
            Trigger::HoldsCrypto => "holds_crypto",
            Trigger::HoldsSecuritiesAbroad => "holds_securities_abroad",
            Trigger::ForeignOverThreshold => "foreign_over_threshold",
            Trigger::BoughtOverThreshold => "bought_over_threshold",
            Trigger::HoldsForeignSecurities => "holds_foreign_securities",
            Trigger::ForeignBankOverThreshold => "foreign_bank_over_threshold",
            Trigger::IncomeOverThreshold => "income_over_threshold",
            Trigger::DividendsOverThreshold => "dividends_over_threshold",
            Trigger::ForeignIncome => "foreign_income",
            Trigger::UniversalDeclaration => "universal_declaration",
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Trigger::PropertyIncome => "a sale at a gain in the year (property income)",
            Trigger::SoldCrypto => "digital assets sold or exchanged in the year",
            Trigger::SoldSecurities => "securities sold in the year",
            Trigger::HoldsCrypto => "digital assets held on 31 December",
            Trigger::HoldsSecuritiesAbroad => "securities held on 31 December on a venue abroad",
            Trigger::ForeignOverThreshold => "holdings on venues abroad above 1,000 MCI on 31 December",
            Trigger::BoughtOverThreshold => "property bought in the year above 20,000 MCI",
            Trigger::HoldsForeignSecurities => {
                "securities of foreign issuers held on 31 December (any value, any broker)"
            }
            Trigger::ForeignBankOverThreshold => {
                "money in foreign bank accounts above 1,000 MCI on 31 December (as entered)"
            }
            Trigger::IncomeOverThreshold => "annual income above 8,500 MCI",
            Trigger::DividendsOverThreshold => "dividends above 230,000 MCI in the year",
            Trigger::ForeignIncome => {
                "dividends or interest from foreign issuers in the year (not taxed by a Kazakhstan tax agent)"
            }
            Trigger::UniversalDeclaration => "you are in universal declaration (your setting)",
        })
    }
}

/// A declaration and what makes it due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Declaration {
    /// Form code (`270.00`).
    pub code: String,
    /// Filing deadline.
    pub due: NaiveDate,
    /// Payment deadline, for a declaration with tax to pay.
    #[serde(default)]
    pub pay_by: Option<NaiveDate>,
    /// Any one of these makes it due.
    pub when: Vec<Trigger>,
    /// None of these may be shown: a declaration another one replaces (240.00 under
    /// universal declaration).
    #[serde(default)]
    pub unless: Vec<Trigger>,
    /// What it is, and the source.
    #[serde(flatten)]
    pub reference: Reference,
}

/// The compliance facts of one tax year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplianceYear {
    /// The tax year.
    pub year: i32,
    /// Foreign accounts and property above this many MCI must be declared.
    pub foreign_assets_mci: Rule<Decimal>,
    /// Property bought in the year above this many MCI makes a declaration due.
    pub property_bought_mci: Rule<Decimal>,
    /// Money in foreign bank accounts above this many MCI on 31 December makes a declaration
    /// due (compared with the balance the user enters).
    #[serde(default)]
    pub foreign_bank_mci: Option<Rule<Decimal>>,
    /// Annual income above this many MCI makes a declaration due (2026 on).
    #[serde(default)]
    pub annual_income_mci: Option<Rule<Decimal>>,
    /// The year's dividends above this many MCI make a declaration due (NC Art. 417(1): 2025
    /// and 2026).
    #[serde(default)]
    pub dividends_mci: Option<Rule<Decimal>>,
    /// True when the purchase threshold leaves digital assets out (2025 on).
    #[serde(default)]
    pub purchases_exclude_digital_assets: Option<Rule<bool>>,
    /// The income form of people in universal declaration, when it is another than the rule
    /// table's (tax years up to 2024: 270.00 by 15 September instead of 240.00).
    #[serde(default)]
    pub universal_declaration: Option<FormRule>,
    /// AIFC: US dollars a month a retail investor may spend without proof of income.
    pub aifc_monthly_usd: Rule<Decimal>,
    /// AIFC: the aggregate limit in US dollars.
    pub aifc_aggregate_usd: Rule<Decimal>,
    /// AIFC personal limit: this share of annual income…
    pub aifc_income_share: Rule<Decimal>,
    /// …or this share of net worth, whichever is less.
    pub aifc_net_worth_share: Rule<Decimal>,
    /// The declarations a history can make due.
    #[serde(default)]
    pub declaration: Vec<Declaration>,
}

#[derive(Deserialize)]
struct File {
    as_of: String,
    no_mci: Reference,
    year: Vec<ComplianceYear>,
}

/// The compliance facts of every known year.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplianceTable {
    /// When the facts were gathered (`2025-11`).
    pub as_of: String,
    /// Said for a tax year the rule table has no MCI of (its thresholds are not compared).
    pub no_mci: Reference,
    years: BTreeMap<i32, ComplianceYear>,
}

impl ComplianceTable {
    /// The bundled table (read once).
    pub fn bundled() -> &'static ComplianceTable {
        static TABLE: OnceLock<ComplianceTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            ComplianceTable::from_toml(BUNDLED_COMPLIANCE)
                .expect("the bundled compliance table is valid (tested)")
        })
    }

    /// Reads a table in the format of `crates/core/assets/compliance.toml`.
    pub fn from_toml(text: &str) -> Result<ComplianceTable, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        if file.year.is_empty() {
            return Err("the compliance table has no year".into());
        }
        Ok(ComplianceTable {
            as_of: file.as_of,
            no_mci: file.no_mci,
            years: file.year.into_iter().map(|y| (y.year, y)).collect(),
        })
    }

    /// The years the table knows.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The facts for `year`, and the year they were borrowed from when the table has none of
    /// its own (the nearest earlier year, else the nearest later one).
    pub fn for_year(&self, year: i32) -> (&ComplianceYear, Option<i32>) {
        if let Some(y) = self.years.get(&year) {
            return (y, None);
        }
        let (_, nearest) = self
            .years
            .range(..year)
            .next_back()
            .or_else(|| self.years.range(year..).next())
            .expect("a compliance table always holds a year");
        (nearest, Some(nearest.year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Confidence;
    use rust_decimal_macros::dec;

    #[test]
    fn bundled_table_covers_2023_to_2026_with_thresholds_and_limits() {
        let t = ComplianceTable::bundled();
        assert_eq!(t.years().collect::<Vec<_>>(), vec![2023, 2024, 2025, 2026]);
        for y in 2023..=2026 {
            let (c, borrowed) = t.for_year(y);
            assert_eq!(borrowed, None);
            assert_eq!(c.foreign_assets_mci.value, dec!(1000));
            assert_eq!(c.property_bought_mci.value, dec!(20000));
            assert_eq!(c.aifc_monthly_usd.value, dec!(1000));
            assert_eq!(c.aifc_aggregate_usd.value, dec!(100000));
            assert_eq!(c.aifc_income_share.value, dec!(0.10));
            assert_eq!(c.aifc_net_worth_share.value, dec!(0.05));
        }
        let (c25, _) = t.for_year(2025);
        let codes: Vec<&str> = c25.declaration.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["270.00", "250.00"]);
        // 270.00 read in NC Art. 417(1); 250.00's digital-asset trigger of 2025 from secondary sources.
        assert_eq!(c25.declaration[0].reference.confidence, Confidence::L);
        assert_eq!(c25.declaration[1].reference.confidence, Confidence::S);
        // Rule 8: the bank threshold from 2023, the income threshold in 2026 only, digital
        // assets out of the purchase test from 2025, the universal form up to 2024.
        for y in 2023..=2026 {
            let (c, _) = t.for_year(y);
            assert_eq!(c.foreign_bank_mci.as_ref().map(|r| r.value), Some(dec!(1000)));
            assert_eq!(c.annual_income_mci.is_some(), y == 2026);
            // Dividends above 230,000 MCI: NC Art. 417(1), read for the declarations of 2025
            // and 2026 (law text).
            assert_eq!(
                c.dividends_mci
                    .as_ref()
                    .map(|r| (r.value, r.reference.confidence)),
                (y >= 2025).then_some((dec!(230000), Confidence::L))
            );
            assert_eq!(
                c.declaration
                    .iter()
                    .any(|d| d.code == "270.00" && d.when.contains(&Trigger::DividendsOverThreshold)),
                y >= 2025
            );
            assert_eq!(
                c.purchases_exclude_digital_assets.as_ref().map(|r| r.value),
                (y >= 2025).then_some(true)
            );
            assert_eq!(c.universal_declaration.is_some(), y <= 2024);
        }
        assert_eq!(
            t.for_year(2026).0.annual_income_mci.as_ref().map(|r| r.value),
            Some(dec!(8500))
        );
        let u = t.for_year(2024).0.universal_declaration.as_ref().unwrap();
        assert_eq!(
            (u.code.as_str(), u.due.to_string()),
            ("270.00", "2025-09-15".into())
        );
        assert_eq!(t.for_year(2030).1, Some(2026));
        assert_eq!(t.for_year(2020).1, Some(2023));
    }

    #[test]
    fn every_text_has_a_translation_id() {
        fn walk(v: &toml::Value, path: &str, found: &mut usize) {
            match v {
                toml::Value::Table(t) => {
                    if let Some(text) = t.get("text") {
                        *found += 1;
                        let id = t.get("text_id").and_then(|r| r.as_str()).unwrap_or_default();
                        assert!(id.starts_with("ref-compliance-"), "{path}: no text_id for {text}");
                        assert!(t.contains_key("confidence"), "{path}: no confidence");
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
        let table: toml::Value = toml::from_str(BUNDLED_COMPLIANCE).unwrap();
        let mut found = 0;
        walk(&table, "", &mut found);
        // Facts: six a year, plus the bank threshold every year, the universal form in 2023 and
        // 2024, the purchase exclusion in 2025 and 2026, the income threshold in 2026, the
        // dividends threshold in 2025 and 2026: 6 × 4 + 4 + 2 + 2 + 1 + 2 = 35. Declarations: 2 (2023) + 3 (2024) + 2 (2025) + 2 (2026) = 9. And the
        // text said for a year without an MCI: 1.
        assert_eq!(found, 35 + 9 + 1);
    }
}
