//! Who must file and by when: the year's declarations whose conditions the history meets, each
//! with its deadlines, the reasons found and its source.

use super::table::{ComplianceYear, Trigger};
use crate::rules::{Reference, YearRules};
use chrono::NaiveDate;

/// A declaration the history makes due.
#[derive(Debug, Clone, PartialEq)]
pub struct Filing {
    /// Form code (`270.00`).
    pub code: String,
    /// Filing deadline.
    pub due: NaiveDate,
    /// Payment deadline, when tax may be due.
    pub pay_by: Option<NaiveDate>,
    /// What in the history makes it due.
    pub reasons: Vec<Trigger>,
    /// What it is, and the source.
    pub reference: Reference,
}

/// What the history shows for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// Property income above zero.
    pub property_income: bool,
    /// Digital assets sold or exchanged.
    pub sold_crypto: bool,
    /// Securities sold.
    pub sold_securities: bool,
    /// Digital assets held on 31 December.
    pub holds_crypto: bool,
    /// Securities held on 31 December on a venue abroad.
    pub holds_securities_abroad: bool,
    /// Holdings abroad above the threshold.
    pub foreign_over_threshold: bool,
    /// Property bought above the threshold.
    pub bought_over_threshold: bool,
    /// Securities of foreign issuers held on 31 December (any venue).
    pub holds_foreign_securities: bool,
    /// Money in foreign bank accounts above the threshold (as entered).
    pub foreign_bank_over_threshold: bool,
    /// Annual income above the threshold.
    pub income_over_threshold: bool,
    /// The year's dividends above the threshold.
    pub dividends_over_threshold: bool,
    /// Dividends or interest from foreign issuers in the year.
    pub foreign_income: bool,
    /// The user is in universal declaration (a setting).
    pub universal_declaration: bool,
}

impl Facts {
    /// True when the history shows `trigger`.
    pub fn shows(&self, trigger: Trigger) -> bool {
        match trigger {
            Trigger::PropertyIncome => self.property_income,
            Trigger::SoldCrypto => self.sold_crypto,
            Trigger::SoldSecurities => self.sold_securities,
            Trigger::HoldsCrypto => self.holds_crypto,
            Trigger::HoldsSecuritiesAbroad => self.holds_securities_abroad,
            Trigger::ForeignOverThreshold => self.foreign_over_threshold,
            Trigger::BoughtOverThreshold => self.bought_over_threshold,
            Trigger::HoldsForeignSecurities => self.holds_foreign_securities,
            Trigger::ForeignBankOverThreshold => self.foreign_bank_over_threshold,
            Trigger::IncomeOverThreshold => self.income_over_threshold,
            Trigger::DividendsOverThreshold => self.dividends_over_threshold,
            Trigger::ForeignIncome => self.foreign_income,
            Trigger::UniversalDeclaration => self.universal_declaration,
        }
    }
}

/// The declarations of the year that `facts` make due, in the table's order (one with an
/// `unless` trigger shown falls away). The year's income form in the rule table (`rules.form`,
/// which the user and the universal-declaration setting may change) gives its deadlines.
pub fn filings(facts: &Facts, table: &ComplianceYear, rules: &YearRules) -> Vec<Filing> {
    table
        .declaration
        .iter()
        .filter_map(|d| {
            let reasons: Vec<Trigger> = d.when.iter().copied().filter(|t| facts.shows(*t)).collect();
            if reasons.is_empty() || d.unless.iter().any(|t| facts.shows(*t)) {
                return None;
            }
            let (due, pay_by) = if d.code == rules.form.code {
                (rules.form.due, Some(rules.form.pay_by))
            } else {
                (d.due, d.pay_by)
            };
            Some(Filing {
                code: d.code.clone(),
                due,
                pay_by,
                reasons,
                reference: d.reference.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::table::ComplianceTable;
    use crate::rules::RuleBook;

    fn codes(f: &[Filing]) -> Vec<(&str, String, Vec<Trigger>)> {
        f.iter()
            .map(|f| (f.code.as_str(), f.due.to_string(), f.reasons.clone()))
            .collect()
    }

    #[test]
    fn declarations_follow_the_year_and_the_history() {
        let book = RuleBook::bundled();
        let table = ComplianceTable::bundled();
        let holder = Facts {
            holds_crypto: true,
            ..Facts::default()
        };
        // 2024: holding alone does not make 240.00 due; the assets declaration may be.
        let f = filings(&holder, table.for_year(2024).0, book.for_year(2024).rules);
        assert_eq!(
            codes(&f),
            [("250.00", "2025-09-15".into(), vec![Trigger::HoldsCrypto])]
        );
        let seller = Facts {
            property_income: true,
            sold_crypto: true,
            ..Facts::default()
        };
        let f = filings(&seller, table.for_year(2024).0, book.for_year(2024).rules);
        assert_eq!(
            codes(&f),
            [("240.00", "2025-03-31".into(), vec![Trigger::PropertyIncome])]
        );
        assert_eq!(f[0].pay_by.map(|d| d.to_string()).as_deref(), Some("2025-04-10"));
        // 2025: 270.00 for a seller, due 15 Sep 2026, paid by 25 Sep.
        let f = filings(&seller, table.for_year(2025).0, book.for_year(2025).rules);
        assert_eq!(
            codes(&f),
            [(
                "270.00",
                "2026-09-15".into(),
                vec![Trigger::PropertyIncome, Trigger::SoldCrypto]
            )]
        );
        assert_eq!(f[0].pay_by.map(|d| d.to_string()).as_deref(), Some("2026-09-25"));
        // Foreign dividends or interest alone: income no Kazakhstan agent taxed, declared on
        // 240.00 in 2024 and on 270.00 from 2025.
        let payee = Facts {
            foreign_income: true,
            ..Facts::default()
        };
        let f = filings(&payee, table.for_year(2024).0, book.for_year(2024).rules);
        assert_eq!(
            codes(&f),
            [("240.00", "2025-03-31".into(), vec![Trigger::ForeignIncome])]
        );
        let f = filings(&payee, table.for_year(2026).0, book.for_year(2026).rules);
        assert_eq!(
            codes(&f),
            [("270.00", "2027-09-15".into(), vec![Trigger::ForeignIncome])]
        );
        assert!(
            filings(
                &Facts::default(),
                table.for_year(2026).0,
                book.for_year(2026).rules
            )
            .is_empty()
        );
    }

    #[test]
    fn the_income_form_takes_the_deadlines_in_force() {
        let mut book = RuleBook::bundled();
        if let Some(y) = book.year_mut(2025) {
            y.form.due = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        }
        let facts = Facts {
            sold_crypto: true,
            ..Facts::default()
        };
        let f = filings(
            &facts,
            ComplianceTable::bundled().for_year(2025).0,
            book.for_year(2025).rules,
        );
        assert_eq!(f[0].due.to_string(), "2026-10-01");
    }
}
