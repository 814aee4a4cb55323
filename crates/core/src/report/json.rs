//! The JSON document of `salyq report --json`: a public, stable interface (README documents it).
//! Decimal numbers are strings; fields are only ever added.
//!
//! Every object is a derived `Serialize` type of this module, written by `serde_json`, except
//! the two large arrays (disposals with their lots, holdings), which [`json_rows`] formats
//! straight into bytes on every core: the same bytes, about twice as fast for a million
//! disposals (docs/performance.md, "The bench"). The document's outer object is written field by field so
//! those arrays can go between the others.

use super::View;
use super::json_rows;
use crate::import::Inputs;
use crate::matching::Disposal;
use crate::money::Text;
use crate::settings::Settings;
use crate::venues::Country;
use crate::yearly::YearResult;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::io::{self, Write};

/// Writes the whole report as one JSON document (and a final newline).
pub fn write(out: &mut dyn Write, view: &View<'_>, inputs: &Inputs, settings: &Settings) -> io::Result<()> {
    let c = view.computation;
    // The figures of this document are the declared ones: FIFO whatever the settings choose
    // (NC Art. 387(5)–(6)); another method's figures are under each year's `what_if`.
    let fifo = crate::settings::Method::Fifo.as_str();
    let tz = settings.tz.to_string();
    let years: Vec<YearJson<'_>> = view
        .years()
        .map(|y| YearJson::new(y, c.what_if_year(y.year)))
        .collect();
    let head = Head {
        method: fifo,
        declared_method: fifo,
        what_if_method: c.what_if.as_ref().map(|w| w.method.as_str()),
        tax_haven: &settings.tax_havens,
        tz: &tz,
        stablecoins_at_par: settings.stablecoins_at_par,
        years: &years,
    };
    let overrides = &settings.overrides;
    let files: Vec<FileJson<'_>> = inputs
        .reports
        .iter()
        .map(|r| FileJson::new(r, overrides))
        .collect();
    let tail = Tail {
        income: income_json(view, inputs, settings),
        securities: securities_json(inputs, settings),
        warnings: &c.warnings,
        ledger: crate::ledger::report::Json::new(&c.ledger, view.year),
        files: &files,
        // True while a group of rows Salyq could not pair is neither entered by hand nor
        // excluded: the figures above leave it out.
        incomplete: incomplete(inputs, overrides),
        generator: Generator {
            build_date: crate::about::BUILD_DATE,
            name: "Salyq",
            version: crate::about::VERSION,
        },
    };
    // `{head…,"disposals":[…],"holdings":[…],tail…}`: the head and tail objects without their
    // braces, the arrays between them.
    let head = serde_json::to_vec(&head)?;
    out.write_all(&head[..head.len() - 1])?;
    out.write_all(b",\"disposals\":[")?;
    let disposals: Vec<&Disposal> = view.disposals().collect();
    json_rows::write_rows(out, &disposals, &|buf, d| json_rows::disposal(buf, d, c, inputs))?;
    out.write_all(b"],\"holdings\":[")?;
    json_rows::write_rows(out, &c.holdings, &|buf, h| json_rows::holding(buf, h, inputs))?;
    out.write_all(b"],")?;
    // The tail streams (its warnings may be many): only its opening brace is left out.
    serde_json::to_writer(
        SkipFirst {
            out: &mut *out,
            skip: 1,
        },
        &tail,
    )?;
    out.write_all(b"\n")
}

/// Passes bytes on to `out` but the first `skip`.
struct SkipFirst<'a> {
    out: &'a mut dyn Write,
    skip: usize,
}

impl Write for SkipFirst<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let dropped = self.skip.min(buf.len());
        self.skip -= dropped;
        self.out.write_all(&buf[dropped..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The fields before the large arrays.
#[derive(Serialize)]
struct Head<'a> {
    method: &'a str,
    declared_method: &'a str,
    what_if_method: Option<&'a str>,
    tax_haven: &'a crate::tax_haven::TaxHavens,
    tz: &'a str,
    stablecoins_at_par: bool,
    years: &'a [YearJson<'a>],
}

/// The fields after the large arrays.
#[derive(Serialize)]
struct Tail<'a> {
    income: IncomeJson<'a>,
    securities: Vec<SecurityJson<'a>>,
    warnings: &'a [crate::warning::Warning],
    ledger: crate::ledger::report::Json<'a>,
    files: &'a [FileJson<'a>],
    incomplete: bool,
    generator: Generator<'a>,
}

/// Who wrote the document.
#[derive(Serialize)]
struct Generator<'a> {
    build_date: &'a str,
    name: &'a str,
    version: &'a str,
}

