//! Command-line parsing and the `report`, `disposals` and `summary` commands; `forms` lives in
//! its own file. Exit codes: 0 success (warnings allowed), 1 input error, 2 usage error.

mod case;
mod forms;
mod rates;

use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use salyq_core::engine::{self, Computation};
use salyq_core::error::{InputErrors, Problem};
use salyq_core::exemptions::{ExemptReason, TradeKey};
use salyq_core::import::mapping::Mapping;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::Kind;
use salyq_core::prices::PriceBasis;
use salyq_core::report::{self, View};
use salyq_core::rules::{FeeRule, FxGain, FxRule, Netting};
use salyq_core::settings::{Method, Settings};
use salyq_core::venues::Country;
use salyq_core::{export, parse};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

mod compliance;

#[derive(Parser)]
#[command(
    name = "salyq",
    version = salyq_core::about::VERSION_AND_DATE,
    about = "Kazakhstan property-income tax figures from trade history",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Trade, rate and price files (and a `.salyq` case) to open in the window instead of the
    /// sample: `salyq FILE…`.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

// Parsed once per run: the size of the largest variant costs nothing worth an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Prints the yearly figures (property income and tax) of the trade files.
    Report {
        #[command(flatten)]
        common: Common,
        /// Print one JSON document instead of text (decimal numbers as strings).
        #[arg(long)]
        json: bool,
    },
    /// Writes every disposal with the lots it consumed to a CSV file.
    Disposals {
        #[command(flatten)]
        common: Common,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write for Excel in a Russian locale: `;`, decimal comma, byte-order mark.
        #[arg(long)]
        excel_ru: bool,
    },
    /// Writes the yearly summary (one row per tax year) to a CSV file.
    Summary {
        #[command(flatten)]
        common: Common,
        /// The CSV file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write for Excel in a Russian locale: `;`, decimal comma, byte-order mark.
        #[arg(long)]
        excel_ru: bool,
    },
    /// Drafts the figures of the year's declaration (240.00 or 270.00) with formulas and the
    /// disposals each sums; prints them, or writes JSON, CSV, XML or a printable HTML report.
    Forms {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: forms::FormsArgs,
    },
    /// Year-end holdings, filing thresholds, declarations to file, AIFC limits and venue
    /// statuses of one tax year (--year is required). Information, not advice.
    Compliance {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: compliance::ComplianceArgs,
    },
    /// Case files (`.salyq`): one taxpayer's sources, settings and decisions in one file —
    /// `new`, `import`, `report`, `forms`, `export` (the review pack), `override`, `show`.
    Case(case::CaseArgs),
    /// Official rates of the National Bank of Kazakhstan: `fetch` asks the bank for a range of
    /// days or a whole year (only the dates are sent) and writes a rate table.
    Rates(rates::RatesArgs),
}

