//! Exempt sales: which trades' gains the law exempts (open trades on a stock exchange in
//! Kazakhstan, AIX, government securities…), and on which declaration line each exemption is
//! taken off, with each reason's legal reference per tax year (≤ 2025 OC Art. 341, 2026 NC
//! Art. 400(1)). A trade or a whole
//! venue can be marked exempt; the bundled table (`crates/core/assets/exemptions.toml`) marks KASE and AIX by
//! default. Exempt gains are never dropped: they are declared as income, then adjusted out.

use crate::model::{Source, Trade};
use crate::rules::Reference;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The bundled exemption table.
pub const BUNDLED_EXEMPTIONS: &str = include_str!("../assets/exemptions.toml");

/// Why a sale is exempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptReason {
    /// Securities on the official list of a stock exchange in Kazakhstan (KASE) sold by open
    /// trades there (OC Art. 341; NC Art. 400(1)(6)).
    Kase,
    /// Securities traded on AIX meeting its criteria (AIFC).
    Aix,
    /// Government securities (OC Art. 341).
    Government,
    /// Units of open-end and interval funds (OC Art. 341).
    Fund,
    /// Shares of a resident non-subsoil company held more than 3 years (OC Art. 341).
    #[serde(rename = "held_3_years")]
    Held3Years,
    /// Agency bonds (NC Art. 400(1)(2), 2026).
    AgencyBonds,
    /// Debt securities of a resident issuer held more than 3 years (NC Art. 400(1)(5), 2026).
    #[serde(rename = "debt_3_years")]
    Debt3Years,
    /// Sale of mined digital assets (NC Art. 400(1)(7), 2026).
    Mined,
}

impl ExemptReason {
    /// Every reason, in menu order.
    pub const ALL: [ExemptReason; 8] = [
        ExemptReason::Kase,
        ExemptReason::Aix,
        ExemptReason::Government,
        ExemptReason::AgencyBonds,
        ExemptReason::Fund,
        ExemptReason::Held3Years,
        ExemptReason::Debt3Years,
        ExemptReason::Mined,
    ];

    /// The name used in files, the command line and JSON (`kase`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExemptReason::Kase => "kase",
            ExemptReason::Aix => "aix",
            ExemptReason::Government => "government",
            ExemptReason::Fund => "fund",
            ExemptReason::Held3Years => "held_3_years",
            ExemptReason::AgencyBonds => "agency_bonds",
            ExemptReason::Debt3Years => "debt_3_years",
            ExemptReason::Mined => "mined",
        }
    }

    /// Parses a name such as `kase` (case-insensitive; `-` may stand for `_`).
    pub fn parse(s: &str) -> Option<ExemptReason> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        ExemptReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for ExemptReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The adjustment line of the declaration an exemption is taken off on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AdjustmentLine {
    /// E_1 of appendix 270.01: exemptions under OC Art. 341.
    #[serde(rename = "E_1")]
    E1,
    /// E_4 of appendix 270.01: the AIFC adjustment.
    #[serde(rename = "E_4")]
    E4,
}

impl AdjustmentLine {
    /// Both lines, in form order.
    pub const ALL: [AdjustmentLine; 2] = [AdjustmentLine::E1, AdjustmentLine::E4];
}

/// One reason's line and legal reference, for the tax years `from` to `until` (both inclusive,
/// open when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonRule {
    /// The reason.
    pub id: ExemptReason,
    /// The adjustment line it is declared on.
    pub line: AdjustmentLine,
    /// The first tax year of this reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i32>,
    /// The last tax year of this reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<i32>,
    /// Why.
    #[serde(flatten)]
    pub reference: Reference,
}

#[derive(Debug, Clone, Deserialize)]
struct VenueEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    reason: ExemptReason,
}

#[derive(Debug, Clone, Deserialize)]
struct File {
    reason: Vec<ReasonRule>,
    venue: Vec<VenueEntry>,
}

/// A trade named by its file (the file name without folders) and line: how a user marks one
/// trade, stable however the file was opened.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TradeKey {
    /// The file name, without folders.
    pub file: String,
    /// 1-based line number.
    pub line: u64,
}

impl TradeKey {
    /// The key of a trade's source.
    pub fn of(source: &Source) -> TradeKey {
        TradeKey {
            file: file_name(&source.file).to_string(),
            line: source.line,
        }
    }

    /// Parses `FILE:LINE` (the file may be given with folders).
    pub fn parse(s: &str) -> Option<TradeKey> {
        let (file, line) = s.trim().rsplit_once(':')?;
        let line: u64 = line.trim().parse().ok().filter(|l| *l > 0)?;
        let file = file_name(file.trim());
        (!file.is_empty()).then(|| TradeKey {
            file: file.to_string(),
            line,
        })
    }
}

impl fmt::Display for TradeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Which trades and venues are exempt, with the bundled defaults and the user's changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Exemptions {
    /// Every reason's line and reference.
    pub reasons: Vec<ReasonRule>,
    /// Bundled venues, lower-case name or alias → reason.
    bundled_venues: BTreeMap<String, ExemptReason>,
    /// Venues the user set, lower-case name → reason (`None`: not exempt, overriding the list).
    pub venues: BTreeMap<String, Option<ExemptReason>>,
    /// Trades the user set (`None`: not exempt, overriding the venue).
    pub trades: BTreeMap<TradeKey, Option<ExemptReason>>,
}

