//! Rows of appendix 270.04, section B: foreign securities and digital assets acquired or
//! disposed of in the tax year (kind, quantity, identifier, date, venue's country, currency,
//! value). Digital assets are listed whatever the venue; securities when their issuer is foreign
//! (the ISIN's country, else the venue's: [`issuer::foreign_issuer`]), whatever the broker.

use crate::compliance::issuer;
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
    /// For a security: the issuer's country the user set for it (an override), which column G
    /// gives instead of the ISIN's.
    pub issuer_country_set: Option<String>,
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
        let Some(kind) = listed_kind(t, country, &settings.overrides) else {
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
            issuer_country_set: (kind == AssetKind::ForeignSecurity)
                .then(|| issuer::issuer_country(t, &settings.overrides))
                .flatten()
                .filter(|(_, b)| *b == issuer::IssuerBasis::User)
                .map(|(c, _)| c.to_string()),
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

fn listed_kind(t: &Trade, country: Country, overrides: &[crate::overrides::Override]) -> Option<AssetKind> {
    match t.kind {
        Kind::Crypto => Some(AssetKind::DigitalAsset),
        Kind::Security if issuer::foreign_issuer(t, country, overrides).0 => Some(AssetKind::ForeignSecurity),
        _ => None,
    }
}

/// An ISIN found in the trade's note for its own asset, else the ticker.
fn identifier(t: &Trade, asset: &Code) -> String {
    if *asset == t.asset
        && let Some(isin) = t.note.as_deref().and_then(issuer::find_isin)
    {
        return isin.to_string();
    }
    asset.to_string()
}

/// One row of 270.04 section E: a digital asset or a security of a foreign issuer held on
/// 31 December, per asset and venue (the compliance view's holdings).
#[derive(Debug, Clone, PartialEq)]
pub struct YearEndHolding {
    /// What kind of property.
    pub kind: AssetKind,
    /// The asset.
    pub asset: Code,
    /// An ISIN from the trade's note, else the ticker.
    pub identifier: String,
    /// Units held.
    pub quantity: Decimal,
    /// The venue, as the file names it (empty: none).
    pub venue: String,
    /// Where the venue counts.
    pub country: Country,
    /// The value on 31 December in tenge (year-end price at the year-end rate), or the
    /// remaining cost when there is no price (`at_cost`); to 0.01.
    pub value_kzt: Decimal,
    /// True when `value_kzt` is the cost, for want of a year-end price.
    pub at_cost: bool,
    /// For a security: the issuer's country the user set for it (an override), which column G
    /// gives instead of the ISIN's.
    pub issuer_country_set: Option<String>,
}

/// The section E rows of tax `year`: open lots on 31 December of digital assets (any venue)
/// and of securities of foreign issuers, as the compliance view groups them. Empty when the
/// trades up to that day cannot be matched again (the computation would have failed first).
pub fn year_end(year: i32, inputs: &Inputs, c: &Computation, settings: &Settings) -> Vec<YearEndHolding> {
    use crate::compliance::holdings;
    let Ok(lots) = holdings::open_lots(inputs, c, settings, year) else {
        return Vec::new();
    };
    holdings::rows(&lots, inputs, settings, year)
        .into_iter()
        .filter_map(|h| {
            let kind = match (h.kind, h.foreign_issuer) {
                (Kind::Crypto, _) => AssetKind::DigitalAsset,
                (Kind::Security, Some((true, _))) => AssetKind::ForeignSecurity,
                _ => return None,
            };
            Some(YearEndHolding {
                kind,
                identifier: h.isin.clone().unwrap_or_else(|| h.asset.to_string()),
                asset: h.asset.clone(),
                quantity: h.quantity,
                venue: h.venue.clone().unwrap_or_default(),
                country: h.country,
                value_kzt: h.amount(),
                at_cost: h.value.is_none(),
                issuer_country_set: h.issuer_country_set.clone(),
            })
        })
        .collect()
}