#[derive(Args)]
struct Common {
    /// Trade files (generic CSV); rate and price tables given here are recognised by their header.
    #[arg(required = true, value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Only this tax year in the output (matching always uses the whole history).
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Official-rate table: date,currency,rate[,quant], the National Bank's XML or RSS, or a
    /// folder of them (may be repeated).
    #[arg(long, value_name = "FILE")]
    rates: Vec<PathBuf>,
    /// Price table: date,asset,price[,currency], or a CoinMarketCap or CoinGecko export (may be
    /// repeated).
    #[arg(long, value_name = "FILE")]
    prices: Vec<PathBuf>,
    /// The asset of a price export whose file name does not end with it: FILE=CODE, e.g.
    /// history.csv=BTC (may be repeated).
    #[arg(long, value_name = "FILE=CODE", value_parser = parse_price_asset)]
    price_asset: Vec<(String, String)>,
    /// Which of a day's prices in a CoinMarketCap export is the day's price [U: unconfirmed,
    /// the tax office names the daily weighted average].
    #[arg(long, value_enum, default_value = "close")]
    price_column: PriceColumnArg,
    /// Saved column mapping (JSON, docs/formats.md "Column mappings"), used for every file
    /// whose header it was saved for (may be repeated).
    #[arg(long, value_name = "FILE")]
    mapping: Vec<PathBuf>,
    /// The time zone of a file that does not say its own, FILE=+05:00 (the file's name or path
    /// as given; may be repeated). Binance's spot trade history since 2023 writes the zone only
    /// into the file name (`…(UTC+5).csv`); a file without it is read as UTC, with a warning.
    #[arg(long, value_name = "FILE=OFFSET", value_parser = parse_tz_of, allow_hyphen_values = true)]
    tz_of: Vec<(String, chrono::FixedOffset)>,
    /// What-if matching method: the declared figures (forms, tax) are always FIFO, the law's
    /// method; lifo, hifo or average adds that method's figures beside them for comparison.
    #[arg(long, value_enum, default_value = "fifo")]
    method: MethodArg,
    /// Offset of the tax date from UTC.
    #[arg(long, default_value = "+05:00", value_parser = parse_tz, allow_hyphen_values = true)]
    tz: chrono::FixedOffset,
    /// Official-rate rule for every year, instead of each year's rule.
    #[arg(long, value_enum)]
    fx_rule: Option<FxRuleArg>,
    /// Whether fees count as costs, for every year: purchase, sale-side and crypto fees alike
    /// (--sale-fees and --crypto-fees then change those two apart).
    #[arg(long, value_enum)]
    fees: Option<FeesArg>,
    /// Whether sale-side fees of securities are deducted from proceeds, for every year
    /// (unconfirmed: default include; every report states the figure the other way).
    #[arg(long, value_enum)]
    sale_fees: Option<FeesArg>,
    /// Whether fees of digital-asset trades count, for every year (unconfirmed: default
    /// include; every report states the figure the other way).
    #[arg(long, value_enum)]
    crypto_fees: Option<FeesArg>,
    /// How a foreign-currency gain becomes tenge, for every year: per-leg (each leg at its own
    /// rate) or sale-year-average (2025 on: the gain in the currency × the sale year's average).
    #[arg(long, value_enum)]
    fx_gain: Option<FxGainArg>,
    /// Months of the year no employer applied the basic deduction for (0 to 12; 2026 on: 30 MCI
    /// a month, at most 360 MCI a year, claimed in the declaration), for every year.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=12))]
    basic_deduction_months: Option<u8>,
    /// Netting of crypto results, for every year.
    #[arg(long, value_enum)]
    crypto_netting: Option<NettingArg>,
    /// Netting of securities results, for every year.
    #[arg(long, value_enum)]
    security_netting: Option<NettingArg>,
    /// Value stablecoins from the price table instead of at 1 USD.
    #[arg(long)]
    no_stablecoin_par: bool,
    /// Other annual income in tenge (for a progressive scale), for every year.
    #[arg(long, value_name = "KZT", value_parser = parse_amount)]
    other_income: Option<Decimal>,
    /// Where a venue's sales count: NAME=kazakhstan or NAME=abroad (may be repeated); venues
    /// not given keep the bundled list (AIFC-licensed: Kazakhstan; others: abroad).
    #[arg(long, value_name = "NAME=COUNTRY", value_parser = parse_venue)]
    venue: Vec<(String, Country)>,
    /// Mark every sale on a venue exempt: NAME=REASON, REASON one of kase, aix, government,
    /// agency_bonds, fund, held_3_years, debt_3_years, mined, or none to unmark a venue exempt by
    /// default (KASE, AIX); may be repeated.
    #[arg(long, value_name = "NAME=REASON", value_parser = parse_exempt_venue)]
    exempt_venue: Vec<(String, Option<ExemptReason>)>,
    /// Mark one trade exempt: FILE:LINE=REASON (the file name as imported, the line of the
    /// trade), or FILE:LINE=none to unmark a trade on an exempt venue; may be repeated.
    #[arg(long, value_name = "FILE:LINE=REASON", value_parser = parse_exempt_trade)]
    exempt_trade: Vec<(TradeKey, Option<ExemptReason>)>,
    /// Flag a venue as a tax-haven source (NC Art. 387(7), 389(5)): every acquisition on it gets
    /// zero cost, with a loud warning; no list of states is bundled (may be repeated).
    #[arg(long, value_name = "NAME", value_parser = parse_name)]
    tax_haven_venue: Vec<String>,
    /// Flag an asset (a security registered in a tax haven, or a digital asset from such a
    /// source) as a tax-haven source: every acquisition of it gets zero cost, with a loud
    /// warning (may be repeated).
    #[arg(long, value_name = "CODE", value_parser = parse_name)]
    tax_haven_asset: Vec<String>,
    /// In universal declaration (civil servants, quasi-public employees, heads and founders of
    /// legal entities, their spouses): tax years up to 2024 file 270.00 by 15 September
    /// instead of 240.00; the form drafted and the deadlines follow.
    #[arg(long)]
    universal_declaration: bool,
    /// A transfer's network fee, for every year: `reduce` (the fee leaves the lot, its cost
    /// stays with the coins that arrive; the default) or `dispose` (a sale at its value) [U].
    #[arg(long, value_enum)]
    network_fee: Option<NetworkFeeArg>,
    /// What a reward's lot costs, for every year: `zero` (the default, NC Art. 389(6)) or
    /// `value` (its value on the day, when you include rewards in income) [U].
    #[arg(long, value_enum)]
    reward_cost: Option<RewardCostArg>,
    /// The longest a deposit may arrive after the withdrawal it pairs with, in hours.
    #[arg(long, value_name = "HOURS")]
    transfer_hours: Option<u32>,
    /// The largest network fee of a paired transfer, in percent of the withdrawal.
    #[arg(long, value_name = "PERCENT", value_parser = parse_amount)]
    transfer_fee_percent: Option<Decimal>,
}

