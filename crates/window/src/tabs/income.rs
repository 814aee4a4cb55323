//! The Summary's income table: foreign dividends and interest per tax year in tenge with the
//! tax withheld abroad (the figures of 270.01 B_1_4 and B_1_5 and the credit I), read from the
//! broker reports. Shown only when the inputs hold such payments.

use crate::fmt;
use crate::i18n::{Lang, Text};
use rust_decimal::Decimal;
use salyq_core::income::YearIncome;

/// Draws the table for the year shown (`None`: every year); nothing without payments.
pub fn ui(ui: &mut egui::Ui, income: &[YearIncome], year: Option<i32>, lang: Lang) {
    let years: Vec<&YearIncome> = income
        .iter()
        .filter(|y| year.is_none_or(|want| y.year == want))
        .collect();
    if years.is_empty() {
        return;
    }
    let money = |x: Decimal| fmt::money(lang, x);
    ui.strong(lang.t(Text::IncomeTitle));
    egui::Grid::new("income")
        .striped(true)
        .num_columns(years.len() + 1)
        .min_col_width(crate::cells::YEAR_COLUMN)
        .spacing([24.0, 6.0])
        .show(ui, |ui| {
            ui.label(lang.t(Text::IncomeYear));
            for y in &years {
                crate::cells::year_cell(ui, egui::RichText::new(y.year.to_string()).strong());
            }
            ui.end_row();
            type Cell<'a> = &'a dyn Fn(&YearIncome) -> String;
            let rows: [(Text, Cell<'_>); 7] = [
                (Text::IncomeDividends, &|y| money(y.dividends)),
                (Text::IncomeDividendsTax, &|y| money(y.dividends_tax)),
                (Text::IncomeInterest, &|y| money(y.interest)),
                (Text::IncomeInterestTax, &|y| money(y.interest_tax)),
                (Text::IncomeDomestic, &|y| money(y.domestic)),
                (Text::IncomePayments, &|y| y.payments.to_string()),
                (Text::IncomeRate, &|y| {
                    lang.t(if y.rate_rule == "annual_average" {
                        Text::IncomeAverage
                    } else {
                        Text::IncomePreviousDay
                    })
                    .to_string()
                }),
            ];
            for (w, value) in rows {
                ui.label(lang.t(w));
                for y in &years {
                    crate::cells::year_cell(ui, value(y));
                }
                ui.end_row();
            }
        });
    ui.weak(lang.t(Text::IncomeNote));
}
