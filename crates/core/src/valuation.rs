//! Tenge values of trades and fees (docs/formats.md §4, "Tenge value" and "Fee value").

use crate::error::{InputError, InputErrors};
use crate::fiat;
use crate::model::Trade;
use crate::prices::PriceTable;
use crate::rates::RateTable;
use crate::settings::Settings;
pub use crate::value_gap::ValueGap;
use crate::warning::{Warning, WarningDetail};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A trade's tenge figures, at full precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TradeValue {
    /// The trade's tax date.
    pub tax_date: NaiveDate,
    /// V: the tenge value of what was exchanged.
    pub value: Decimal,
    /// F: the tenge value of the fee.
    pub fee_value: Decimal,
}

/// The values of all trades, with the warnings valuation raised.
#[derive(Debug, Clone, Default)]
pub struct Valuation {
    /// One value per trade, same order.
    pub values: Vec<TradeValue>,
    /// Stale prices used.
    pub warnings: Vec<Warning>,
}

/// Something valuation could not find, grouped over all trades that need it.
#[derive(Default)]
struct Missing {
    /// (what is missing, in words) → (first trade needing it, how many trades need it, what)
    items: BTreeMap<String, (usize, usize, ValueGap)>,
}

impl Missing {
    fn add(&mut self, what: ValueGap, trade: usize) {
        self.items.entry(what.to_string()).or_insert((trade, 0, what)).1 += 1;
    }
}

/// Values every trade in tenge. Any missing rate or price is an error listing what is missing.
pub fn value_trades(
    trades: &[Trade],
    rates: &RateTable,
    prices: &PriceTable,
    settings: &Settings,
) -> Result<Valuation, InputErrors> {
    // Trades are valued independently: large histories are split over as many threads as
    // there are cores, and the parts joined in order.
    let parts = crate::threads().min(trades.len() / 25_000).max(1);
    let ranges = crate::split_ranges(trades.len(), parts);
    let mut results = crate::on_threads(ranges, |r| {
        let from = r.start;
        value_range(&trades[r], from, rates, prices, settings)
    })
    .into_iter();
    let (mut out, mut missing) = results.next().unwrap_or_default();
    // The first part's values become the whole list: grown once, the others appended in order.
    out.values.reserve_exact(trades.len() - out.values.len());
    for (part, part_missing) in results {
        out.values.extend(part.values);
        out.warnings.extend(part.warnings);
        for (key, (first, count, what)) in part_missing.items {
            let e = missing.items.entry(key).or_insert((first, 0, what));
            e.1 += count;
        }
    }
    if missing.items.is_empty() {
        return Ok(out);
    }
    let mut items: Vec<(usize, usize, ValueGap)> = missing.items.into_values().collect();
    items.sort_by_key(|(first, _, _)| *first);
    let errors = items
        .into_iter()
        .map(|(first, count, gap)| InputError::cannot_value(&trades[first].source(), count, gap))
        .collect();
    Err(InputErrors(errors))
}

/// `a × b`, or an error when the result is beyond 10^20 tenge (so that sums of millions of
/// values stay far from `Decimal`'s limit).
fn mul(a: Decimal, b: Decimal) -> Result<Decimal, ValueGap> {
    a.checked_mul(b)
        .filter(|v| v.abs() <= Decimal::from_i128_with_scale(100_000_000_000_000_000_000, 0))
        .ok_or(ValueGap::TooLarge(a, b))
}