/// A sum of money as the report writes it: a string with two decimals.
struct Money(Decimal);

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(Text::fixed2(self.0).as_str())
    }
}

/// A number written as it is (no fixed decimals), as a string.
struct Plain(Decimal);

impl Serialize for Plain {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(Text::plain(self.0).as_str())
    }
}

/// The `income` field: dividends and interest per tax year in tenge, and each payment as the
/// broker reported it (see README, "Dividends and interest").
#[derive(Serialize)]
struct IncomeJson<'a> {
    payments: Vec<PaymentJson<'a>>,
    years: Vec<IncomeYearJson>,
}

/// One tax year's dividends and interest in tenge.
#[derive(Serialize)]
struct IncomeYearJson {
    dividends_kzt: String,
    dividends_tax_withheld_kzt: String,
    domestic_dividends_kzt: String,
    domestic_kzt: String,
    foreign_kzt: String,
    interest_kzt: String,
    interest_tax_withheld_kzt: String,
    payments: usize,
    rate_rule: &'static str,
    tax_withheld_kzt: String,
    year: i32,
}

/// One payment as the broker reported it.
#[derive(Serialize)]
struct PaymentJson<'a> {
    amount: String,
    asset: &'a str,
    country: Option<&'a str>,
    currency: &'a str,
    date: String,
    foreign: bool,
    isin: Option<&'a str>,
    issuer_country: Option<&'a str>,
    issuer_country_from: Option<&'static str>,
    kind: &'a str,
    source: String,
    tax_currency: &'a str,
    tax_withheld: String,
    venue: &'a str,
}

fn income_json<'a>(view: &View<'_>, inputs: &'a Inputs, settings: &'a Settings) -> IncomeJson<'a> {
    use chrono::Datelike;
    let m = crate::money::fmt2;
    let shown = |year: i32| view.year.is_none_or(|want| year == want);
    let years = view
        .computation
        .income
        .iter()
        .filter(|y| shown(y.year))
        .map(|y| IncomeYearJson {
            dividends_kzt: m(y.dividends),
            dividends_tax_withheld_kzt: m(y.dividends_tax),
            domestic_dividends_kzt: m(y.domestic_dividends),
            domestic_kzt: m(y.domestic),
            foreign_kzt: m(y.foreign()),
            interest_kzt: m(y.interest),
            interest_tax_withheld_kzt: m(y.interest_tax),
            payments: y.payments,
            rate_rule: y.rate_rule,
            tax_withheld_kzt: m(y.withheld()),
            year: y.year,
        })
        .collect();
    let payments = inputs
        .income
        .iter()
        .filter(|p| shown(p.date.year()))
        .map(|p| PaymentJson {
            amount: p.amount.normalize().to_string(),
            asset: &p.asset,
            country: p.country.as_deref(),
            currency: &p.currency,
            date: p.date.to_string(),
            foreign: p.is_foreign_with(&settings.overrides),
            isin: p.isin.as_deref(),
            issuer_country: p.issuer_country(&settings.overrides).map(|(c, _)| c),
            issuer_country_from: p.issuer_country(&settings.overrides).map(|(_, b)| b.as_str()),
            kind: p.kind.as_str(),
            source: p.source.to_string(),
            tax_currency: &p.tax_currency,
            tax_withheld: p.tax.normalize().to_string(),
            venue: &p.venue,
        })
        .collect();
    IncomeJson { payments, years }
}

/// The `securities` field: every security the trades and payments name, once, with its ISIN,
/// its issuer's country and where that came from (`user`: an override; `broker`: the broker's
/// instrument data; `isin`: the ISIN's first two letters; `null`: not known), and whether it
/// counts as a foreign issuer's (the 2025 netting and the filing tests; without a country, a
/// trade's security counts as foreign [U]).
fn securities_json<'a>(inputs: &'a Inputs, settings: &'a Settings) -> Vec<SecurityJson<'a>> {
    use crate::issuer::{IssuerBasis, issuer_country};
    use std::collections::BTreeMap;
    struct Seen<'a> {
        isin: Option<&'a str>,
        country: Option<(&'a str, IssuerBasis)>,
        foreign: bool,
    }
    let mut seen: BTreeMap<&'a str, Seen<'a>> = BTreeMap::new();
    for t in &inputs.trades {
        if t.kind != crate::model::Kind::Security || crate::fiat::is_fiat(&t.asset) {
            continue;
        }
        let entry = seen.entry(&t.asset).or_insert_with(|| Seen {
            isin: None,
            country: None,
            foreign: settings.place(t).foreign_issuer,
        });
        if entry.country.is_none() {
            entry.country = issuer_country(t, &settings.overrides);
            entry.isin = crate::issuer::isin_of_trade(t);
            if entry.country.is_some() {
                entry.foreign = settings.place(t).foreign_issuer;
            }
        }
    }
    for p in inputs.income.iter().filter(|p| !crate::fiat::is_fiat(&p.asset)) {
        let entry = seen.entry(&p.asset).or_insert_with(|| Seen {
            isin: None,
            country: None,
            foreign: p.is_foreign_with(&settings.overrides),
        });
        if entry.country.is_none() {
            entry.country = p.issuer_country(&settings.overrides);
            entry.isin = entry.isin.or(p.isin.as_deref());
            entry.foreign = p.is_foreign_with(&settings.overrides);
        }
    }
    seen.into_iter()
        .map(|(asset, s)| SecurityJson {
            asset,
            foreign_issuer: s.foreign,
            isin: s.isin,
            issuer_country: s.country.map(|(c, _)| c),
            issuer_country_from: s.country.map(|(_, b)| b.as_str()),
        })
        .collect()
}