#[derive(Clone, Copy, ValueEnum)]
enum NetworkFeeArg {
    Reduce,
    Dispose,
}

#[derive(Clone, Copy, ValueEnum)]
enum RewardCostArg {
    Zero,
    Value,
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Fifo,
    Lifo,
    Hifo,
    Average,
}

#[derive(Clone, Copy, ValueEnum)]
enum PriceColumnArg {
    Close,
    Open,
    High,
    Low,
    Mean,
}

fn parse_price_asset(s: &str) -> Result<(String, String), String> {
    let (file, code) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not FILE=CODE: expected e.g. history.csv=BTC"))?;
    let code =
        parse::code(code).ok_or_else(|| format!("\"{code}\" is not an asset code: expected e.g. BTC"))?;
    let name = std::path::Path::new(file.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| format!("\"{s}\" has no file name: expected e.g. history.csv=BTC"))?;
    Ok((name, code))
}

#[derive(Clone, Copy, ValueEnum)]
enum FxRuleArg {
    PreviousBusinessDay,
    AnnualAverage,
}

#[derive(Clone, Copy, ValueEnum)]
enum FeesArg {
    Include,
    Exclude,
}

#[derive(Clone, Copy, ValueEnum)]
enum NettingArg {
    PerSale,
    NetYear,
    NetPool,
    NetForeignIssuers,
}

#[derive(Clone, Copy, ValueEnum)]
enum FxGainArg {
    PerLeg,
    SaleYearAverage,
}

fn parse_tz(s: &str) -> Result<chrono::FixedOffset, String> {
    parse::offset(s)
        .ok_or_else(|| format!("\"{s}\" is not a UTC offset: expected one such as +05:00 or +06:00"))
}

fn parse_tz_of(s: &str) -> Result<(String, chrono::FixedOffset), String> {
    let (file, tz) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not FILE=OFFSET, such as trades.csv=+05:00"))?;
    if file.trim().is_empty() {
        return Err(format!(
            "\"{s}\": the file name is missing, such as trades.csv=+05:00"
        ));
    }
    Ok((file.trim().to_string(), parse_tz(tz.trim())?))
}

