//! Year-end holdings per asset and venue: quantity and remaining cost of the open lots on
//! 31 December (tax date), and their value from the price table at the official rate — what a
//! holder lists on appendix 270.04 and on the assets declaration (250.00).

use crate::engine::Computation;
use crate::error::InputErrors;
use crate::fiat;
use crate::import::Inputs;
use crate::matching::Holding;
use crate::model::{Code, Kind};
use crate::money::round_tiyn;
use crate::rates::RateTable;
use crate::rules::FxRule;
use crate::settings::Settings;
use crate::venues::{Country, LicenceStatus};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What is held of one asset on one venue at the end of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldingRow {
    /// The asset.
    pub asset: Code,
    /// Its kind.
    pub kind: Kind,
    /// The venue of the trades that created the lots (`None`: trades with no venue).
    pub venue: Option<String>,
    /// Where the venue counts.
    pub country: Country,
    /// The venue's licence status.
    pub status: LicenceStatus,
    /// Units held.
    pub quantity: Decimal,
    /// Remaining cost of the open lots in tenge, rounded half-up to 0.01.
    pub cost: Decimal,
    /// How many open lots.
    pub lots: usize,
    /// Value on 31 December, when the price table has a price.
    pub value: Option<YearEndValue>,
    /// For a security: whether its issuer is foreign, and how that was found (from the first
    /// open lot's trade: [`super::issuer::foreign_issuer`]); `None` for other kinds.
    pub foreign_issuer: Option<(bool, super::issuer::IssuerBasis)>,
    /// An ISIN found in the note of the first open lot's trade.
    pub isin: Option<String>,
    /// For a security: the issuer's country the user set for it (an override), if any.
    pub issuer_country_set: Option<String>,
}

impl HoldingRow {
    /// The tenge amount compared with thresholds: the value, or the cost when there is no price.
    pub fn amount(&self) -> Decimal {
        self.value.as_ref().map_or(self.cost, |v| v.value_kzt)
    }
}

/// A holding's value at the end of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearEndValue {
    /// Price of one unit.
    pub price: Decimal,
    /// The price's currency.
    pub currency: String,
    /// The day of the price (31 December, or up to 7 days before).
    pub price_date: NaiveDate,
    /// True when a USD stablecoin is taken at 1 USD (no price needed).
    pub at_par: bool,
    /// Official rate, tenge per unit of `currency`.
    pub rate: Decimal,
    /// The rate's publication date (`None`: the year's annual average).
    pub rate_date: Option<NaiveDate>,
    /// quantity × price × rate, rounded half-up to 0.01.
    pub value_kzt: Decimal,
}

/// 31 December of `year`.
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The open lots on 31 December of `year` (tax date). When no trade is later, they are the
/// computation's own holdings; otherwise the trades up to that day are matched again (matching
/// is causal, so this is the state the full run passed through).
pub fn open_lots<'a>(
    inputs: &Inputs,
    computation: &'a Computation,
    settings: &Settings,
    year: i32,
) -> Result<Cow<'a, [Holding]>, InputErrors> {
    let last = year_end(year);
    if computation.values.iter().all(|v| v.tax_date <= last) {
        return Ok(Cow::Borrowed(&computation.holdings));
    }
    // FIFO and the tax-haven flags, as the computation's own (declared) holdings.
    let m = crate::engine::match_trades(
        &inputs.trades,
        &computation.values,
        settings,
        crate::settings::Method::Fifo,
        Some(last),
    )?;
    Ok(Cow::Owned(m.holdings))
}

/// The open lots grouped by asset and venue, valued at the end of `year`.
pub fn rows(holdings: &[Holding], inputs: &Inputs, settings: &Settings, year: i32) -> Vec<HoldingRow> {
    #[derive(Default)]
    struct Acc {
        quantity: Decimal,
        cost: Decimal,
        lots: usize,
        first_trade: usize,
    }
    let mut out = Vec::new();
    for h in holdings {
        let mut by_venue: BTreeMap<Option<&str>, Acc> = BTreeMap::new();
        for lot in &h.lots {
            let venue = inputs.trades.get(lot.trade).and_then(|t| t.exchange.as_deref());
            let acc = by_venue.entry(venue).or_default();
            if acc.lots == 0 {
                acc.first_trade = lot.trade;
            }
            acc.quantity += lot.quantity;
            acc.cost += lot.cost;
            acc.lots += 1;
        }
        for (venue, acc) in by_venue {
            let country = settings.venues.country(venue);
            let first = inputs.trades.get(acc.first_trade);
            let foreign_issuer = match (h.kind, first) {
                (Kind::Security, Some(t)) => {
                    Some(super::issuer::foreign_issuer(t, country, &settings.overrides))
                }
                _ => None,
            };
            let isin = first
                .filter(|t| t.asset == h.asset)
                .and_then(|t| t.note.as_deref())
                .and_then(super::issuer::find_isin)
                .map(str::to_string);
            out.push(HoldingRow {
                asset: h.asset.clone(),
                kind: h.kind,
                venue: venue.map(str::to_string),
                country,
                status: settings.venues.status(venue),
                quantity: acc.quantity,
                cost: round_tiyn(acc.cost),
                lots: acc.lots,
                value: value_at_year_end(&h.asset, acc.quantity, inputs, settings, year),
                foreign_issuer,
                isin,
                issuer_country_set: first
                    .filter(|_| h.kind == Kind::Security)
                    .and_then(|t| super::issuer::issuer_country(t, &settings.overrides))
                    .filter(|(_, b)| *b == super::issuer::IssuerBasis::User)
                    .map(|(c, _)| c.to_string()),
            });
        }
    }
    out
}

/// The official rate of `currency` at the end of `year`: the latest daily rate published in
/// the year's last 10 days, else the year's annual average.
pub fn year_end_rate(rates: &RateTable, currency: &str, year: i32) -> Option<crate::rates::Rate> {
    let last = year_end(year);
    let next = last.succ_opt().unwrap_or(last);
    rates
        .rate(currency, next, FxRule::PreviousBusinessDay)
        .or_else(|_| rates.rate(currency, last, FxRule::AnnualAverage))
        .ok()
}

/// `quantity` of `asset` valued on 31 December of `year`: a USD stablecoin at 1 USD when
/// stablecoins are at par, else the price table (up to 7 days back), at the year-end rate.
pub fn value_at_year_end(
    asset: &str,
    quantity: Decimal,
    inputs: &Inputs,
    settings: &Settings,
    year: i32,
) -> Option<YearEndValue> {
    let last = year_end(year);
    let (price, currency, price_date, at_par) =
        if settings.stablecoins_at_par && fiat::is_usd_stablecoin(asset) {
            (Decimal::ONE, "USD".to_string(), last, true)
        } else {
            let p = inputs.prices.price(asset, last)?;
            (p.price, p.currency.to_string(), p.date, false)
        };
    let rate = year_end_rate(&inputs.rates, &currency, year)?;
    let value = quantity.checked_mul(price)?.checked_mul(rate.kzt_per_unit)?;
    Some(YearEndValue {
        price,
        currency,
        price_date,
        at_par,
        rate: rate.kzt_per_unit,
        rate_date: rate.date,
        value_kzt: round_tiyn(value),
    })
}
