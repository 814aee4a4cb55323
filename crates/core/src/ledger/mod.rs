//! The whole ledger: what a history holds besides trades — transfers between the user's own
//! accounts, rewards, purchases whose price is elsewhere, opening positions, futures results —
//! and what each does to the lots (docs/formats.md §5).
//!
//! Importers put [`Entry`]s into [`Inputs::ledger`] beside the trades. [`crate::engine::apply`] makes the
//! effective inputs (the overrides applied, then the ledger): it pairs withdrawals with
//! deposits ([`transfers`]), checks every venue's balance ([`balance`]), and appends the trades
//! the entries make (after the loaded ones, so the loaded trades keep their indices):
//!
//! | entry | trade made | warning |
//! |---|---|---|
//! | reward | a buy for 0 KZT (or, when the year's rule is `value`, for its value on the day) | — |
//! | deposit paired with a withdrawal | none: the lots stay as they are | — |
//! | network fee of a pair, fee only | a reduction of the lot (or, `dispose`, a sale at its value) | — |
//! | deposit not paired | a buy for 0 KZT | unknown origin, at the deposit |
//! | withdrawal not paired | none (the coins stay the user's) | unpaired withdrawal |
//! | purchase without price | a buy for 0 KZT | unknown cost, at the row |
//! | sale without price | a sale at the day's value | when there is no price |
//! | opening position | a buy for its cost | — |
//! | futures, venue debits | none (reported apart / balance only) | — |
//!
//! Each trade made carries the entry's source (file:line), so a lot made by a reward names the
//! reward's row. The outcome ([`Outcome`]) stays with the effective inputs; the computation's
//! [`Summary`] adds the yearly figures.

pub mod balance;
pub mod binance;
pub mod events;
pub mod report;
pub mod rules;
pub mod transfers;

/// The readers of the ledger's own files live with the other importers.
pub use crate::import::{bybit_funding as bybit, opening};
use events::source_text;
pub use events::{
    ApartKind, Entry, EntryKind, Ledger, Made, MadeTrade, Outcome, REDUCTION_ID, RewardKind, is_reduction,
};
pub use rules::{FeeTreatment, LedgerSettings, RewardCost};

use crate::exemptions::TradeKey;
use crate::fiat;
use crate::import::Inputs;
use crate::matching::Disposal;
use crate::model::{Code, Kind, Shared, Side, Source, Trade, TradeId};
use crate::overrides::{self, Change};
use crate::prices::PriceTable;
use crate::settings::Settings;
use crate::warning::{Warning, WarningDetail};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The user's pairing decisions in `list` (the latest decision on a pair wins).
pub fn decisions(list: &[overrides::Override]) -> transfers::Decisions {
    let mut d = transfers::Decisions::default();
    for o in list {
        match &o.change {
            Change::PairTransfer { withdrawal, deposit } => {
                let key = (withdrawal.clone(), deposit.clone());
                d.unpaired.remove(&key);
                d.paired.retain(|p| *p != key);
                d.paired.push(key);
            }
            Change::UnpairTransfer { withdrawal, deposit } => {
                let key = (withdrawal.clone(), deposit.clone());
                d.paired.retain(|p| *p != key);
                d.unpaired.insert(key);
            }
            _ => {}
        }
    }
    d
}

/// Drops an entry repeated in another file (same instant, venue, coin, kind and quantity): the
/// overlapping exports users bring.
fn dedupe(entries: &[Entry]) -> (Vec<Entry>, usize) {
    type Key<'a> = (
        chrono::DateTime<chrono::Utc>,
        &'a str,
        &'a str,
        &'static str,
        Decimal,
    );
    let mut seen: FxHashMap<Key<'_>, &Shared> = FxHashMap::default();
    let mut out = Vec::with_capacity(entries.len());
    let mut dropped = 0;
    for e in entries {
        let key = (
            e.utc(),
            e.venue_name(),
            &*e.asset,
            e.kind.as_str(),
            e.quantity.normalize(),
        );
        match seen.get(&key) {
            Some(file) if **file != e.source.file => dropped += 1,
            _ => {
                seen.entry(key).or_insert(&e.source.file);
                out.push(e.clone());
            }
        }
    }
    (out, dropped)
}

