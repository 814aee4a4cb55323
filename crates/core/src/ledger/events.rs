//! Ledger entries: what a history holds besides trades (docs/formats.md §5, "Events beyond
//! trades"). Each entry keeps its [`Source`] (file:line). Entries never become disposals by
//! themselves: [`crate::engine::apply`] decides what each one does to the lots.

use crate::model::{Code, Source};
use chrono::{DateTime, FixedOffset, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

/// The sort of reward or income received (kept for the report; all are taxed the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RewardKind {
    /// Savings or Earn interest.
    Interest,
    /// Staking rewards.
    Staking,
    /// Launchpool or launchpad rewards.
    Launchpool,
    /// An airdrop.
    Airdrop,
    /// A distribution by the venue (token swaps, promotions).
    Distribution,
    /// Cashback and vouchers.
    Cashback,
    /// Referral and commission rebates.
    Referral,
    /// Mined coins (their sale is exempt, NC Art. 400(1)(7); Salyq does not apply that exemption
    /// by itself).
    Mining,
    /// Any other income received in kind.
    Other,
}

impl RewardKind {
    /// Every kind, in report order.
    pub const ALL: [RewardKind; 9] = [
        RewardKind::Interest,
        RewardKind::Staking,
        RewardKind::Launchpool,
        RewardKind::Airdrop,
        RewardKind::Distribution,
        RewardKind::Cashback,
        RewardKind::Referral,
        RewardKind::Mining,
        RewardKind::Other,
    ];

    /// The lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RewardKind::Interest => "interest",
            RewardKind::Staking => "staking",
            RewardKind::Launchpool => "launchpool",
            RewardKind::Airdrop => "airdrop",
            RewardKind::Distribution => "distribution",
            RewardKind::Cashback => "cashback",
            RewardKind::Referral => "referral",
            RewardKind::Mining => "mining",
            RewardKind::Other => "other",
        }
    }

    /// Parses a name of [`RewardKind::as_str`] (case-insensitive).
    pub fn parse(s: &str) -> Option<RewardKind> {
        let s = s.trim();
        RewardKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

/// Movements kept apart from property income (reported per year, not taxed here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApartKind {
    /// Realised profit or loss of futures.
    FuturesPnl,
    /// Futures funding fees (paid or received).
    FundingFee,
    /// Insurance fund compensation.
    Insurance,
}

impl ApartKind {
    /// The lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ApartKind::FuturesPnl => "futures_pnl",
            ApartKind::FundingFee => "funding_fee",
            ApartKind::Insurance => "insurance",
        }
    }
}

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// Coins arrived from outside the venue (a deposit): the other half of a transfer, or an
    /// acquisition of unknown cost.
    TransferIn,
    /// Coins left the venue (a withdrawal): the other half of a transfer. `quantity` is what
    /// left the account, network fee included.
    TransferOut,
    /// A reward or income received in kind: an acquisition.
    Reward(RewardKind),
    /// A purchase for money whose price the file does not hold (a card or P2P buy shown only
    /// by the coins received): an acquisition of unknown cost.
    Purchase {
        /// How the file names it (`Buy Crypto`, `P2P Trading`).
        how: Box<str>,
    },
    /// A sale for money whose price the file does not hold (a P2P sale shown only by the coins
    /// given): valued at the day's price when there is one.
    Sale {
        /// How the file names it.
        how: Box<str>,
    },
    /// A fee alone (a network fee charged apart from a withdrawal).
    FeeOnly,
    /// Coins held when the history starts: `cost` in `currency` (KZT or another currency).
    Opening {
        /// What they cost.
        cost: Decimal,
        /// The currency of `cost`.
        currency: Code,
    },
    /// Kept apart from property income (futures): `quantity` is signed here.
    Apart(ApartKind),
    /// Coins the venue took (a negative distribution): counted in the balance only.
    Debit {
        /// How the file names it.
        how: Box<str>,
    },
}

impl EntryKind {
    /// The lower-case name used in files and JSON (`transfer_in`, `reward`, ...).
    pub fn as_str(&self) -> &'static str {
        match self {
            EntryKind::TransferIn => "transfer_in",
            EntryKind::TransferOut => "transfer_out",
            EntryKind::Reward(_) => "reward",
            EntryKind::Purchase { .. } => "purchase",
            EntryKind::Sale { .. } => "sale",
            EntryKind::FeeOnly => "fee",
            EntryKind::Opening { .. } => "opening",
            EntryKind::Apart(_) => "apart",
            EntryKind::Debit { .. } => "debit",
        }
    }
}