/// Values `trades`, whose first element is trade number `offset`.
fn value_range(
    trades: &[Trade],
    offset: usize,
    rates: &RateTable,
    prices: &PriceTable,
    settings: &Settings,
) -> (Valuation, Missing) {
    let mut out = Valuation {
        values: Vec::with_capacity(trades.len()),
        warnings: Vec::new(),
    };
    let mut missing = Missing::default();
    for (k, t) in trades.iter().enumerate() {
        let i = offset + k;
        let v = Valuer {
            rates,
            prices,
            settings,
            tax_date: t.tax_date(settings.tz),
        };
        match v.trade(t) {
            Ok((value, fee_value, stale)) => {
                out.values.push(TradeValue {
                    tax_date: v.tax_date,
                    value,
                    fee_value,
                });
                for p in stale {
                    out.warnings.push(Warning::new(
                        WarningDetail::StalePrice {
                            asset: p.asset,
                            date: v.tax_date,
                            used: p.date,
                        },
                        Some(t.source()),
                        Some(i),
                    ));
                }
            }
            Err(what) => {
                missing.add(what, i);
                out.values.push(TradeValue {
                    tax_date: v.tax_date,
                    value: Decimal::ZERO,
                    fee_value: Decimal::ZERO,
                });
            }
        }
    }
    (out, missing)
}

struct StaleUse {
    asset: String,
    date: NaiveDate,
}

struct Valuer<'a> {
    rates: &'a RateTable,
    prices: &'a PriceTable,
    settings: &'a Settings,
    tax_date: NaiveDate,
}