/// A coin's value on a day in a fiat currency: a USD stablecoin at par (when the setting says
/// so), else the price table.
fn market(
    prices: &PriceTable,
    settings: &Settings,
    asset: &str,
    quantity: Decimal,
    date: NaiveDate,
) -> Option<(Decimal, Code)> {
    if settings.stablecoins_at_par && fiat::is_usd_stablecoin(asset) {
        return Some((quantity, Code::from("USD")));
    }
    let p = prices.price(asset, date)?;
    Some((quantity.checked_mul(p.price)?, p.currency))
}

fn made_trade(
    e: &Entry,
    side: Side,
    quantity: Decimal,
    total: Decimal,
    currency: Code,
    id: Option<&str>,
) -> Trade {
    Trade {
        file: e.source.file.clone(),
        line: crate::model::line32(e.source.line),
        time: e.time,
        side,
        asset: e.asset.clone(),
        quantity,
        total,
        currency: currency.clone(),
        fee: Decimal::ZERO,
        fee_currency: currency,
        exchange: e.venue.clone(),
        id: id
            .map(TradeId::from)
            .or_else(|| e.id.as_deref().map(TradeId::from)),
        kind: Kind::Crypto,
        note: Some(
            match &e.note {
                Some(n) => format!("{}: {n}", e.kind.as_str()),
                None => e.kind.as_str().to_string(),
            }
            .into(),
        ),
    }
}

/// The trades made so far.
struct Builder {
    base: usize,
    trades: Vec<Trade>,
    made: Vec<MadeTrade>,
    warnings: Vec<Warning>,
}

impl Builder {
    fn push(
        &mut self,
        k: usize,
        e: &Entry,
        t: Trade,
        why: Made,
        market: Option<(Decimal, Code)>,
        warn: Option<WarningDetail>,
    ) {
        let trade = self.base + self.trades.len();
        if let Some(w) = warn {
            self.warnings
                .push(Warning::new(w, Some(e.source.clone()), Some(trade)));
        }
        self.trades.push(t);
        self.made.push(MadeTrade {
            trade,
            entry: k,
            why,
            market,
        });
    }

    fn warn(&mut self, e: &Entry, w: WarningDetail) {
        self.warnings.push(Warning::new(w, Some(e.source.clone()), None));
    }
}

/// The trade of a network fee of `fee` units paid on entry `e`.
fn fee_trade(b: &mut Builder, k: usize, e: &Entry, fee: Decimal, prices: &PriceTable, settings: &Settings) {
    if fee <= Decimal::ZERO {
        return;
    }
    let date = e.time.with_timezone(&settings.tz).date_naive();
    let kzt: Code = Code::from(fiat::KZT);
    let reduce = made_trade(e, Side::Sell, fee, Decimal::ZERO, kzt, Some(REDUCTION_ID));
    match settings.ledger.network_fee(date.year()) {
        FeeTreatment::Reduce => b.push(k, e, reduce, Made::NetworkFee, None, None),
        FeeTreatment::Dispose => match market(prices, settings, &e.asset, fee, date) {
            Some((total, cur)) => {
                let t = made_trade(e, Side::Sell, fee, total, cur, None);
                b.push(k, e, t, Made::NetworkFee, None, None);
            }
            None => b.push(
                k,
                e,
                reduce,
                Made::NetworkFee,
                None,
                Some(WarningDetail::LedgerNoPrice {
                    asset: e.asset.to_string(),
                    date,
                    what: "network fee (kept as a reduction of the lot)".into(),
                }),
            ),
        },
    }
}

