//! Numbers as each language writes them: `1,234,567.89 KZT` in English, `1 234 567,89 ₸` in
//! Russian and Kazakh (narrow no-break space U+202F between thousands, comma before decimals).

use rust_decimal::Decimal;
use salyq_core::money::{fmt_grouped, round_tiyn};
use salyq_text::Lang;

/// The thousands separator of Russian and Kazakh: a narrow no-break space.
pub const NARROW_NBSP: char = '\u{202F}';

/// An amount with a thousands separator and two decimals, without a currency (`1,234.50`).
pub fn amount(lang: Lang, x: Decimal) -> String {
    localise(lang, &fmt_grouped(x))
}

/// A tenge amount with its currency: `1,234,567.89 KZT` or `1 234 567,89 ₸`.
pub fn money(lang: Lang, x: Decimal) -> String {
    match lang {
        Lang::En => format!("{} KZT", amount(lang, x)),
        Lang::Ru | Lang::Kk => format!("{}\u{a0}₸", amount(lang, x)),
    }
}

/// A whole-tenge amount with its currency: `1,234,568 KZT` or `1 234 568 ₸` (a declaration's
/// figures).
pub fn money_whole(lang: Lang, x: Decimal) -> String {
    let whole = localise(lang, &salyq_core::money::fmt_grouped_whole(x));
    match lang {
        Lang::En => format!("{whole} KZT"),
        Lang::Ru | Lang::Kk => format!("{whole}\u{a0}₸"),
    }
}

/// A quantity as precise as it was given (`0.01998`), with the language's decimal mark and
/// thousands separator.
pub fn quantity(lang: Lang, x: Decimal) -> String {
    localise(lang, &salyq_core::money::fmt_grouped_quantity(x))
}

/// A value for a chart axis or bar (tenge, as a float).
pub fn to_f64(x: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    round_tiyn(x).to_f64().unwrap_or(0.0)
}

/// Turns `1,234.5` (English marks) into the language's marks.
fn localise(lang: Lang, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::Ru | Lang::Kk => english
            .chars()
            .map(|c| match c {
                ',' => NARROW_NBSP,
                '.' => ',',
                c => c,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn english_and_russian_money() {
        assert_eq!(money(Lang::En, dec!(1234567.891)), "1,234,567.89 KZT");
        assert_eq!(
            money(Lang::Ru, dec!(1234567.891)),
            "1\u{202F}234\u{202F}567,89\u{a0}₸"
        );
        assert_eq!(money(Lang::En, dec!(-12.5)), "-12.50 KZT");
        assert_eq!(amount(Lang::Kk, dec!(90692)), "90\u{202F}692,00");
    }

    #[test]
    fn quantities_keep_their_precision() {
        assert_eq!(quantity(Lang::En, dec!(0.019980)), "0.01998");
        assert_eq!(quantity(Lang::En, dec!(6000)), "6,000");
        assert_eq!(quantity(Lang::Ru, dec!(2537.46)), "2\u{202F}537,46");
        assert_eq!(quantity(Lang::En, dec!(-1234.5)), "-1,234.5");
    }
}
