//! The choices a user makes for a run: matching method, time zone, stablecoins at par, other
//! income, and the rule book (bundled rules with any user changes).

use crate::exemptions::{ExemptReason, Exemptions};
use crate::model::Trade;
use crate::overrides::{self, Override};
use crate::prices::PriceBasis;
use crate::rules::RuleBook;
use crate::tax_haven::TaxHavens;
use crate::venues::{Country, VenueBook};
use chrono::FixedOffset;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How disposals are matched to lots. The declared figures always use FIFO (the law's method
/// for securities from 2026, NC Art. 387(5)–(6), and for digital assets); another method gives
/// a what-if comparison beside them ([`crate::engine::WhatIf`]), never a form's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// First in, first out (the default and the law's method: the declared figures).
    #[default]
    Fifo,
    /// Last in, first out (a what-if comparison).
    Lifo,
    /// Highest unit cost first (a what-if comparison).
    Hifo,
    /// Weighted average cost of the holding (a what-if comparison).
    Average,
}

impl Method {
    /// All methods.
    pub const ALL: [Method; 4] = [Method::Fifo, Method::Lifo, Method::Hifo, Method::Average];

    /// The lower-case name (`fifo`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Fifo => "fifo",
            Method::Lifo => "lifo",
            Method::Hifo => "hifo",
            Method::Average => "average",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Kazakhstan's time, the default for tax dates (UTC+05:00).
pub fn kazakhstan_offset() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600).expect("+05:00 is a valid offset")
}

/// Everything a computation depends on besides its input files.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The what-if matching method: FIFO (no comparison) or another method, whose figures are
    /// shown beside the declared FIFO ones.
    pub method: Method,
    /// Offset that turns a trade's time into its tax date.
    pub tz: FixedOffset,
    /// Value USD stablecoins at 1 USD.
    pub stablecoins_at_par: bool,
    /// Other annual income per tax year (for a progressive scale), in tenge.
    pub other_income: BTreeMap<i32, Decimal>,
    /// The rules in force.
    pub rules: RuleBook,
    /// Which country each venue counts as.
    pub venues: VenueBook,
    /// Which trades and venues are exempt.
    pub exemptions: Exemptions,
    /// Tax paid abroad per tax year on foreign income, in tenge (for the foreign tax credit).
    pub foreign_tax_paid: BTreeMap<i32, Decimal>,
    /// The user's decisions on trades (exempt, excluded, entered purchases, venue countries).
    pub overrides: Vec<Override>,
    /// How transfers, network fees and rewards are treated (docs/formats.md §5).
    pub ledger: crate::ledger::rules::LedgerSettings,
    /// Venues and assets flagged as tax-haven sources: their acquisitions cost zero.
    pub tax_havens: TaxHavens,
    /// In universal declaration (tax years up to 2024: 270.00 by 15 September instead of
    /// 240.00). Change it with `compliance::universal::set`, which makes the form rules follow.
    pub universal_declaration: bool,
    /// Which of a day's prices in a CoinMarketCap export is the day's price [U].
    pub price_basis: PriceBasis,
    /// Months of each tax year no employer applied the basic deduction for (0 to 12): claimed
    /// in the declaration where the year has a basic-deduction rule.
    pub basic_deduction_months: BTreeMap<i32, u8>,
    /// The spouse's IIN when the property income is declared half each with the spouse (joint
    /// property, `forms::split`); `None`: the taxpayer declares it whole.
    pub spouse_split: Option<crate::taxpayer::Iin>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            method: Method::Fifo,
            tz: kazakhstan_offset(),
            stablecoins_at_par: true,
            other_income: BTreeMap::new(),
            rules: RuleBook::bundled(),
            venues: VenueBook::bundled(),
            exemptions: Exemptions::bundled(),
            foreign_tax_paid: BTreeMap::new(),
            overrides: Vec::new(),
            ledger: crate::ledger::rules::LedgerSettings::default(),
            tax_havens: TaxHavens::default(),
            universal_declaration: false,
            price_basis: PriceBasis::Close,
            basic_deduction_months: BTreeMap::new(),
            spouse_split: None,
        }
    }
}

impl Settings {
    /// Other annual income entered for `year` (zero when none).
    pub fn other_income(&self, year: i32) -> Decimal {
        self.other_income.get(&year).copied().unwrap_or_default()
    }

    /// Months of basic deduction entered for `year` (0 when none; at most 12).
    pub fn basic_deduction_months(&self, year: i32) -> u8 {
        self.basic_deduction_months
            .get(&year)
            .copied()
            .unwrap_or_default()
            .min(12)
    }

    /// Tax paid abroad entered for `year` (zero when none).
    pub fn foreign_tax_paid(&self, year: i32) -> Decimal {
        self.foreign_tax_paid.get(&year).copied().unwrap_or_default()
    }

    /// Where a trade's sales count: its venue's country and its exemption.
    pub fn place(&self, trade: &Trade) -> Placement {
        if self.overrides.is_empty() {
            return Placement {
                country: self.venues.country(trade.exchange.as_deref()),
                exempt: self.exemptions.of(trade),
                foreign_issuer: foreign_issuer(trade),
            };
        }
        let venue = trade.exchange.as_deref();
        Placement {
            country: overrides::country_of(&self.overrides, venue)
                .unwrap_or_else(|| self.venues.country(venue)),
            exempt: overrides::exemption_of(&self.overrides, trade)
                .unwrap_or_else(|| self.exemptions.of(trade)),
            // The issuer's country the user set wins over the ISIN's.
            foreign_issuer: overrides::issuer_country_of(&self.overrides, &trade.asset, isin_of(trade))
                .map_or_else(|| foreign_issuer(trade), |c| c != "KZ"),
        }
    }
}