/// Appends the trades the ledger makes to `eff` and records the outcome (the engine calls it
/// after the overrides, [`crate::engine::apply`]).
pub fn expand(eff: &mut Inputs, settings: &Settings) {
    let (entries, duplicates) = dedupe(&eff.ledger.entries);
    let ls = &settings.ledger;
    let pairs = transfers::pair(&entries, &decisions(&settings.overrides), ls);
    let loaded = eff.trades.len();
    let gaps = balance::check(&eff.trades, &entries, settings.tz);
    let mut paired_out: FxHashMap<usize, Decimal> = FxHashMap::default();
    let mut paired_in = vec![false; entries.len()];
    for p in &pairs {
        paired_out.insert(p.out, p.fee);
        paired_in[p.into] = true;
    }
    // Rows the user entered the purchase of (an entered purchase `for` a deposit): that
    // purchase is their lot, so they make none of unknown cost.
    let entered: rustc_hash::FxHashSet<&TradeKey> = settings
        .overrides
        .iter()
        .filter_map(|o| match &o.change {
            Change::AddPurchase {
                for_trade: Some(k), ..
            } => Some(k),
            _ => None,
        })
        .collect();
    let explained = |e: &Entry| !entered.is_empty() && entered.contains(&TradeKey::of(&e.source));
    let kzt: Code = Code::from(fiat::KZT);
    let prices = &eff.prices;
    let mut b = Builder {
        base: loaded,
        trades: Vec::new(),
        made: Vec::new(),
        warnings: Vec::new(),
    };
    for (k, e) in entries.iter().enumerate() {
        let date = e.time.with_timezone(&settings.tz).date_naive();
        let venue = || e.venue_name().to_string();
        let zero_buy = || made_trade(e, Side::Buy, e.quantity, Decimal::ZERO, kzt.clone(), None);
        match &e.kind {
            EntryKind::Reward(_) => {
                let value = market(prices, settings, &e.asset, e.quantity, date);
                let by_value = ls.reward_cost(date.year()) == RewardCost::Value;
                let (t, warn) = match &value {
                    Some((total, cur)) if by_value => (
                        made_trade(e, Side::Buy, e.quantity, *total, cur.clone(), None),
                        None,
                    ),
                    None if by_value => (
                        zero_buy(),
                        Some(WarningDetail::LedgerNoPrice {
                            asset: e.asset.to_string(),
                            date,
                            what: "reward (cost 0 kept)".into(),
                        }),
                    ),
                    _ => (zero_buy(), None),
                };
                b.push(k, e, t, Made::Reward, value, warn);
            }
            EntryKind::TransferIn | EntryKind::Purchase { .. } if explained(e) => {}
            EntryKind::TransferIn if !paired_in[k] => {
                let w = WarningDetail::UnknownOrigin {
                    asset: e.asset.to_string(),
                    quantity: e.quantity,
                    venue: venue(),
                    date,
                    how: None,
                };
                b.push(k, e, zero_buy(), Made::UnknownOrigin, None, Some(w));
            }
            EntryKind::TransferIn => {}
            EntryKind::TransferOut => match paired_out.get(&k) {
                Some(&fee) => fee_trade(&mut b, k, e, fee, prices, settings),
                None => {
                    b.warn(
                        e,
                        WarningDetail::UnpairedWithdrawal {
                            asset: e.asset.to_string(),
                            quantity: e.quantity,
                            venue: venue(),
                            date,
                        },
                    );
                    fee_trade(&mut b, k, e, e.fee, prices, settings);
                }
            },
            EntryKind::FeeOnly => fee_trade(&mut b, k, e, e.quantity, prices, settings),
            EntryKind::Purchase { how } => {
                let w = WarningDetail::UnknownOrigin {
                    asset: e.asset.to_string(),
                    quantity: e.quantity,
                    venue: venue(),
                    date,
                    how: Some(how.to_string()),
                };
                b.push(k, e, zero_buy(), Made::UnknownCost, None, Some(w));
            }
            EntryKind::Sale { how } => match market(prices, settings, &e.asset, e.quantity, date) {
                Some((total, cur)) => {
                    let t = made_trade(e, Side::Sell, e.quantity, total, cur, None);
                    b.push(k, e, t, Made::Sale, None, None);
                }
                None => b.warn(
                    e,
                    WarningDetail::LedgerNoPrice {
                        asset: e.asset.to_string(),
                        date,
                        what: format!("sale ({how}), not counted"),
                    },
                ),
            },
            EntryKind::Opening { cost, currency } => {
                let t = made_trade(e, Side::Buy, e.quantity, *cost, currency.clone(), None);
                b.push(k, e, t, Made::Opening, None, None);
            }
            EntryKind::Apart(_) | EntryKind::Debit { .. } => {}
        }
    }
    for g in &gaps {
        b.warnings.push(Warning::new(
            WarningDetail::BalanceGap {
                venue: g.venue.clone(),
                asset: g.asset.clone(),
                quantity: g.quantity,
                date: g.date,
                stated: g.stated,
            },
            Some(g.source.clone()),
            None,
        ));
    }
    eff.trades.append(&mut b.trades);
    eff.warnings.append(&mut b.warnings);
    eff.ledger.outcome = Some(Arc::new(Outcome {
        entries,
        duplicates,
        pairs,
        made: b.made,
        gaps,
        loaded,
    }));
}