/// One security of the `securities` field (keys in alphabetical order, as the document has had
/// them).
#[derive(Serialize)]
struct SecurityJson<'a> {
    asset: &'a str,
    foreign_issuer: bool,
    isin: Option<&'a str>,
    issuer_country: Option<&'a str>,
    issuer_country_from: Option<&'static str>,
}

/// True when a file has a group of rows Salyq could not pair that no `exclude` decision names.
pub fn incomplete(inputs: &Inputs, overrides: &[crate::overrides::Override]) -> bool {
    inputs.reports.iter().any(|r| {
        r.unresolved
            .iter()
            .any(|g| !crate::overrides::is_excluded(overrides, &g.key(&r.file)))
    })
}

/// What was made of one trade file: the import report (with the decisions, which say whether
/// each group of rows Salyq could not pair is excluded).
#[derive(Serialize)]
struct FileJson<'a> {
    file: &'a str,
    format: &'a str,
    encoding: &'a str,
    rows: u64,
    trades: u64,
    events: u64,
    skipped: &'a std::collections::BTreeMap<String, u64>,
    duplicates: u64,
    problems: Vec<&'a str>,
    unresolved_groups: Vec<UnresolvedJson<'a>>,
    incomplete: bool,
}

impl<'a> FileJson<'a> {
    fn new(
        r: &'a crate::import::report::FileReport,
        overrides: &[crate::overrides::Override],
    ) -> FileJson<'a> {
        let unresolved_groups = r
            .unresolved
            .iter()
            .map(|g| UnresolvedJson::new(g, &r.file, overrides))
            .collect();
        FileJson {
            file: &r.file,
            format: &r.format,
            encoding: r.encoding.as_deref().unwrap_or("UTF-8"),
            rows: r.rows,
            trades: r.trades,
            events: r.events,
            skipped: &r.skipped,
            duplicates: r.duplicates,
            problems: r.warnings.iter().map(|w| w.message.as_str()).collect(),
            unresolved_groups,
            incomplete: r
                .unresolved
                .iter()
                .any(|g| !crate::overrides::is_excluded(overrides, &g.key(&r.file))),
        }
    }
}

/// A group of rows Salyq could not pair, with whether an `exclude` decision names it. Its keys
/// are in alphabetical order (the order the document has always had).
#[derive(Serialize)]
struct UnresolvedJson<'a> {
    coins: &'a [String],
    excluded: bool,
    found: &'a str,
    lines: &'a [u64],
    source: String,
    time: &'a str,
    why: &'a str,
}

impl<'a> UnresolvedJson<'a> {
    fn new(
        g: &'a crate::import::report::UnresolvedGroup,
        file: &str,
        overrides: &[crate::overrides::Override],
    ) -> UnresolvedJson<'a> {
        let key = g.key(file);
        UnresolvedJson {
            coins: &g.coins,
            excluded: crate::overrides::is_excluded(overrides, &key),
            found: &g.found,
            lines: &g.lines,
            source: key.to_string(),
            time: &g.time,
            why: &g.why,
        }
    }
}