/// One ledger entry: `quantity` of `asset` on `venue` at `time`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file and line it was read from.
    pub source: Source,
    /// When.
    pub time: DateTime<FixedOffset>,
    /// Venue or account, if known.
    pub venue: Option<Code>,
    /// The coin.
    pub asset: Code,
    /// How much; > 0, except for [`EntryKind::Apart`] (signed).
    pub quantity: Decimal,
    /// What it is.
    pub kind: EntryKind,
    /// The network fee stated on a withdrawal (part of `quantity`), zero when none.
    pub fee: Decimal,
    /// The balance of `asset` on `venue` the file states after this entry, if it states one.
    pub balance: Option<Decimal>,
    /// The venue's id (a transaction hash), if given.
    pub id: Option<Box<str>>,
    /// How the file names the row (`Simple Earn Flexible Interest`), if it does.
    pub note: Option<Box<str>>,
}

impl Entry {
    /// The instant in UTC.
    pub fn utc(&self) -> DateTime<Utc> {
        self.time.with_timezone(&Utc)
    }

    /// The venue's name, or `(no venue)`.
    pub fn venue_name(&self) -> &str {
        self.venue.as_deref().unwrap_or(NO_VENUE)
    }
}

/// How entries and trades without a venue are named.
pub const NO_VENUE: &str = "(no venue)";

/// The id of a trade made for a network fee kept as a reduction of the lot: [`crate::legs`]
/// turns it into a reduction instead of a sale.
pub const REDUCTION_ID: &str = "ledger:network-fee";

/// True when `t` is a network fee kept as a reduction of the lot (see [`REDUCTION_ID`]).
pub fn is_reduction(t: &crate::model::Trade) -> bool {
    t.side == crate::model::Side::Sell && t.total.is_zero() && t.id.as_deref() == Some(REDUCTION_ID)
}

/// The ledger entries of the inputs and, in effective inputs, what was made of them.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Every entry read, file by file.
    pub entries: Vec<Entry>,
    /// Set by [`crate::engine::apply`] on the effective inputs.
    pub outcome: Option<std::sync::Arc<Outcome>>,
}

/// Why a trade was made from an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Made {
    /// A reward's lot.
    Reward,
    /// A deposit no withdrawal explains: a lot of unknown (zero) cost.
    UnknownOrigin,
    /// A purchase without its price: a lot of unknown (zero) cost.
    UnknownCost,
    /// A sale without its price, valued at the day's price.
    Sale,
    /// An opening position.
    Opening,
    /// A network fee: a reduction of the lot or a disposal.
    NetworkFee,
}

/// One trade made from an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeTrade {
    /// Its index in the effective trade list.
    pub trade: usize,
    /// The entry's index in [`Outcome::entries`].
    pub entry: usize,
    /// Why.
    pub why: Made,
    /// A reward's value on the day in a fiat currency, when a price is known.
    pub market: Option<(Decimal, Code)>,
}

/// What [`crate::engine::apply`] made of the entries.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The entries used: duplicates across files dropped, in the order read.
    pub entries: Vec<Entry>,
    /// Entries dropped as copies of one in another file.
    pub duplicates: usize,
    /// Withdrawals paired with deposits.
    pub pairs: Vec<Pair>,
    /// Trades made, in the order appended.
    pub made: Vec<MadeTrade>,
    /// Where the balance check found history missing.
    pub gaps: Vec<Gap>,
    /// The number of loaded trades (those before the ones made).
    pub loaded: usize,
}

impl Outcome {
    /// The trade made from entry `entry`, if any.
    pub fn made_of(&self, trade: usize) -> Option<&MadeTrade> {
        let k = trade.checked_sub(self.loaded)?;
        self.made.get(k).filter(|m| m.trade == trade)
    }
}

pub(crate) fn source_text<S: serde::Serializer>(s: &Source, ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_str(s)
}

/// A withdrawal and the deposit it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Index of the withdrawal in the entry list.
    pub out: usize,
    /// Index of the deposit.
    pub into: usize,
    /// The network fee: withdrawal − deposit (≥ 0).
    pub fee: Decimal,
    /// True when the user made this pair.
    pub by_user: bool,
}

/// Where the replayed balance and the history disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The venue.
    pub venue: String,
    /// The coin.
    pub asset: String,
    /// What is missing: the deepest the balance went below zero, or stated − replayed.
    pub quantity: Decimal,
    /// The tax date of the row where it first went below zero (history is missing before it),
    /// or of the stated balance.
    pub date: chrono::NaiveDate,
    /// That row.
    #[serde(serialize_with = "source_text")]
    pub source: Source,
    /// The balance the file states there, when the gap is a difference from it.
    pub stated: Option<Decimal>,
}