impl Valuer<'_> {
    /// V, F and any stale prices used, or a description of what is missing.
    fn trade(&self, t: &Trade) -> Result<(Decimal, Decimal, Vec<StaleUse>), ValueGap> {
        let mut stale = Vec::new();
        let value = if fiat::is_fiat(&t.currency) {
            mul(t.total, self.fiat_rate(&t.currency)?)?
        } else if fiat::is_fiat(&t.asset) {
            mul(t.quantity, self.fiat_rate(&t.asset)?)?
        } else if let Some(u) = self.unit_value(&t.currency, &mut stale)? {
            mul(t.total, u)?
        } else if let Some(u) = self.unit_value(&t.asset, &mut stale)? {
            mul(t.quantity, u)?
        } else {
            return Err(ValueGap::NoPrice {
                asset: t.asset.to_string(),
                currency: t.currency.to_string(),
                date: self.tax_date,
            });
        };
        let fee_value = if t.fee.is_zero() {
            Decimal::ZERO
        } else if fiat::is_fiat(&t.fee_currency) {
            mul(t.fee, self.fiat_rate(&t.fee_currency)?)?
        } else if t.fee_currency == t.currency && !t.total.is_zero() {
            mul(t.fee, value / t.total)?
        } else if t.fee_currency == t.asset {
            mul(t.fee, value / t.quantity)?
        } else if let Some(u) = self.unit_value(&t.fee_currency, &mut stale)? {
            mul(t.fee, u)?
        } else {
            return Err(ValueGap::NoFeePrice {
                asset: t.fee_currency.to_string(),
                date: self.tax_date,
            });
        };
        Ok((value, fee_value, stale))
    }

    fn fiat_rate(&self, currency: &str) -> Result<Decimal, ValueGap> {
        let rule = self
            .settings
            .rules
            .for_year(self.tax_date.year())
            .rules
            .fx_rule
            .value;
        self.rates
            .rate(currency, self.tax_date, rule)
            .map(|r| r.kzt_per_unit)
            .map_err(|m| ValueGap::NoRate {
                currency: m.currency,
                wanted: m.wanted,
                rule,
            })
    }

    /// Tenge per unit of a non-fiat asset: at par for stablecoins, else from the price table.
    fn unit_value(&self, asset: &str, stale: &mut Vec<StaleUse>) -> Result<Option<Decimal>, ValueGap> {
        if self.settings.stablecoins_at_par && fiat::is_usd_stablecoin(asset) {
            return self.fiat_rate("USD").map(Some);
        }
        match self
            .prices
            .price_on(asset, self.tax_date, self.settings.price_basis)
        {
            None => Ok(None),
            Some(p) => {
                if p.date != self.tax_date {
                    stale.push(StaleUse {
                        asset: asset.to_string(),
                        date: p.date,
                    });
                }
                Ok(Some(mul(p.price, self.fiat_rate(&p.currency)?)?))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;
    use crate::model::testing::trade;
    use rust_decimal_macros::dec;

    fn tables() -> (RateTable, PriceTable) {
        let mut rates = RateTable::default();
        let d = |s| crate::parse::date(s).unwrap();
        rates.insert_daily("USD", d("2024-05-02"), dec!(440));
        rates.insert_annual("USD", 2025, dec!(500));
        let mut prices = PriceTable::default();
        prices.insert("BNB", d("2025-03-07"), dec!(600), "USD");
        prices.insert("ETH", d("2025-03-07"), dec!(2000), "USD");
        (rates, prices)
    }

    #[test]
    fn values_from_the_fiat_side_at_the_previous_business_day() {
        let (rates, prices) = tables();
        // 2024-05-03 10:00 +05:00 → rate of 2 May: 100 USD × 440 = 44,000; fee 1 USD = 440.
        let t = trade(Side::Buy, "AAPL", dec!(1), dec!(100), "USD")
            .with_fee(dec!(1), "USD")
            .at("2024-05-03T05:00:00Z");
        let v = value_trades(&[t], &rates, &prices, &Settings::default()).unwrap();
        assert_eq!(v.values[0].value, dec!(44000));
        assert_eq!(v.values[0].fee_value, dec!(440));
    }

    #[test]
    fn stablecoins_at_par_and_fees_at_the_trade_implied_price() {
        let (rates, prices) = tables();
        // 0.1 BTC for 6,000 USDT in 2025: USDT at par = 1 USD = 500 KZT → V = 3,000,000.
        // Fee 0.0001 BTC at the trade's own price (V / 0.1 = 30,000,000 per BTC) = 3,000.
        let t = trade(Side::Buy, "BTC", dec!(0.1), dec!(6000), "USDT").with_fee(dec!(0.0001), "BTC");
        let v = value_trades(std::slice::from_ref(&t), &rates, &prices, &Settings::default()).unwrap();
        assert_eq!(v.values[0].value, dec!(3000000));
        assert_eq!(v.values[0].fee_value, dec!(3000));
        // A fee of 0.01 BNB from the price table: 0.01 × 600 USD × 500 = 3,000.
        let t2 = Trade {
            fee: dec!(0.01),
            fee_currency: crate::model::Code::from("BNB"),
            ..t
        };
        let v2 = value_trades(&[t2], &rates, &prices, &Settings::default()).unwrap();
        assert_eq!(v2.values[0].fee_value, dec!(3000));
    }

    #[test]
    fn crypto_to_crypto_uses_the_price_table() {
        let (rates, prices) = tables();
        // 1 SOL bought for 0.05 ETH: no fiat side, SOL has no price, ETH does:
        // 0.05 × 2,000 USD × 500 = 50,000.
        let t = trade(Side::Buy, "SOL", dec!(1), dec!(0.05), "ETH");
        let v = value_trades(&[t], &rates, &prices, &Settings::default()).unwrap();
        assert_eq!(v.values[0].value, dec!(50000));
    }

    #[test]
    fn missing_rates_and_prices_are_errors_that_say_what_is_missing() {
        let (rates, prices) = tables();
        let t1 = trade(Side::Buy, "AAPL", dec!(1), dec!(100), "USD").at("2024-01-10T10:00:00Z");
        let t2 = trade(Side::Buy, "SOL", dec!(1), dec!(1), "XRP");
        let settings = Settings {
            stablecoins_at_par: false,
            ..Settings::default()
        };
        let t3 = trade(Side::Buy, "BTC", dec!(1), dec!(1), "USDT");
        let err = value_trades(&[t1, t2, t3], &rates, &prices, &settings).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("no official USD rate: need a daily rate published before 2024-01-10"),
            "{text}"
        );
        assert!(text.contains("neither SOL nor XRP is fiat"), "{text}");
        assert!(text.contains("neither BTC nor USDT is fiat"), "{text}");
        assert_eq!(err.0.len(), 3);
    }
}
