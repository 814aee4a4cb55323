//! Beyond the tax figure: year-end holdings per asset and venue, the filing thresholds, the
//! declarations a history makes due with their deadlines, the AIFC retail limits month by month,
//! and each venue's licence status. Everything here is information with its source and date,
//! never advice ([`NOTICE`]).
//!
//! [`check`] builds a [`ComplianceReport`] from a computation. The facts (thresholds, limits,
//! declarations) are data: `crates/core/assets/compliance.toml` ([`table`]), the MCI comes from the rule
//! table, the venue statuses from the venue list (`crates/core/assets/venues.toml`).

pub mod aifc_limit;
pub mod filing;
pub mod holdings;
/// The issuer-country lookup lives below the engine (the income lines and the 2025 netting use it).
pub use crate::issuer;
pub mod json;
pub mod table;
pub mod text;
pub mod thresholds;
pub mod universal;
pub mod venue_status;

use crate::engine::Computation;
use crate::error::InputErrors;
use crate::import::Inputs;
use crate::legs::Role;
use crate::model::Kind;
use crate::settings::Settings;
use crate::venues::Country;
use aifc_limit::AifcReport;
use chrono::Datelike;
use filing::{Facts, Filing};
use holdings::HoldingRow;
use rust_decimal::Decimal;
use table::ComplianceTable;
use thresholds::Threshold;
use venue_status::VenueReport;

/// Said once wherever the compliance view is shown.
pub const NOTICE: &str = "Information, not advice: each figure and rule below is shown with its \
source and date; check them against the law, or with a tax adviser, before you act on them.";

/// What the user tells about their finances for the AIFC personal limit (tenge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PersonalFinances {
    /// Annual income.
    pub annual_income: Option<Decimal>,
    /// Net worth.
    pub net_worth: Option<Decimal>,
    /// Money in foreign bank accounts on 31 December, in tenge (for the 1,000 MCI test; Salyq
    /// reads no bank statements).
    pub foreign_bank_balance: Option<Decimal>,
}

/// Everything the compliance view shows for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplianceReport {
    /// The tax year.
    pub year: i32,
    /// The year's MCI in tenge (from the rule table).
    pub mci: Decimal,
    /// Set when the rule table has no such year and the MCI is borrowed from this one.
    pub rules_borrowed_from: Option<i32>,
    /// Set when the compliance table has no such year and its facts come from this one.
    pub facts_borrowed_from: Option<i32>,
    /// When the compliance facts were gathered.
    pub facts_as_of: String,
    /// Open lots on 31 December per asset and venue.
    pub holdings: Vec<HoldingRow>,
    /// Holdings abroad against 1,000 MCI.
    pub foreign_assets: Threshold,
    /// Property bought in the year against 20,000 MCI.
    pub property_bought: Threshold,
    /// Money in foreign bank accounts (as entered) against 1,000 MCI; `None` when the year's
    /// facts have no such threshold or no balance was entered.
    pub foreign_bank: Option<Threshold>,
    /// Annual income against 8,500 MCI (2026 on); `None` for years without that test.
    pub annual_income: Option<Threshold>,
    /// The year's dividends (as the broker reports give them) against 230,000 MCI (2025 and
    /// 2026, NC Art. 417(1)); `None` for years without that test.
    pub dividends: Option<Threshold>,
    /// False when the rule table has no MCI of the year's own: no MCI threshold is compared
    /// (`no_mci` says why).
    pub mci_known: bool,
    /// Why no threshold is compared, for a year without an MCI of its own.
    pub no_mci: Option<crate::rules::Reference>,
    /// The universal-declaration setting in force.
    pub universal_declaration: bool,
    /// What the history shows (the reasons a declaration may be due).
    pub facts: Facts,
    /// The declarations the history makes due.
    pub filings: Vec<Filing>,
    /// AIFC retail limits.
    pub aifc: AifcReport,
    /// Venues and their licence status.
    pub venues: VenueReport,
}