/// A year's declared result, with the what-if method's result of the same year when there is one.
#[derive(Serialize)]
struct YearJson<'a> {
    year: i32,
    disposals: usize,
    proceeds_kzt: Money,
    cost_kzt: Money,
    gains_kzt: Money,
    losses_kzt: Money,
    net_gain_kzt: Money,
    property_income_kzt: Money,
    tax_kzt: Plain,
    other_income_kzt: Money,
    property_income_kazakhstan_kzt: Money,
    property_income_abroad_kzt: Money,
    exempt_income_kzt: Money,
    basic_deduction_months: u8,
    basic_deduction_kzt: Money,
    basic_deduction_saving_kzt: Option<Plain>,
    taxable_income_kzt: Money,
    fx_gain: Option<FxGainJson>,
    fee_effects: Vec<FeeEffectJson>,
    by_kind: Vec<KindJson>,
    form: FormJson<'a>,
    rules: &'a crate::rules::YearRules,
    assumptions: &'a [String],
    what_if: Option<WhatIfJson>,
}

impl<'a> YearJson<'a> {
    fn new(y: &'a YearResult, what_if: Option<&'a YearResult>) -> YearJson<'a> {
        let t = &y.totals;
        YearJson {
            year: y.year,
            disposals: t.disposals,
            proceeds_kzt: Money(t.proceeds),
            cost_kzt: Money(t.cost),
            gains_kzt: Money(t.gains),
            losses_kzt: Money(t.losses),
            net_gain_kzt: Money(t.net()),
            property_income_kzt: Money(y.property_income),
            tax_kzt: Plain(y.tax),
            other_income_kzt: Money(y.other_income),
            property_income_kazakhstan_kzt: Money(y.income_in(Country::Kazakhstan)),
            property_income_abroad_kzt: Money(y.income_in(Country::Abroad)),
            exempt_income_kzt: Money(y.exempt_income()),
            basic_deduction_months: y.basic_deduction_months,
            basic_deduction_kzt: Money(y.basic_deduction),
            basic_deduction_saving_kzt: y.basic_deduction_saving.map(Plain),
            taxable_income_kzt: Money(y.property_income - y.basic_deduction),
            fx_gain: y.fx_gain.map(|c| FxGainJson {
                in_currency: c.in_currency,
                per_leg_average_method: c.average_method,
                per_leg_other_currency: c.other_currency,
                per_leg_priced: c.priced,
            }),
            fee_effects: y
                .fee_effects
                .iter()
                .map(|e| FeeEffectJson {
                    other_way_tax_kzt: Plain(e.other_tax),
                    other_way_taxable_income_kzt: Money(e.other_income),
                    setting: match e.setting {
                        crate::yearly::FeeSetting::SaleFees => "sale_fees",
                        crate::yearly::FeeSetting::CryptoFees => "crypto_fees",
                    },
                    tax_kzt: Plain(e.tax),
                    taxable_income_kzt: Money(e.income),
                    value: e.used,
                })
                .collect(),
            by_kind: y
                .by_kind
                .iter()
                .map(|k| KindJson {
                    cost_kzt: Money(k.totals.cost),
                    disposals: k.totals.disposals,
                    gains_kzt: Money(k.totals.gains),
                    income_kzt: Money(k.income),
                    kind: k.kind.as_str(),
                    losses_kzt: Money(k.totals.losses),
                    net_gain_kzt: Money(k.totals.net()),
                    netting: k.netting,
                    proceeds_kzt: Money(k.totals.proceeds),
                    taxable: k.taxable,
                })
                .collect(),
            form: FormJson {
                code: &y.rules.form.code,
                due: y.rules.form.due,
                pay_by: y.rules.form.pay_by,
            },
            rules: &y.rules,
            assumptions: &y.assumptions,
            what_if: what_if.map(|w| WhatIfJson::new(y, w)),
        }
    }
}

// The nested objects below list their fields in alphabetical order: the order the document has
// always had for them.

/// How many of the year's disposals were valued in their currency, and how many per leg.
#[derive(Serialize)]
struct FxGainJson {
    in_currency: usize,
    per_leg_average_method: bool,
    per_leg_other_currency: usize,
    per_leg_priced: usize,
}

/// A fee setting's effect on the year: the figures with it as used and the other way round.
#[derive(Serialize)]
struct FeeEffectJson {
    other_way_tax_kzt: Plain,
    other_way_taxable_income_kzt: Money,
    setting: &'static str,
    tax_kzt: Plain,
    taxable_income_kzt: Money,
    value: crate::rules::FeeRule,
}

/// One kind of asset's sums in the year.
#[derive(Serialize)]
struct KindJson {
    cost_kzt: Money,
    disposals: usize,
    gains_kzt: Money,
    income_kzt: Money,
    kind: &'static str,
    losses_kzt: Money,
    net_gain_kzt: Money,
    netting: crate::rules::Netting,
    proceeds_kzt: Money,
    taxable: bool,
}

