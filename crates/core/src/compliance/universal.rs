//! Universal declaration, tax years up to 2024: civil servants, employees of the quasi-public
//! sector, heads and founders of legal entities and their spouses filed the declaration of
//! income and property (270.00) by 15 September instead of 240.00 by 31 March [S]. A setting
//! ([`Settings::universal_declaration`]); [`set`] turns it on or off and makes the year's form
//! rule follow, so the form drafted, the deadlines of the report and the declarations of the
//! compliance view all change with it. The form rule comes from `crates/core/assets/compliance.toml`
//! (`universal_declaration` of each year that has one) and is marked set by the user.

use super::table::ComplianceTable;
use crate::rules::RuleBook;
use crate::settings::Settings;

/// Turns the universal-declaration setting on or off: on, each year with a universal form in
/// the compliance table takes it as its form rule (marked set by the user); off, such a year
/// whose form is still that one gets the bundled form rule back. Other years are left alone.
pub fn set(settings: &mut Settings, on: bool) {
    settings.universal_declaration = on;
    let table = ComplianceTable::bundled();
    let bundled = RuleBook::bundled();
    let years: Vec<i32> = settings.rules.years().collect();
    for year in years {
        let (facts, borrowed) = table.for_year(year);
        let Some(universal) = facts
            .universal_declaration
            .as_ref()
            .filter(|_| borrowed.is_none())
        else {
            continue;
        };
        let Some(rules) = settings.rules.year_mut(year) else {
            continue;
        };
        if on {
            let mut form = universal.clone();
            form.reference.set_by_user = true;
            rules.form = form;
        } else if rules.form.code == universal.code && rules.form.due == universal.due {
            let applied = bundled.for_year(year);
            if applied.borrowed_from.is_none() {
                rules.form = applied.rules.form.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_moves_2023_and_2024_to_270_and_back() {
        let mut s = Settings::default();
        set(&mut s, true);
        assert!(s.universal_declaration);
        for (year, due, pay) in [
            (2023, "2024-09-15", "2024-09-25"),
            (2024, "2025-09-15", "2025-09-25"),
        ] {
            let f = &s.rules.for_year(year).rules.form;
            assert_eq!(
                (f.code.as_str(), f.due.to_string(), f.pay_by.to_string()),
                ("270.00", due.into(), pay.into())
            );
            assert!(f.reference.set_by_user);
        }
        // 2025 and 2026 file 270.00 anyway: untouched.
        assert_eq!(
            s.rules.for_year(2025).rules.form,
            RuleBook::bundled().for_year(2025).rules.form
        );
        set(&mut s, false);
        assert!(!s.universal_declaration);
        assert_eq!(s.rules, RuleBook::bundled());
    }
}