/// One move of a lot: withdrawn on `from`, deposited on `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// The venue it left.
    pub from: String,
    /// The venue it arrived on.
    pub to: String,
    /// The withdrawal's row.
    #[serde(serialize_with = "source_text")]
    pub withdrawal: Source,
    /// The deposit's row.
    #[serde(serialize_with = "source_text")]
    pub deposit: Source,
    /// The deposit's tax date.
    pub date: NaiveDate,
}

/// The path of a lot from the venue where it was acquired (trade `lot`) to the venue of the
/// disposal (trade `sale`), through the paired transfers of that coin between the two dates:
/// empty when both are on one venue or no chain of transfers joins them. `trades` are the
/// effective trades.
pub fn path(inputs: &Inputs, lot: usize, sale: usize, tz: chrono::FixedOffset) -> Vec<Hop> {
    let Some(out) = &inputs.ledger.outcome else {
        return Vec::new();
    };
    let (Some(l), Some(s)) = (inputs.trades.get(lot), inputs.trades.get(sale)) else {
        return Vec::new();
    };
    let name = |v: &Option<Code>| v.as_deref().unwrap_or(events::NO_VENUE).to_string();
    let target = name(&s.exchange);
    let mut here = name(&l.exchange);
    let mut since = l.utc();
    let mut hops = Vec::new();
    while here != target && hops.len() < 8 {
        let next = out.pairs.iter().find(|p| {
            let (w, d) = (&out.entries[p.out], &out.entries[p.into]);
            w.asset == l.asset && w.venue_name() == here && w.utc() >= since && d.utc() <= s.utc()
        });
        let Some(p) = next else { return Vec::new() };
        let (w, d) = (&out.entries[p.out], &out.entries[p.into]);
        hops.push(Hop {
            from: here.clone(),
            to: d.venue_name().to_string(),
            withdrawal: w.source.clone(),
            deposit: d.source.clone(),
            date: d.time.with_timezone(&tz).date_naive(),
        });
        here = d.venue_name().to_string();
        since = d.utc();
    }
    if here == target { hops } else { Vec::new() }
}

/// A paired transfer, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairView {
    /// The coin.
    pub asset: String,
    /// What left the first venue (network fee included).
    pub quantity: Decimal,
    /// The network fee.
    pub fee: Decimal,
    /// The venue it left.
    pub from: String,
    /// The venue it arrived on.
    pub to: String,
    /// The withdrawal's row.
    #[serde(serialize_with = "source_text")]
    pub withdrawal: Source,
    /// The deposit's row.
    #[serde(serialize_with = "source_text")]
    pub deposit: Source,
    /// True when the user made the pair.
    pub by_user: bool,
}