/// The year's declaration form and its dates.
#[derive(Serialize)]
struct FormJson<'a> {
    code: &'a str,
    due: chrono::NaiveDate,
    pay_by: chrono::NaiveDate,
}

/// A what-if year beside the declared one: its sums and tax, and its tax less the declared tax.
#[derive(Serialize)]
struct WhatIfJson {
    cost_kzt: Money,
    declared: bool,
    disposals: usize,
    exempt_income_kzt: Money,
    gains_kzt: Money,
    losses_kzt: Money,
    method: Option<&'static str>,
    net_gain_kzt: Money,
    note: &'static str,
    proceeds_kzt: Money,
    property_income_kzt: Money,
    tax_difference_kzt: Plain,
    tax_kzt: Plain,
}

impl WhatIfJson {
    fn new(declared: &YearResult, w: &YearResult) -> WhatIfJson {
        let t = &w.totals;
        WhatIfJson {
            cost_kzt: Money(t.cost),
            declared: false,
            disposals: t.disposals,
            exempt_income_kzt: Money(w.exempt_income()),
            gains_kzt: Money(t.gains),
            losses_kzt: Money(t.losses),
            method: w.assumption_items.iter().find_map(|a| match a {
                crate::yearly::Assumption::Method(m) => Some(m.as_str()),
                _ => None,
            }),
            net_gain_kzt: Money(t.net()),
            note: "a what-if comparison: not the declared figure, never on a form (the law's method is FIFO)",
            proceeds_kzt: Money(t.proceeds),
            property_income_kzt: Money(w.property_income),
            tax_difference_kzt: Plain(w.tax - declared.tax),
            tax_kzt: Plain(w.tax),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::FileRole;
    use crate::overrides::{Change, ExcludeWhy};

    /// A Binance statement with a buy and a sale of BTC for EUR, a fee row alone at 13:00 (line
    /// 6) and two rows at 14:00 that give two coins and receive none (lines 7 and 8): two groups
    /// Salyq cannot pair.
    const STATEMENT: &str = "UTC_Time,Account,Operation,Coin,Change,Remark\n\
        2024-03-01 10:00:00,Spot,Transaction Buy,BTC,0.01,\n\
        2024-03-01 10:00:00,Spot,Transaction Spend,EUR,-550,\n\
        2024-06-03 12:00:00,Spot,Transaction Sold,BTC,-0.01,\n\
        2024-06-03 12:00:00,Spot,Transaction Revenue,EUR,620,\n\
        2024-06-03 13:00:00,Spot,Transaction Fee,BNB,-0.001,\n\
        2024-06-03 14:00:00,Spot,Transaction Spend,EUR,-10,\n\
        2024-06-03 14:00:00,Spot,Transaction Spend,USDT,-10,\n";

    #[test]
    fn unresolved_groups_are_written_with_their_keys_in_alphabetical_order() {
        let dir = std::env::temp_dir().join(format!("salyq-unresolved-json-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("stmt.csv"), STATEMENT).unwrap();
        // The statement's groups, key by key: line 6 the fee alone, excluded by the decision.
        let inputs = Inputs::load(&[(dir.join("stmt.csv"), FileRole::Auto)]).unwrap();
        let r = &inputs.reports[0];
        let g = &r.unresolved[0];
        let mut l = Vec::new();
        crate::overrides::record(
            &mut l,
            Change::Exclude {
                trade: g.key(&r.file),
                why: ExcludeWhy::Other,
            },
            "a fee",
            "tester",
            chrono::DateTime::UNIX_EPOCH,
        );
        let groups = serde_json::to_string(&FileJson::new(r, &l).unresolved_groups).unwrap();
        // The keys in alphabetical order, as the document has always had them: written again
        // from a `serde_json::Value` (whose maps are sorted), the same bytes.
        let v: serde_json::Value = serde_json::from_str(&groups).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), groups);
        assert!(
            groups.starts_with("[{\"coins\":[\"BNB\"],\"excluded\":true,\"found\":"),
            "{groups}"
        );
        assert_eq!(v[0]["source"], "stmt.csv:6");
        assert_eq!(v[0]["lines"], serde_json::json!([6]));
        assert_eq!(v[0]["time"], "2024-06-03T13:00:00+00:00");
        assert_eq!(v[0]["found"], "Transaction Fee BNB");
        assert_eq!(v[0]["coins"], serde_json::json!(["BNB"]));
        assert_eq!(v[0]["excluded"], true);
        assert_eq!(v[1]["lines"], serde_json::json!([7, 8]));
        assert_eq!(v[1]["coins"], serde_json::json!(["EUR", "USDT"]));
        assert_eq!(v[1]["excluded"], false);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