fn parse_venue(s: &str) -> Result<(String, Country), String> {
    let (name, country) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not NAME=COUNTRY: expected e.g. Kraken=abroad"))?;
    let country = match country.trim().to_ascii_lowercase().as_str() {
        "kazakhstan" | "kz" => Country::Kazakhstan,
        "abroad" => Country::Abroad,
        other => {
            return Err(format!(
                "\"{other}\" is not a country here: expected kazakhstan or abroad"
            ));
        }
    };
    if name.trim().is_empty() {
        return Err(format!("\"{s}\" has no venue name: expected e.g. Kraken=abroad"));
    }
    Ok((name.trim().to_string(), country))
}

fn parse_reason(s: &str) -> Result<Option<ExemptReason>, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    ExemptReason::parse(s).map(Some).ok_or_else(|| {
        format!(
            "\"{s}\" is not an exemption: expected kase, aix, government, agency_bonds, fund, held_3_years, \
             debt_3_years, mined or none"
        )
    })
}

fn parse_exempt_venue(s: &str) -> Result<(String, Option<ExemptReason>), String> {
    let (name, reason) = s
        .rsplit_once('=')
        .filter(|(n, _)| !n.trim().is_empty())
        .ok_or_else(|| format!("\"{s}\" is not NAME=REASON: expected e.g. KASE=kase"))?;
    Ok((name.trim().to_string(), parse_reason(reason)?))
}

fn parse_exempt_trade(s: &str) -> Result<(TradeKey, Option<ExemptReason>), String> {
    let (trade, reason) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not FILE:LINE=REASON: expected e.g. broker.csv:12=kase"))?;
    let key = TradeKey::parse(trade)
        .ok_or_else(|| format!("\"{trade}\" is not FILE:LINE: expected e.g. broker.csv:12"))?;
    Ok((key, parse_reason(reason)?))
}

fn parse_name(s: &str) -> Result<String, String> {
    let name = s.trim();
    if name.is_empty() {
        return Err("an empty name: expected a venue name or an asset code, such as Kraken or ABC".into());
    }
    Ok(name.to_string())
}

fn parse_amount(s: &str) -> Result<Decimal, String> {
    parse::decimal(s)
        .filter(|x| !x.is_sign_negative())
        .ok_or_else(|| format!("\"{s}\" is not an amount: expected a number of 0 or more, such as 2500000"))
}