/// A yearly total kept apart from property income (futures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApartSum {
    /// What it is.
    pub kind: ApartKind,
    /// The coin.
    pub asset: String,
    /// The signed sum of the year.
    pub amount: Decimal,
}

/// The ledger's figures of one tax year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearLedger {
    /// The tax year.
    pub year: i32,
    /// Rewards received in the year.
    pub rewards: u64,
    /// Their value on the day received, KZT (rounded to 0.01), of those with a price.
    #[serde(serialize_with = "money_text")]
    pub rewards_kzt: Decimal,
    /// Rewards without a price (not in `rewards_kzt`).
    pub rewards_unpriced: u64,
    /// The year's reward cost rule (`zero` or `value`).
    pub reward_cost: &'static str,
    /// The year's network fee rule (`reduce` or `dispose`).
    pub network_fee: &'static str,
    /// True when the user chose the reward cost rule.
    pub reward_cost_set_by_user: bool,
    /// True when the user chose the network fee rule.
    pub network_fee_set_by_user: bool,
    /// The rules' confidence: both are unconfirmed.
    pub confidence: &'static str,
    /// The status in words.
    pub status: &'static str,
    /// Futures results and the like, kept apart, per kind and coin.
    pub apart: Vec<ApartSum>,
    /// True when a disposal of the year consumed an opening position's lot.
    pub rests_on_opening: bool,
    /// True when a disposal of the year consumed a lot of unknown cost (an unpaired deposit or
    /// a purchase without its price).
    pub rests_on_unknown_cost: bool,
}

/// What the status of the reward figures says.
pub const REWARD_STATUS: &str = "unconfirmed: whether a reward is income when received is not settled (NC Art. 389(4), \
     389(6)); it is shown here, not added to property income";

/// The ledger's part of a computation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Per tax year with any ledger figure.
    pub years: Vec<YearLedger>,
    /// Paired transfers.
    pub transfers: Vec<PairView>,
    /// Deposits with no withdrawal (lots of unknown cost).
    pub unpaired_deposits: u64,
    /// Withdrawals with no deposit.
    pub unpaired_withdrawals: u64,
    /// Where history is missing.
    pub balance_gaps: Vec<balance::Gap>,
    /// Entries dropped as copies of one in another file.
    pub duplicates: u64,
}

impl Summary {
    /// The figures of `year`, if any.
    pub fn year(&self, year: i32) -> Option<&YearLedger> {
        self.years.iter().find(|y| y.year == year)
    }
}