impl Exemptions {
    /// The bundled table, with no user changes.
    pub fn bundled() -> Exemptions {
        let file: File =
            toml::from_str(BUNDLED_EXEMPTIONS).expect("the bundled exemption table is valid (tested)");
        let mut bundled_venues = BTreeMap::new();
        for v in file.venue {
            for name in std::iter::once(&v.name).chain(&v.aliases) {
                bundled_venues.insert(name.to_lowercase(), v.reason);
            }
        }
        Exemptions {
            reasons: file.reason,
            bundled_venues,
            venues: BTreeMap::new(),
            trades: BTreeMap::new(),
        }
    }

    /// The exemption of a trade, if any: the trade's own mark first, then its venue's.
    pub fn of(&self, trade: &Trade) -> Option<ExemptReason> {
        self.trade_mark(trade)
            .unwrap_or_else(|| self.of_venue(trade.exchange.as_deref()?))
    }

    /// The user's own mark on one trade, which wins over its venue's: `Some(None)` when the user
    /// marked it not exempt, `None` when it is unmarked.
    pub fn trade_mark(&self, trade: &Trade) -> Option<Option<ExemptReason>> {
        if self.trades.is_empty() {
            return None;
        }
        self.trades.get(&TradeKey::of(&trade.source())).copied()
    }

    /// The exemption of every trade on a venue, if any.
    pub fn of_venue(&self, venue: &str) -> Option<ExemptReason> {
        let key = venue.trim().to_lowercase();
        match self.venues.get(&key) {
            Some(mark) => *mark,
            None => self.bundled_venues.get(&key).copied(),
        }
    }

    /// Marks (or unmarks, `None`) every trade on a venue.
    pub fn set_venue(&mut self, venue: &str, reason: Option<ExemptReason>) {
        self.venues.insert(venue.trim().to_lowercase(), reason);
    }

    /// Marks (or unmarks, `None`) one trade, whatever its venue says.
    pub fn set_trade(&mut self, key: TradeKey, reason: Option<ExemptReason>) {
        self.trades.insert(key, reason);
    }

    /// The rule (line and reference) of a reason in force now: its newest entry.
    pub fn rule(&self, reason: ExemptReason) -> Option<&ReasonRule> {
        self.reasons
            .iter()
            .filter(|r| r.id == reason)
            .max_by_key(|r| r.from.unwrap_or(i32::MIN))
    }

    /// The rule (line and reference) of a reason for tax `year`: the entry whose years include
    /// it, else the nearest entry (a year before the first entry takes the first).
    pub fn rule_for(&self, reason: ExemptReason, year: i32) -> Option<&ReasonRule> {
        let of_reason = || self.reasons.iter().filter(move |r| r.id == reason);
        of_reason()
            .find(|r| r.from.is_none_or(|f| f <= year) && r.until.is_none_or(|u| year <= u))
            .or_else(|| of_reason().min_by_key(|r| r.from.unwrap_or(i32::MIN).abs_diff(year)))
    }

    /// The adjustment line of a reason (E_1 when the table does not say).
    pub fn line(&self, reason: ExemptReason) -> AdjustmentLine {
        self.rule(reason).map_or(AdjustmentLine::E1, |r| r.line)
    }

    /// The venues exempt by default (bundled names, not aliases), for display.
    pub fn bundled_venue_names(&self) -> impl Iterator<Item = (&str, ExemptReason)> {
        self.bundled_venues.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

impl Default for Exemptions {
    fn default() -> Self {
        Exemptions::bundled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;
    use crate::model::testing::trade;
    use rust_decimal_macros::dec;

    #[test]
    fn bundled_table_is_complete() {
        let e = Exemptions::bundled();
        for r in ExemptReason::ALL {
            let rule = e.rule(r).unwrap_or_else(|| panic!("no rule for {r}"));
            assert!(
                rule.reference
                    .text_id
                    .as_deref()
                    .is_some_and(|t| t.starts_with("ref-exemption-"))
            );
        }
        assert_eq!(e.line(ExemptReason::Kase), AdjustmentLine::E1);
        assert_eq!(e.line(ExemptReason::Aix), AdjustmentLine::E4);
        assert_eq!(e.of_venue("kase"), Some(ExemptReason::Kase));
        assert_eq!(
            e.of_venue(" Astana International Exchange "),
            Some(ExemptReason::Aix)
        );
        assert_eq!(e.of_venue("Binance"), None);
    }

    #[test]
    fn a_trade_mark_wins_over_its_venue() {
        let mut e = Exemptions::bundled();
        let mut t = trade(Side::Buy, "KCEL", dec!(10), dec!(1000), "KZT");
        t.exchange = Some("KASE".into());
        t.file = "data/broker.csv".into();
        t.line = 7;
        assert_eq!(e.of(&t), Some(ExemptReason::Kase));
        e.set_trade(TradeKey::parse("broker.csv:7").unwrap(), None);
        assert_eq!(e.of(&t), None, "unmarked by the user");
        e.set_trade(
            TradeKey::parse("other/broker.csv:7").unwrap(),
            Some(ExemptReason::Government),
        );
        assert_eq!(e.of(&t), Some(ExemptReason::Government));
        e.set_venue("KASE", None);
        t.line = 8;
        assert_eq!(e.of(&t), None, "venue unmarked");
    }

    #[test]
    fn trade_keys_parse() {
        assert_eq!(
            TradeKey::parse("C:\\x\\t.csv:12"),
            Some(TradeKey {
                file: "t.csv".into(),
                line: 12
            })
        );
        assert_eq!(TradeKey::parse("t.csv:0"), None);
        assert_eq!(TradeKey::parse("t.csv"), None);
        assert_eq!(TradeKey::parse(":3"), None);
    }
}