/// Parses the command line and runs it.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Err(code) = guard_outputs(cli.command.as_ref()) {
        return code;
    }
    match cli.command {
        #[cfg(feature = "gui")]
        None => match open_files(&cli.files).and_then(|()| {
            salyq_window::run_with(cli.files.clone()).map_err(|e| {
                eprintln!("error: cannot open the window: {e}");
                eprintln!("(run `salyq --help` for the command line)");
                ExitCode::from(1)
            })
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        #[cfg(not(feature = "gui"))]
        None if !cli.files.is_empty() => {
            eprintln!(
                "error: this salyq was built without the window; use a command such as `salyq report FILE…`"
            );
            ExitCode::from(2)
        }
        #[cfg(not(feature = "gui"))]
        None => {
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            ExitCode::SUCCESS
        }
        Some(Command::Report { common, json }) => with_computation(&common, |inputs, settings, c| {
            // The report reads no trade's tenge value (its disposals and lots carry theirs):
            // they are let go before it is written, so that its buffers take their place.
            c.values = Vec::new();
            let view = View {
                computation: c,
                year: common.year,
            };
            print_report(&view, inputs, settings, json)
        }),
        Some(Command::Disposals {
            common,
            out,
            excel_ru,
        }) => with_computation(&common, |inputs, _, c| {
            let view = View {
                computation: c,
                year: common.year,
            };
            let style = csv_style(excel_ru);
            export::write_atomic(&out, |w| {
                export::write_disposals(w, view.disposals(), c, inputs, style)
            })
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            eprintln!(
                "wrote {} disposals to {}",
                view.disposals().count(),
                out.display()
            );
            print_warning_count(c);
            Ok(())
        }),
        Some(Command::Summary {
            common,
            out,
            excel_ru,
        }) => with_computation(&common, |_, _, c| {
            let view = View {
                computation: c,
                year: common.year,
            };
            export::write_atomic(&out, |w| {
                export::write_summary(w, view.years(), csv_style(excel_ru), c.warnings.len())
            })
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            eprintln!("wrote {} tax years to {}", view.years().count(), out.display());
            print_warning_count(c);
            Ok(())
        }),
        Some(Command::Forms { common, args }) => {
            let Some(year) = common.year else {
                eprintln!("error: forms needs the tax year: add --year YYYY");
                return ExitCode::from(2);
            };
            if let Err(msg) = args.check() {
                eprintln!("error: {msg}");
                return ExitCode::from(2);
            }
            with_computation(&common, |inputs, settings, c| {
                forms::run(&args, year, inputs, settings, c)
            })
        }
        Some(Command::Compliance { common, args }) => compliance::run(&common, &args),
        Some(Command::Case(args)) => case::run(args),
        Some(Command::Rates(args)) => rates::run(args),
    }
}

/// Refuses (exit 2, before any file is read) an output of `report`, `disposals`, `summary` or
/// `forms` that is one of the command's input files, tables or mappings, or another output of
/// it ([`salyq_core::output_guard`]); `case` commands check theirs themselves.
/// The files given to open in the window: each must be a readable file; a word that is neither a
/// file nor a command is a usage error, as clap would say it (exit 2).
#[cfg(feature = "gui")]
fn open_files(files: &[PathBuf]) -> Result<(), ExitCode> {
    for f in files {
        if !f.is_file() {
            let word = f.display();
            if f.exists() {
                eprintln!("error: '{word}' is a folder; give the files in it (salyq FILE…)");
            } else if f.components().count() == 1 && f.extension().is_none() {
                eprintln!("error: unrecognized subcommand or file '{word}'");
                eprintln!("Usage: salyq [FILE]... | salyq <COMMAND>");
                eprintln!("For more information, try '--help'.");
            } else {
                eprintln!("error: cannot open '{word}': no such file; check the path");
            }
            return Err(ExitCode::from(2));
        }
    }
    Ok(())
}

fn guard_outputs(command: Option<&Command>) -> Result<(), ExitCode> {
    let (common, outputs): (&Common, Vec<(&std::path::Path, &str)>) = match command {
        Some(Command::Disposals { common, out, .. }) | Some(Command::Summary { common, out, .. }) => {
            (common, vec![(out.as_path(), "--out")])
        }
        Some(Command::Forms { common, args }) => (common, args.outputs()),
        _ => return Ok(()),
    };
    let protected: Vec<(&std::path::Path, &str)> = common
        .files
        .iter()
        .map(|p| (p.as_path(), "an input file"))
        .chain(
            common
                .rates
                .iter()
                .map(|p| (p.as_path(), "a rate table given with --rates")),
        )
        .chain(
            common
                .prices
                .iter()
                .map(|p| (p.as_path(), "a price table given with --prices")),
        )
        .chain(
            common
                .mapping
                .iter()
                .map(|p| (p.as_path(), "a column mapping given with --mapping")),
        )
        .collect();
    salyq_core::output_guard::check(&outputs, &protected).map_err(refuse)
}

/// Prints why an output is refused; exit code 2 (the command line asks for it).
fn refuse(clash: salyq_core::output_guard::Clash) -> ExitCode {
    eprintln!("error: {clash}");
    ExitCode::from(2)
}

fn csv_style(excel_ru: bool) -> export::CsvStyle {
    if excel_ru {
        export::CsvStyle::ExcelRu
    } else {
        export::CsvStyle::Plain
    }
}

fn settings(c: &Common) -> Settings {
    let mut s = Settings {
        method: match c.method {
            MethodArg::Fifo => Method::Fifo,
            MethodArg::Lifo => Method::Lifo,
            MethodArg::Hifo => Method::Hifo,
            MethodArg::Average => Method::Average,
        },
        tz: c.tz,
        stablecoins_at_par: !c.no_stablecoin_par,
        price_basis: match c.price_column {
            PriceColumnArg::Close => PriceBasis::Close,
            PriceColumnArg::Open => PriceBasis::Open,
            PriceColumnArg::High => PriceBasis::High,
            PriceColumnArg::Low => PriceBasis::Low,
            PriceColumnArg::Mean => PriceBasis::Mean,
        },
        ..Settings::default()
    };
    let fx = c.fx_rule.map(|r| match r {
        FxRuleArg::PreviousBusinessDay => FxRule::PreviousBusinessDay,
        FxRuleArg::AnnualAverage => FxRule::AnnualAverage,
    });
    let fee = |f: Option<FeesArg>| {
        f.map(|f| match f {
            FeesArg::Include => FeeRule::Include,
            FeesArg::Exclude => FeeRule::Exclude,
        })
    };
    let fees = fee(c.fees);
    let sale_fees = fee(c.sale_fees).or(fees);
    let crypto_fees = fee(c.crypto_fees).or(fees);
    let fx_gain = c.fx_gain.map(|g| match g {
        FxGainArg::PerLeg => FxGain::PerLeg,
        FxGainArg::SaleYearAverage => FxGain::SaleYearAverage,
    });
    let netting = |n: Option<NettingArg>| {
        n.map(|n| match n {
            NettingArg::PerSale => Netting::PerSale,
            NettingArg::NetYear => Netting::NetYear,
            NettingArg::NetPool => Netting::NetPool,
            NettingArg::NetForeignIssuers => Netting::NetForeignIssuers,
        })
    };
    let (crypto, security) = (netting(c.crypto_netting), netting(c.security_netting));
    s.rules.for_all_years(|y| {
        if let Some(v) = fx {
            y.fx_rule.set(v);
        }
        if let Some(v) = fees {
            y.fees.set(v);
        }
        if let Some(v) = sale_fees {
            y.sale_fees.set(v);
        }
        if let Some(v) = crypto_fees {
            y.crypto_fees.set(v);
        }
        if let Some(v) = fx_gain {
            y.fx_gain.set(v);
        }
        if let Some(v) = crypto {
            y.netting.set(Kind::Crypto, v);
        }
        if let Some(v) = security {
            y.netting.set(Kind::Security, v);
        }
    });
    for (name, country) in &c.venue {
        s.venues.set(name, *country);
    }
    for (name, reason) in &c.exempt_venue {
        s.exemptions.set_venue(name, *reason);
    }
    for (key, reason) in &c.exempt_trade {
        s.exemptions.set_trade(key.clone(), *reason);
    }
    s.ledger.network_fee_all = c.network_fee.map(|f| match f {
        NetworkFeeArg::Reduce => salyq_core::ledger::FeeTreatment::Reduce,
        NetworkFeeArg::Dispose => salyq_core::ledger::FeeTreatment::Dispose,
    });
    s.ledger.reward_cost_all = c.reward_cost.map(|r| match r {
        RewardCostArg::Zero => salyq_core::ledger::RewardCost::Zero,
        RewardCostArg::Value => salyq_core::ledger::RewardCost::Value,
    });
    if let Some(h) = c.transfer_hours {
        s.ledger.window_hours = h;
    }
    if let Some(p) = c.transfer_fee_percent {
        s.ledger.fee_percent = p;
    }
    for venue in &c.tax_haven_venue {
        s.tax_havens.set_venue(venue, true);
    }
    for asset in &c.tax_haven_asset {
        s.tax_havens.set_asset(asset, true);
    }
    if c.universal_declaration {
        salyq_core::compliance::universal::set(&mut s, true);
    }
    if let Some(income) = c.other_income {
        let years: Vec<i32> = s.rules.years().collect();
        for y in years.into_iter().chain(c.year) {
            s.other_income.insert(y, income);
        }
    }
    if let Some(months) = c.basic_deduction_months {
        let years: Vec<i32> = s.rules.years().collect();
        for y in years.into_iter().chain(c.year) {
            s.basic_deduction_months.insert(y, months);
        }
    }
    s
}

fn with_computation(
    common: &Common,
    f: impl FnOnce(&Inputs, &Settings, &mut Computation) -> Result<(), String>,
) -> ExitCode {
    let settings = settings(common);
    let files: Vec<(PathBuf, FileRole)> = common
        .files
        .iter()
        .map(|p| (p.clone(), FileRole::Auto))
        .chain(common.rates.iter().map(|p| (p.clone(), FileRole::Rates)))
        .chain(common.prices.iter().map(|p| (p.clone(), FileRole::Prices)))
        .collect();
    let mut mappings = Vec::new();
    let mut errors = Vec::new();
    for path in &common.mapping {
        match Mapping::load(path) {
            Ok(m) => mappings.push(m),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        print_errors(&InputErrors(errors));
        return ExitCode::from(1);
    }
    let outcome =
        Inputs::load_all(&files, &mappings, &common.price_asset, &common.tz_of).and_then(|inputs| {
            // The effective inputs: the ledger's transfers, rewards and opening positions applied.
            let (applied, c) = engine::compute_effective(&inputs, &settings)?;
            Ok((applied.map_or(inputs, |a| a.inputs), c))
        });
    match outcome {
        Err(errors) => {
            print_errors(&errors);
            ExitCode::from(1)
        }
        Ok((inputs, mut c)) => {
            let code = match f(&inputs, &settings, &mut c) {
                Ok(()) => {
                    // The import report, after the output so that errors always come first.
                    for r in &inputs.reports {
                        eprintln!("read {r}");
                    }
                    ExitCode::SUCCESS
                }
                Err(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::from(1)
                }
            };
            // The process ends now: let the OS reclaim a million trades at once instead of
            // dropping them one by one (measurably faster on large files).
            std::mem::forget(c);
            std::mem::forget(inputs);
            code
        }
    }
}

/// Writes the report of `view`, as JSON or as text, to standard output.
fn print_report(view: &View<'_>, inputs: &Inputs, settings: &Settings, json: bool) -> Result<(), String> {
    // A small buffer: the JSON report's rows come in chunks of tens of kilobytes or more,
    // which go straight through a buffer smaller than them instead of being copied into it.
    let mut out = std::io::BufWriter::new(report_out());
    let result = if json {
        report::json::write(&mut out, view, inputs, settings)
    } else {
        out.write_all(report::text::render(view, settings).as_bytes())
    };
    result
        .and_then(|_| out.flush())
        .map_err(|e| format!("cannot write the report: {e}"))
}

/// Standard output for a report: on Unix a handle of its own to the same output, so that the
/// hundreds of megabytes of a large JSON report are not searched for line ends, as the
/// line-buffered standard handle does with every write.
fn report_out() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout().lock())
}

