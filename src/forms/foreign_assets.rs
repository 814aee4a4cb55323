//! Rows of appendix 270.04, section B: foreign securities and digital assets acquired or
//! disposed of in the tax year (kind, quantity, identifier, date, venue's country, currency,
//! value). Digital assets are listed whatever the venue; securities when their venue is abroad.

use crate::engine::Computation;
use crate::fiat;
use crate::import::Inputs;
use crate::model::{Code, Kind, Side, Trade};
use crate::settings::Settings;
use crate::venues::Country;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// Column C of section B: what kind of property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// A digital asset.
    DigitalAsset,
    /// A security of a foreign issuer.
    ForeignSecurity,
}

impl AssetKind {
    /// The name used in exports (`digital_asset`).
    pub fn as_str(self) -> &'static str {
        match self {
            AssetKind::DigitalAsset => "digital_asset",
            AssetKind::ForeignSecurity => "foreign_security",
        }
    }
}

/// Acquired or disposed of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Acquired in the year.
    Acquired,
    /// Disposed of in the year.
    Disposed,
}

impl Operation {
    /// The name used in exports (`acquired`).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Acquired => "acquired",
            Operation::Disposed => "disposed",
        }
    }
}

/// One row of 270.04 section B.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignAsset {
    /// The trade (index into `Inputs::trades`).
    pub trade: usize,
    /// Column C.
    pub kind: AssetKind,
    /// Acquired or disposed of.
    pub operation: Operation,
    /// The asset.
    pub asset: Code,
    /// Column D: quantity.
    pub quantity: Decimal,
    /// Column E: identifier (an ISIN when the file gave one, else the ticker).
    pub identifier: String,
    /// The tax date.
    pub date: NaiveDate,
    /// The venue, as the file names it.
    pub venue: String,
    /// Where the venue counts.
    pub country: Country,
    /// The currency of the trade.
    pub currency: Code,
    /// The amount in that currency.
    pub amount: Decimal,
    /// The value in tenge.
    pub value_kzt: Decimal,
}

/// The section B rows of tax `year`, in trade order: one per asset acquired or disposed of by a
/// trade (a trade of one crypto asset for another gives two rows).
pub fn rows(year: i32, inputs: &Inputs, c: &Computation, settings: &Settings) -> Vec<ForeignAsset> {
    let mut out = Vec::new();
    for (i, (t, v)) in inputs.trades.iter().zip(&c.values).enumerate() {
        // A network fee kept as a reduction of the lot is no disposal.
        if v.tax_date.year() != year || crate::ledger::is_reduction(t) {
            continue;
        }
        let country = settings.venues.country(t.exchange.as_deref());
        let Some(kind) = listed_kind(t.kind, country) else {
            continue;
        };
        let row = |operation, asset: &Code, quantity, kind| ForeignAsset {
            trade: i,
            kind,
            operation,
            asset: asset.clone(),
            quantity,
            identifier: identifier(t, asset),
            date: v.tax_date,
            venue: t.exchange.as_deref().unwrap_or("").to_string(),
            country,
            currency: t.currency.clone(),
            amount: t.total,
            value_kzt: crate::money::round_tiyn(v.value),
        };
        let (got, gave) = match t.side {
            Side::Buy => (Operation::Acquired, Operation::Disposed),
            Side::Sell => (Operation::Disposed, Operation::Acquired),
        };
        if !fiat::is_fiat(&t.asset) {
            out.push(row(got, &t.asset, t.quantity, kind));
        }
        // The other side of a crypto-for-crypto trade is a digital asset too.
        if t.kind == Kind::Crypto && !fiat::is_fiat(&t.currency) && t.total > Decimal::ZERO {
            out.push(row(gave, &t.currency, t.total, AssetKind::DigitalAsset));
        }
    }
    out
}

fn listed_kind(kind: Kind, country: Country) -> Option<AssetKind> {
    match (kind, country) {
        (Kind::Crypto, _) => Some(AssetKind::DigitalAsset),
        (Kind::Security, Country::Abroad) => Some(AssetKind::ForeignSecurity),
        _ => None,
    }
}

/// An ISIN found in the trade's note for its own asset, else the ticker.
fn identifier(t: &Trade, asset: &Code) -> String {
    if *asset == t.asset
        && let Some(isin) = t.note.as_deref().and_then(find_isin)
    {
        return isin.to_string();
    }
    asset.to_string()
}

/// The first word shaped like an ISIN: two letters, nine letters or digits, one digit.
fn find_isin(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_ascii_alphanumeric()).find(|w| {
        let b = w.as_bytes();
        b.len() == 12
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..11]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && b[11].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isins_are_found_in_notes() {
        assert_eq!(find_isin("ISIN US0378331005"), Some("US0378331005"));
        assert_eq!(
            find_isin("bought AAPL (US0378331005) at market"),
            Some("US0378331005")
        );
        assert_eq!(find_isin("ISIN us0378331005"), None);
        assert_eq!(find_isin("TRANSFER123456"), None);
    }
}