/// Places many trades as [`Settings::place`] does, looking each venue up once: its country and
/// exemption are remembered by the venue code's address (the codes of one file share one
/// allocation), then by its text.
pub struct Placer<'a> {
    settings: &'a Settings,
    /// Venues met, with their country and exemption (at most [`Placer::VENUES`]).
    venues: Vec<(&'a str, Country, Option<ExemptReason>)>,
}

impl<'a> Placer<'a> {
    /// Venues remembered; beyond them each is looked up again.
    const VENUES: usize = 64;

    /// A placer under `settings`.
    pub fn new(settings: &'a Settings) -> Placer<'a> {
        Placer {
            settings,
            venues: Vec::new(),
        }
    }

    /// Where `trade`'s sales count: the same as [`Settings::place`].
    pub fn place(&mut self, trade: &'a Trade) -> Placement {
        let s = self.settings;
        if !s.overrides.is_empty() {
            return s.place(trade);
        }
        let (country, venue_exempt) = match trade.exchange.as_deref() {
            None => (s.venues.country(None), None),
            Some(v) => self.venue(v),
        };
        Placement {
            country,
            exempt: s.exemptions.trade_mark(trade).unwrap_or(venue_exempt),
            foreign_issuer: foreign_issuer(trade),
        }
    }

    /// A venue's country and exemption.
    fn venue(&mut self, v: &'a str) -> (Country, Option<ExemptReason>) {
        let same_place = |k: &&str| k.as_ptr() == v.as_ptr() && k.len() == v.len();
        let found = self.venues.iter().find(|(k, ..)| same_place(k));
        if let Some(&(_, country, exempt)) = found.or_else(|| self.venues.iter().find(|(k, ..)| *k == v)) {
            return (country, exempt);
        }
        let s = self.settings;
        let (country, exempt) = (s.venues.country(Some(v)), s.exemptions.of_venue(v));
        if self.venues.len() < Self::VENUES {
            self.venues.push((v, country, exempt));
        }
        (country, exempt)
    }
}

/// Where a disposal counts: the country of its venue and its exemption, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// Kazakhstan or abroad.
    pub country: Country,
    /// Why its gain is exempt, if it is.
    pub exempt: Option<ExemptReason>,
    /// For a security: whether its issuer is foreign ([`foreign_issuer`]).
    pub foreign_issuer: bool,
}

/// Whether a security's issuer is registered outside Kazakhstan, as far as the trade tells: by
/// its ISIN (a note `ISIN …`, as the Freedom import writes, or an asset code that is an ISIN),
/// foreign unless it starts with `KZ`; a security without an ISIN counts as a foreign issuer's
/// (an assumption the year states).
pub fn foreign_issuer(trade: &Trade) -> bool {
    isin_of(trade).is_none_or(|isin| !isin.starts_with("KZ"))
}

/// The ISIN a trade names, if any.
pub fn isin_of(trade: &Trade) -> Option<&str> {
    let is_isin = |s: &str| {
        s.len() == 12
            && s.bytes().take(2).all(|b| b.is_ascii_uppercase())
            && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && s.as_bytes()[11].is_ascii_digit()
    };
    let from_note = trade.note.as_deref().and_then(|n| {
        let at = n.find("ISIN ")?;
        let rest = &n[at + 5..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        Some(&rest[..end]).filter(|s| is_isin(s))
    });
    from_note.or_else(|| Some(&*trade.asset).filter(|s| is_isin(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exemptions::TradeKey;
    use crate::model::testing::trade;
    use crate::model::{Code, Side};
    use rust_decimal_macros::dec;

    #[test]
    fn a_placer_places_as_the_settings_do() {
        // Venues: a bundled exempt one (KASE), a bundled Kazakh one (Binance KZ, spelt two
        // ways and as two separate codes), one the user marked exempt, an unknown one, none;
        // then a trade the user marked not exempt although its venue is.
        let mut settings = Settings::default();
        settings
            .exemptions
            .set_venue("Home Broker", Some(ExemptReason::Kase));
        let venue = |name: &str| Some(Code::from(name));
        let shared = venue("Binance KZ");
        let mut trades: Vec<Trade> = [
            venue("KASE"),
            shared.clone(),
            shared,
            venue("binance kz "),
            venue("Home Broker"),
            venue("Somewhere"),
            None,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, exchange)| {
            let mut t = trade(Side::Sell, "KZTK", dec!(1), dec!(100), "KZT");
            t.line = i as u32 + 2;
            t.exchange = exchange;
            t
        })
        .collect();
        let marked = trades[0].clone();
        trades.push(Trade { line: 20, ..marked });
        let check = |settings: &Settings| {
            let mut placer = Placer::new(settings);
            for t in &trades {
                assert_eq!(placer.place(t), settings.place(t), "{:?}", t.exchange);
            }
        };
        check(&settings);
        settings
            .exemptions
            .set_trade(TradeKey::of(&trades[7].source()), None);
        check(&settings);
        let places: Vec<Placement> = trades.iter().map(|t| settings.place(t)).collect();
        assert_eq!(places[0].exempt, Some(ExemptReason::Kase));
        assert_eq!(places[7].exempt, None);
        assert_eq!(places[4].exempt, Some(ExemptReason::Kase));
        assert_eq!(places[1].country, Country::Kazakhstan);
        assert_eq!(places[3].country, Country::Kazakhstan);
        assert_eq!(places[6].country, settings.venues.country(None));
    }
}