fn print_errors(errors: &InputErrors) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let _ = writeln!(
        err,
        "error: the input cannot be used ({} problem{}):",
        errors.0.len(),
        if errors.0.len() == 1 { "" } else { "s" }
    );
    for e in &errors.0 {
        let _ = writeln!(err, "  {e}");
    }
    if errors.0.iter().any(|e| e.problem == Problem::FormatNotRecognised) {
        let _ = writeln!(
            err,
            "hint: for any other trade CSV, write a column mapping (docs/formats.md, \"Column mappings\") \
             and pass it with --mapping FILE"
        );
    }
    let needed = salyq_core::nbk::fetch::Needed::from_errors(&errors.0);
    let commands = needed.commands();
    if !commands.is_empty() {
        let _ = writeln!(
            err,
            "hint: to get the missing official rates from the National Bank (only the dates are sent), run:"
        );
        for c in &commands {
            let _ = writeln!(err, "hint:   {c}");
        }
        let _ = writeln!(err, "hint: then give the table written with --rates FILE");
    }
    if !needed.prices.is_empty() {
        let assets: Vec<&str> = needed.prices.keys().map(String::as_str).collect();
        let _ = writeln!(
            err,
            "hint: for prices of {}, download each asset's daily history from CoinMarketCap (Historical \
             Data, Download CSV: name it …_coinmarketcap_CODE.csv) or CoinGecko (Historical Data, export CSV) \
             and give it with --prices FILE",
            assets.join(", ")
        );
    }
}

fn print_warning_count(c: &Computation) {
    if !c.warnings.is_empty() {
        eprintln!("{} warnings: run `salyq report` to read them", c.warnings.len());
    }
}