/// Builds the compliance report of `year` from a computation of the whole history. Fails only
/// when matching the trades up to 31 December fails, which the computation itself would have.
pub fn check(
    inputs: &Inputs,
    computation: &Computation,
    settings: &Settings,
    year: i32,
    personal: &PersonalFinances,
) -> Result<ComplianceReport, InputErrors> {
    let applied = settings.rules.for_year(year);
    let rules = applied.rules;
    let (facts_table, facts_borrowed_from) = ComplianceTable::bundled().for_year(year);
    let mci = rules.mci;

    let mci_known = applied.borrowed_from.is_none();
    let compare = |t: Threshold| if mci_known { t } else { t.not_compared() };

    let lots = holdings::open_lots(inputs, computation, settings, year)?;
    let holdings = holdings::rows(&lots, inputs, settings, year);
    let foreign_assets = compare(thresholds::foreign_assets(
        &holdings,
        &facts_table.foreign_assets_mci,
        mci,
    ));
    let exclude_digital = facts_table
        .purchases_exclude_digital_assets
        .as_ref()
        .is_some_and(|r| r.value);
    let property_bought = compare(thresholds::property_bought(
        inputs,
        &computation.values,
        year,
        &facts_table.property_bought_mci,
        mci,
        exclude_digital,
    ));
    let foreign_bank = facts_table
        .foreign_bank_mci
        .as_ref()
        .zip(personal.foreign_bank_balance)
        .map(|(rule, balance)| compare(thresholds::foreign_bank(balance, rule, mci)));
    let property_income = computation
        .years
        .iter()
        .find(|y| y.year == year)
        .map_or(Decimal::ZERO, |y| y.property_income);
    let annual_income = facts_table.annual_income_mci.as_ref().map(|rule| {
        let income = personal
            .annual_income
            .unwrap_or_else(|| property_income + settings.other_income(year));
        compare(thresholds::annual_income(income, rule, mci))
    });

    let dividends = facts_table.dividends_mci.as_ref().map(|rule| {
        let total = computation
            .income
            .iter()
            .find(|y| y.year == year)
            .map_or(Decimal::ZERO, |y| y.all_dividends());
        let payments = inputs
            .income
            .iter()
            .filter(|p| p.kind == crate::income::IncomeKind::Dividend && p.date.year() == year)
            .count();
        compare(thresholds::dividends(total, payments, rule, mci))
    });

    let in_year = computation.disposals.iter().filter(|d| d.date.year() == year);
    let mut facts = Facts {
        property_income: computation
            .years
            .iter()
            .any(|y| y.year == year && y.property_income > Decimal::ZERO),
        holds_crypto: holdings.iter().any(|h| h.kind == Kind::Crypto),
        holds_securities_abroad: holdings
            .iter()
            .any(|h| h.kind == Kind::Security && h.country == Country::Abroad),
        foreign_over_threshold: foreign_assets.over,
        bought_over_threshold: property_bought.over,
        holds_foreign_securities: holdings
            .iter()
            .any(|h| h.foreign_issuer.is_some_and(|(foreign, _)| foreign)),
        foreign_bank_over_threshold: foreign_bank.as_ref().is_some_and(|t| t.over),
        income_over_threshold: annual_income.as_ref().is_some_and(|t| t.over),
        dividends_over_threshold: dividends.as_ref().is_some_and(|t| t.over),
        foreign_income: computation
            .income
            .iter()
            .any(|y| y.year == year && y.foreign() > Decimal::ZERO),
        universal_declaration: settings.universal_declaration,
        ..Facts::default()
    };
    for d in in_year.filter(|d| d.role != Role::Fee) {
        match d.kind {
            Kind::Crypto => facts.sold_crypto = true,
            Kind::Security => facts.sold_securities = true,
            Kind::Other => {}
        }
    }
    let mut filings = filing::filings(&facts, facts_table, rules);
    // A year borrowed from another keeps its own calendar: the deadlines move by as many years.
    let shift = |d: chrono::NaiveDate, by: i32| d.with_year(d.year() + by).unwrap_or(d);
    for f in &mut filings {
        let borrowed = if f.code == rules.form.code {
            applied.borrowed_from
        } else {
            facts_borrowed_from
        };
        if let Some(by) = borrowed.map(|from| year - from).filter(|by| *by != 0) {
            f.due = shift(f.due, by);
            f.pay_by = f.pay_by.map(|d| shift(d, by));
        }
    }

    let values = &computation.values;
    let venues = venue_status::report(inputs, settings, year, |i| {
        values.get(i).map(|v| v.tax_date.year())
    });
    let usd_rate = holdings::year_end_rate(&inputs.rates, "USD", year);
    let personal = aifc_limit::personal_limit(personal, facts_table, usd_rate);
    let aifc = aifc_limit::report(inputs, computation, settings, year, facts_table, personal, |i| {
        venues.status_of_trade(i)
    });

    Ok(ComplianceReport {
        year,
        mci,
        rules_borrowed_from: applied.borrowed_from,
        facts_borrowed_from,
        facts_as_of: ComplianceTable::bundled().as_of.clone(),
        holdings,
        foreign_assets,
        property_bought,
        foreign_bank,
        annual_income,
        dividends,
        mci_known,
        no_mci: (!mci_known).then(|| ComplianceTable::bundled().no_mci.clone()),
        universal_declaration: settings.universal_declaration,
        facts,
        filings,
        aifc,
        venues,
    })
}

/// The tax years a history touches (tax dates of its trades), oldest first.
pub fn years_of(computation: &Computation) -> Vec<i32> {
    let mut years: Vec<i32> = Vec::new();
    for v in &computation.values {
        let y = v.tax_date.year();
        if years.last() != Some(&y) && !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable();
    years
}