/// The ledger's figures: `inputs` the effective inputs, `values` and `disposals` the
/// computation's.
pub fn summary(
    inputs: &Inputs,
    disposals: &[Disposal],
    lot_uses: &[crate::matching::LotUse],
    settings: &Settings,
) -> Summary {
    let Some(out) = &inputs.ledger.outcome else {
        return Summary::default();
    };
    let ls = &settings.ledger;
    let mut years: BTreeMap<i32, YearLedger> = BTreeMap::new();
    // Rewards: valued at the day's price (the lots' cost when the rule is `value`).
    let rewards: Vec<&MadeTrade> = out.made.iter().filter(|m| m.why == Made::Reward).collect();
    let market_trades: Vec<Trade> = rewards
        .iter()
        .filter_map(|m| {
            let (total, cur) = m.market.clone()?;
            let e = &out.entries[m.entry];
            Some(made_trade(e, Side::Buy, e.quantity, total, cur, None))
        })
        .collect();
    let valued: Vec<Option<Decimal>> = {
        let all = crate::valuation::value_trades(&market_trades, &inputs.rates, &inputs.prices, settings);
        match all {
            Ok(v) => v.values.iter().map(|x| Some(x.value)).collect(),
            Err(_) => market_trades
                .iter()
                .map(|t| {
                    crate::valuation::value_trades(
                        std::slice::from_ref(t),
                        &inputs.rates,
                        &inputs.prices,
                        settings,
                    )
                    .ok()
                    .map(|v| v.values[0].value)
                })
                .collect(),
        }
    };
    let mut next = valued.into_iter();
    for m in &rewards {
        let e = &out.entries[m.entry];
        let y = e.time.with_timezone(&settings.tz).year();
        let value = if m.market.is_some() {
            next.next().flatten()
        } else {
            None
        };
        let yl = year_entry(&mut years, y, ls);
        yl.rewards += 1;
        match value {
            Some(v) => yl.rewards_kzt += v,
            None => yl.rewards_unpriced += 1,
        }
    }
    for e in &out.entries {
        if let EntryKind::Apart(kind) = e.kind {
            let y = e.time.with_timezone(&settings.tz).year();
            let yl = year_entry(&mut years, y, ls);
            match yl
                .apart
                .iter_mut()
                .find(|a| a.kind == kind && *a.asset == *e.asset)
            {
                Some(a) => a.amount += e.quantity,
                None => yl.apart.push(ApartSum {
                    kind,
                    asset: e.asset.to_string(),
                    amount: e.quantity,
                }),
            }
        }
    }
    // Which disposals rest on opening positions or lots of unknown cost.
    let why_of = |trade: usize| out.made_of(trade).map(|m| m.why);
    for d in disposals {
        let mut opening = false;
        let mut unknown = false;
        for u in lot_uses.get(d.lots()).unwrap_or_default() {
            match why_of(u.lot_trade()) {
                Some(Made::Opening) => opening = true,
                Some(Made::UnknownOrigin | Made::UnknownCost) => unknown = true,
                _ => {}
            }
        }
        if opening || unknown {
            let y = d.date.year();
            let yl = year_entry(&mut years, y, ls);
            yl.rests_on_opening |= opening;
            yl.rests_on_unknown_cost |= unknown;
        }
    }
    for y in years.values_mut() {
        y.rewards_kzt = crate::money::round_tiyn(y.rewards_kzt);
        y.apart
            .sort_by(|a, b| (a.kind, &a.asset).cmp(&(b.kind, &b.asset)));
    }
    let transfers = out
        .pairs
        .iter()
        .map(|p| {
            let (w, d) = (&out.entries[p.out], &out.entries[p.into]);
            PairView {
                asset: w.asset.to_string(),
                quantity: w.quantity,
                fee: p.fee,
                from: w.venue_name().to_string(),
                to: d.venue_name().to_string(),
                withdrawal: w.source.clone(),
                deposit: d.source.clone(),
                by_user: p.by_user,
            }
        })
        .collect();
    let paired: usize = out.pairs.len();
    let count = |k: &EntryKind| out.entries.iter().filter(|e| e.kind == *k).count();
    Summary {
        years: years.into_values().collect(),
        transfers,
        unpaired_deposits: (count(&EntryKind::TransferIn) - paired) as u64,
        unpaired_withdrawals: (count(&EntryKind::TransferOut) - paired) as u64,
        balance_gaps: out.gaps.clone(),
        duplicates: out.duplicates as u64,
    }
}

fn year_entry<'a>(
    years: &'a mut BTreeMap<i32, YearLedger>,
    y: i32,
    ls: &LedgerSettings,
) -> &'a mut YearLedger {
    years.entry(y).or_insert_with(|| YearLedger {
        year: y,
        rewards: 0,
        rewards_kzt: Decimal::ZERO,
        rewards_unpriced: 0,
        reward_cost: ls.reward_cost(y).as_str(),
        network_fee: ls.network_fee(y).as_str(),
        reward_cost_set_by_user: ls.reward_cost_set(y),
        network_fee_set_by_user: ls.network_fee_set(y),
        confidence: "U",
        status: REWARD_STATUS,
        apart: Vec::new(),
        rests_on_opening: false,
        rests_on_unknown_cost: false,
    })
}

/// The key of an entry, as the user's pairing decisions name it.
pub fn key(e: &Entry) -> TradeKey {
    TradeKey::of(&e.source)
}

fn money_text<S: serde::Serializer>(x: &Decimal, ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_str(&crate::money::fmt2(*x))
}
