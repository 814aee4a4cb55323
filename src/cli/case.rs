//! `salyq case`: case files from the command line. `new` makes a case and imports files into it,
//! `import` adds files, `report` and `forms` print what `salyq report` / `salyq forms` print on
//! the case's embedded sources with its settings and decisions, `export` writes the review pack,
//! `override` records decisions (or removes them), `show` lists what the case holds.
//!
//! A case is only ever written whole and atomically, and only when the command succeeded: a
//! damaged, newer or foreign case file is refused (exit 1) and left as it was.

use super::{csv_style, forms, parse_amount, parse_venue, print_errors};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use rust_decimal::Decimal;
use salyq_core::case::{self, Case};
use salyq_core::engine::Computation;
use salyq_core::error::{InputError, InputErrors, Problem};
use salyq_core::exemptions::{ExemptReason, TradeKey};
use salyq_core::import::mapping::Mapping;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::model::Kind;
use salyq_core::overrides::{self, Change, ExcludeWhy};
use salyq_core::report::View;
use salyq_core::taxpayer::{Iin, Taxpayer};
use salyq_core::venues::Country;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `salyq case`.
#[derive(Args)]
pub struct CaseArgs {
    #[command(subcommand)]
    command: CaseCommand,
}

#[derive(Subcommand)]
enum CaseCommand {
    /// Creates a case file and imports the files given into it (their content is embedded).
    New {
        /// The case file to create (`.salyq`).
        case: PathBuf,
        /// The taxpayer's full name, as on the declaration.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// The taxpayer's IIN (12 digits, checked by its control digit).
        #[arg(long, value_name = "IIN", value_parser = forms::parse_iin)]
        iin: Option<Iin>,
        /// The tax year under review (the default of `forms` and `export`).
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// Replace an existing file of that name.
        #[arg(long)]
        force: bool,
        /// The taxpayer is in universal declaration (tax years up to 2024 file 270.00 by
        /// 15 September instead of 240.00); stored in the case.
        #[arg(long)]
        universal_declaration: bool,
        #[command(flatten)]
        sources: SourceArgs,
    },
    /// Adds files to a case; a file whose content is already in the case is skipped.
    Import {
        /// The case file.
        case: PathBuf,
        #[command(flatten)]
        sources: SourceArgs,
    },
    /// Prints the yearly figures of the case, as `salyq report` does.
    Report {
        /// The case file.
        case: PathBuf,
        /// Only this tax year in the output (matching always uses the whole history).
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// Print one JSON document instead of text (the document of `salyq report --json`).
        #[arg(long)]
        json: bool,
        /// Months no employer applied the basic deduction for (0 to 12), stored in the case's
        /// settings for the year given (or the case's tax year, or every year) before computing.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=12))]
        basic_deduction_months: Option<u8>,
    },
    /// Drafts the year's declaration from the case, as `salyq forms` does; the case's taxpayer
    /// and tax paid abroad fill the draft unless given here.
    Forms {
        /// The case file.
        case: PathBuf,
        /// The tax year (default: the case's tax year).
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// Months no employer applied the basic deduction for (0 to 12), stored in the case's
        /// settings for the year before drafting.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=12))]
        basic_deduction_months: Option<u8>,
        #[command(flatten)]
        args: forms::FormsArgs,
    },
    /// Writes the review pack of one tax year into a folder: summary, disposals, the draft's
    /// figures, detail and 270.04 rows, the printable report, every decision, and a README.
    Export {
        /// The case file.
        case: PathBuf,
        /// The tax year (default: the case's tax year).
        #[arg(long, value_name = "YYYY")]
        year: Option<i32>,
        /// The folder to write (made if missing; files of the same names are replaced).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Write CSV files for Excel in a Russian locale: `;`, decimal comma, byte-order mark.
        #[arg(long)]
        excel_ru: bool,
    },
    /// Records decisions on trades (each with who, when and why), or removes them.
    Override(OverrideArgs),
    /// Lists what the case holds: taxpayer, sources, settings changes, decisions, notes.
    Show {
        /// The case file.
        case: PathBuf,
    },
}

/// Files to import, with the rate and price tables and column mappings.
#[derive(Args)]
struct SourceArgs {
    /// Trade files; rate and price tables given here are recognised by their header.
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Official-rate table: date,currency,rate[,quant] (may be repeated).
    #[arg(long, value_name = "FILE")]
    rates: Vec<PathBuf>,
    /// Price table: date,asset,price[,currency] (may be repeated).
    #[arg(long, value_name = "FILE")]
    prices: Vec<PathBuf>,
    /// Saved column mapping (JSON), kept in the case and used for every file whose header it
    /// was saved for (may be repeated).
    #[arg(long, value_name = "FILE")]
    mapping: Vec<PathBuf>,
    /// The time zone of a file that does not say its own (Binance's spot trade history since
    /// 2023, KuCoin, OKX): FILE=+05:00, the zone chosen when exporting (may be repeated). Kept
    /// with the source in the case, so the file reads in that zone every time.
    #[arg(long, value_name = "FILE=OFFSET", value_parser = super::parse_tz_of, allow_hyphen_values = true)]
    tz_of: Vec<(String, chrono::FixedOffset)>,
}

impl SourceArgs {
    /// The zone given with `--tz-of` for the file imported as `name` (the FILE given, or its
    /// last path part).
    fn zone_for(&self, name: &str) -> Option<chrono::FixedOffset> {
        let base = |s: &str| s.rsplit(['/', '\\']).next().unwrap_or(s).to_string();
        self.tz_of
            .iter()
            .find(|(f, _)| f == name || base(f) == base(name))
            .map(|(_, z)| *z)
    }

    fn is_empty(&self) -> bool {
        self.files.is_empty() && self.rates.is_empty() && self.prices.is_empty() && self.mapping.is_empty()
    }

    /// The files given, each with what it is (for [`salyq_core::output_guard`]).
    fn protected(&self) -> Vec<(&Path, &'static str)> {
        self.files
            .iter()
            .map(|p| (p.as_path(), "an input file"))
            .chain(
                self.rates
                    .iter()
                    .map(|p| (p.as_path(), "a rate table given with --rates")),
            )
            .chain(
                self.prices
                    .iter()
                    .map(|p| (p.as_path(), "a price table given with --prices")),
            )
            .chain(
                self.mapping
                    .iter()
                    .map(|p| (p.as_path(), "a column mapping given with --mapping")),
            )
            .collect()
    }

    fn files(&self) -> impl Iterator<Item = (&Path, FileRole)> {
        self.files
            .iter()
            .map(|p| (p.as_path(), FileRole::Auto))
            .chain(self.rates.iter().map(|p| (p.as_path(), FileRole::Rates)))
            .chain(self.prices.iter().map(|p| (p.as_path(), FileRole::Prices)))
    }
}

/// Options of `salyq case override`.
#[derive(Args)]
struct OverrideArgs {
    /// The case file.
    case: PathBuf,
    /// Mark one trade exempt: FILE:LINE=REASON (kase, aix, government, agency_bonds, fund,
    /// held_3_years, debt_3_years, mined), or
    /// FILE:LINE=none for not exempt whatever its venue says (may be repeated).
    #[arg(long, value_name = "FILE:LINE=REASON", value_parser = parse_exempt)]
    exempt: Vec<(TradeKey, Option<ExemptReason>)>,
    /// Leave one trade out of the calculation: FILE:LINE=duplicate, own_transfer or other
    /// (may be repeated). FILE:LINE may also name the first line of a group of rows Salyq
    /// could not pair (`unresolved_groups` in `report --json`): the group stays out and the
    /// figures are no longer marked incomplete.
    #[arg(long, value_name = "FILE:LINE=WHY", value_parser = parse_exclude)]
    exclude: Vec<(TradeKey, ExcludeWhy)>,
    /// Enter a purchase the files lack: ASSET,DATE,QUANTITY,COST_KZT[,KIND[,VENUE]] (DATE the
    /// tax date YYYY-MM-DD, COST_KZT fees included, KIND crypto, security or other; default
    /// crypto) (may be repeated).
    #[arg(long, value_name = "ASSET,DATE,QTY,COST_KZT", value_parser = parse_purchase)]
    add_purchase: Vec<Purchase>,
    /// The sale the entered purchases cover (FILE:LINE), for the record.
    #[arg(long = "for", value_name = "FILE:LINE", value_parser = parse_key)]
    for_trade: Option<TradeKey>,
    /// Where a venue's sales count: NAME=kazakhstan or NAME=abroad (may be repeated).
    #[arg(long, value_name = "NAME=COUNTRY", value_parser = parse_venue)]
    venue: Vec<(String, Country)>,
    /// The country of a security's issuer: SECURITY=CC, SECURITY its ISIN or its symbol as the
    /// files write it, CC two letters (ISO 3166: KZ, US, IE); wins over the ISIN's first two
    /// letters and the broker's data for the 2025 netting, the filing triggers, 270.04 and the
    /// dividend and interest lines (may be repeated).
    #[arg(long, value_name = "SECURITY=CC", value_parser = parse_issuer_country)]
    issuer_country: Vec<(String, String)>,
    /// Remove the override of this number (undo a decision; may be repeated).
    #[arg(long, value_name = "ID")]
    remove: Vec<u64>,
    /// Why, in your words (required to record a decision).
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    /// Who decides (default: the USER or USERNAME environment variable).
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
}

#[derive(Clone)]
struct Purchase {
    asset: String,
    date: NaiveDate,
    quantity: Decimal,
    cost_kzt: Decimal,
    kind: Kind,
    venue: Option<String>,
}

fn parse_key(s: &str) -> Result<TradeKey, String> {
    TradeKey::parse(s).ok_or_else(|| format!("\"{s}\" is not FILE:LINE: expected e.g. broker.csv:12"))
}

fn parse_exempt(s: &str) -> Result<(TradeKey, Option<ExemptReason>), String> {
    let (key, reason) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not FILE:LINE=REASON: expected e.g. broker.csv:12=kase"))?;
    Ok((parse_key(key)?, super::parse_reason(reason)?))
}

fn parse_issuer_country(s: &str) -> Result<(String, String), String> {
    let expected = "expected SECURITY=CC, e.g. KZ1C00000744=KZ or AAPL=US";
    let (security, country) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not SECURITY=CC: {expected}"))?;
    let security = security.trim();
    if security.is_empty() {
        return Err(format!("\"{s}\" names no security: {expected}"));
    }
    let country = overrides::parse_issuer_country(country).ok_or_else(|| {
        format!(
            "\"{}\" is not a country code of two letters (ISO 3166): {expected}",
            country.trim()
        )
    })?;
    Ok((security.to_string(), country))
}

fn parse_exclude(s: &str) -> Result<(TradeKey, ExcludeWhy), String> {
    let (key, why) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{s}\" is not FILE:LINE=WHY: expected e.g. broker.csv:12=duplicate"))?;
    let why = match why.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "duplicate" => ExcludeWhy::Duplicate,
        "own_transfer" => ExcludeWhy::OwnTransfer,
        "other" => ExcludeWhy::Other,
        other => {
            return Err(format!(
                "\"{other}\" is not a reason to exclude: expected duplicate, own_transfer or other"
            ));
        }
    };
    Ok((parse_key(key)?, why))
}

fn parse_purchase(s: &str) -> Result<Purchase, String> {
    let expected = "expected ASSET,DATE,QUANTITY,COST_KZT[,KIND[,VENUE]], e.g. BTC,2023-05-10,0.5,9000000";
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    if !(4..=6).contains(&parts.len()) {
        return Err(format!("\"{s}\": {expected}"));
    }
    let asset = parts[0].to_uppercase();
    if asset.is_empty() || !asset.chars().all(|c| c.is_alphanumeric() || "._-".contains(c)) {
        return Err(format!("\"{}\" is not an asset code: {expected}", parts[0]));
    }
    let date = salyq_core::parse::date(parts[1])
        .ok_or_else(|| format!("\"{}\" is not a date YYYY-MM-DD: {expected}", parts[1]))?;
    let quantity = salyq_core::parse::decimal(parts[2])
        .filter(|q| q.is_sign_positive() && !q.is_zero())
        .ok_or_else(|| format!("\"{}\" is not a quantity above 0: {expected}", parts[2]))?;
    let cost_kzt = parse_amount(parts[3])?;
    let kind = match parts.get(4).filter(|k| !k.is_empty()) {
        Some(k) => Kind::parse(k)
            .ok_or_else(|| format!("\"{k}\" is not a kind: expected crypto, security or other"))?,
        None => Kind::Crypto,
    };
    let venue = parts.get(5).filter(|v| !v.is_empty()).map(|v| v.to_string());
    Ok(Purchase {
        asset,
        date,
        quantity,
        cost_kzt,
        kind,
        venue,
    })
}

/// Runs `salyq case ...`.
pub fn run(args: CaseArgs) -> ExitCode {
    match args.command {
        CaseCommand::New {
            case,
            name,
            iin,
            year,
            force,
            universal_declaration,
            sources,
        } => new(&case, name, iin, year, force, universal_declaration, &sources),
        CaseCommand::Import { case, sources } => {
            if sources.is_empty() {
                eprintln!("error: nothing to import: give FILES, --rates, --prices or --mapping");
                return ExitCode::from(2);
            }
            if let Err(clash) =
                salyq_core::output_guard::check(&[(&case, "the case file")], &sources.protected())
            {
                return super::refuse(clash);
            }
            // Read, change and save under the case's lock: another Salyq changing it waits.
            let held = match lock(&case) {
                Ok(l) => l,
                Err(code) => return code,
            };
            let Some(mut c) = open(&case) else {
                return ExitCode::from(1);
            };
            match import(&mut c, &sources) {
                Ok(0) => {
                    eprintln!("nothing new to import: {} was not changed", case.display());
                    ExitCode::SUCCESS
                }
                Ok(_) => save(&mut c, &case, &held),
                Err(code) => code,
            }
        }
        CaseCommand::Report {
            case,
            year,
            json,
            basic_deduction_months,
        } => {
            let Some(mut c) = open(&case) else {
                return ExitCode::from(1);
            };
            if let Some(months) = basic_deduction_months {
                let years: Vec<i32> = match year.or(c.tax_year) {
                    Some(y) => vec![y],
                    None => c.settings.rules.years().collect(),
                };
                if let Err(code) = store_deduction(&mut c, &case, &years, months) {
                    return code;
                }
            }
            computed(&case, c, |c, inputs, comp| {
                let view = View {
                    computation: comp,
                    year,
                };
                super::print_report(&view, inputs, &c.settings, json)
            })
        }
        CaseCommand::Forms {
            case,
            year,
            basic_deduction_months,
            args,
        } => {
            if let Err(msg) = args.check() {
                eprintln!("error: {msg}");
                return ExitCode::from(2);
            }
            let Some(mut c) = open(&case) else {
                return ExitCode::from(1);
            };
            let Some(year) = year.or(c.tax_year) else {
                eprintln!("error: the case has no tax year: add --year YYYY");
                return ExitCode::from(2);
            };
            if let Err(code) = guard_case(&case, &c, &args.outputs()) {
                return code;
            }
            if let Some(months) = basic_deduction_months
                && let Err(code) = store_deduction(&mut c, &case, &[year], months)
            {
                return code;
            }
            computed(&case, c, |c, inputs, comp| {
                forms::run_for(&args, year, inputs, &c.settings, comp, &c.taxpayer, &c.reviews)
            })
        }
        CaseCommand::Export {
            case,
            year,
            out,
            excel_ru,
        } => {
            let Some(c) = open(&case) else {
                return ExitCode::from(1);
            };
            let Some(year) = year.or(c.tax_year) else {
                eprintln!("error: the case has no tax year: add --year YYYY");
                return ExitCode::from(2);
            };
            let pack: Vec<PathBuf> = case::pack::PACK_FILES.iter().map(|(n, _)| out.join(n)).collect();
            let outputs: Vec<(&Path, &str)> = pack
                .iter()
                .map(|p| (p.as_path(), "a file of the review pack"))
                .collect();
            if let Err(code) = guard_case(&case, &c, &outputs) {
                return code;
            }
            computed(&case, c, |c, inputs, comp| {
                let files = case::pack::write_pack_computed(c, inputs, comp, year, &out, csv_style(excel_ru))
                    .map_err(|e| e.to_string())?;
                for f in &files {
                    eprintln!("wrote {}", f.display());
                }
                eprintln!(
                    "the review pack of tax year {year}: {} files in {}",
                    files.len(),
                    out.display()
                );
                Ok(())
            })
        }
        CaseCommand::Override(args) => record(args),
        CaseCommand::Show { case } => {
            let Some(c) = open(&case) else {
                return ExitCode::from(1);
            };
            print!("{}", show(&c));
            ExitCode::SUCCESS
        }
    }
}

/// Stores the months of basic deduction of `years` in the case's settings and saves it (only
/// when they change).
fn store_deduction(c: &mut Case, path: &Path, years: &[i32], months: u8) -> Result<(), ExitCode> {
    let wanted = |m: &mut std::collections::BTreeMap<i32, u8>| {
        for y in years {
            if months == 0 {
                m.remove(y);
            } else {
                m.insert(*y, months);
            }
        }
    };
    let mut after = c.settings.basic_deduction_months.clone();
    wanted(&mut after);
    if after == c.settings.basic_deduction_months {
        return Ok(());
    }
    // Read, change and save under the case's lock: the case read again once the lock is held,
    // so a change another Salyq saved meanwhile is kept.
    let held = lock(path)?;
    let Some(mut fresh) = open(path) else {
        return Err(ExitCode::from(1));
    };
    wanted(&mut fresh.settings.basic_deduction_months);
    match save(&mut fresh, path, &held) {
        ExitCode::SUCCESS => {
            *c = fresh;
            Ok(())
        }
        code => Err(code),
    }
}

/// Opens a case, printing the error when it cannot be.
fn open(path: &Path) -> Option<Case> {
    match case::open(path) {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}

/// Refuses (exit 2) outputs that are the case file, hold a file the case embeds, or are one
/// another.
fn guard_case(path: &Path, c: &Case, outputs: &[(&Path, &str)]) -> Result<(), ExitCode> {
    salyq_core::output_guard::check(outputs, &[(path, "the case file")]).map_err(super::refuse)?;
    let paths: Vec<&Path> = outputs.iter().map(|(p, _)| *p).collect();
    salyq_core::output_guard::check_embedded(&paths, &c.sources).map_err(super::refuse)
}

/// Takes the case's lock for a read, change and save, saying so when another Salyq holds it;
/// a case that cannot be saved (read-only) is refused before anything is done.
fn lock(path: &Path) -> Result<case::CaseLock, ExitCode> {
    if let Err(e) = salyq_core::safe_file::replaceable(path) {
        eprintln!("error: {}: {e}; the case was not changed", path.display());
        return Err(ExitCode::from(1));
    }
    case::lock(path, |p| {
        eprintln!(
            "waiting for {}, which another Salyq is changing (at most {} s)...",
            p.display(),
            case::lock::LOCK_WAIT.as_secs()
        );
    })
    .map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })
}

fn save(c: &mut Case, path: &Path, held: &case::CaseLock) -> ExitCode {
    match case::save_locked(c, path, held) {
        Ok(()) => {
            eprintln!("saved {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn new(
    path: &Path,
    name: Option<String>,
    iin: Option<Iin>,
    year: Option<i32>,
    force: bool,
    universal_declaration: bool,
    sources: &SourceArgs,
) -> ExitCode {
    if let Err(clash) = salyq_core::output_guard::check(&[(path, "the case file")], &sources.protected()) {
        return super::refuse(clash);
    }
    let held = match lock(path) {
        Ok(l) => l,
        Err(code) => return code,
    };
    if !force && path.exists() {
        eprintln!(
            "error: {} already exists: open it with `salyq case import`, or add --force to replace it",
            path.display()
        );
        return ExitCode::from(1);
    }
    let mut c = Case::new(Utc::now());
    c.taxpayer = Taxpayer {
        name: name.unwrap_or_default(),
        iin,
    };
    c.tax_year = year;
    if universal_declaration {
        salyq_core::compliance::universal::set(&mut c.settings, true);
    }
    if let Err(code) = import(&mut c, sources) {
        return code;
    }
    save(&mut c, path, &held)
}

/// Imports the files into the case and checks that the case's sources read together. Returns
/// how many sources and mappings were added; on error the problems are printed and the case
/// must not be saved.
fn import(c: &mut Case, sources: &SourceArgs) -> Result<usize, ExitCode> {
    let mut errors: Vec<InputError> = Vec::new();
    let mut added = 0;
    for (file, _) in &sources.tz_of {
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let given = sources.files().any(|(p, _)| {
            p.display().to_string() == *file || p.file_name().is_some_and(|n| n.to_string_lossy() == base)
        });
        if !given {
            eprintln!(
                "note: --tz-of names {file}, which is not among the files imported here: it was not used"
            );
        }
    }
    for path in &sources.mapping {
        match Mapping::load(path) {
            Ok(m) if c.mappings.contains(&m) => {
                eprintln!("skipped the mapping {}: already in the case", path.display());
            }
            Ok(m) => {
                c.mappings.push(m);
                added += 1;
            }
            Err(e) => errors.push(e),
        }
    }
    let now = Utc::now();
    for (path, role) in sources.files() {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(InputError::file(&name, Problem::CannotOpen(e.to_string())));
                continue;
            }
        };
        let sha = case::sha256_hex(&bytes);
        if let Some(s) = c.source_with_sha256(&sha) {
            eprintln!(
                "skipped {}: the same content is already in the case as {}",
                path.display(),
                s.name
            );
            if sources.zone_for(&name).is_some_and(|z| s.tz != Some(z)) {
                eprintln!(
                    "note: the zone given for {} was not stored: the case reads {} as before",
                    path.display(),
                    s.name
                );
            }
            continue;
        }
        match c.import_with_zone(&name, bytes, role, sources.zone_for(&name), now) {
            Ok(()) => {
                added += 1;
                if let Some(s) = c.sources.last() {
                    eprintln!("imported {} ({})", s.name, s.format);
                }
            }
            Err(mut e) => errors.append(&mut e.0),
        }
    }
    if errors.is_empty() && added > 0 {
        // Each file was read alone; read them together (rate tables that disagree, ...).
        if let Err(e) = c.inputs() {
            errors = e.0;
        }
    }
    if !errors.is_empty() {
        print_errors(&InputErrors(errors));
        eprintln!("the case was not saved");
        return Err(ExitCode::from(1));
    }
    Ok(added)
}

/// Computes the opened case and runs `f`; prints the import report after the output, as
/// the other commands do.
fn computed(
    path: &Path,
    c: Case,
    f: impl FnOnce(&Case, &Inputs, &Computation) -> Result<(), String>,
) -> ExitCode {
    let (inputs, comp) = match c.compute() {
        Ok(x) => x,
        Err(errors) => {
            eprintln!("error: the sources in {} cannot be used", path.display());
            print_errors(&errors);
            return ExitCode::from(1);
        }
    };
    let code = match f(&c, &inputs, &comp) {
        Ok(()) => {
            for r in &inputs.reports {
                eprintln!("read {r}");
            }
            let open_warnings = c.open_warnings(&comp.warnings);
            if open_warnings > 0 {
                eprintln!(
                    "{open_warnings} of {} warnings not yet reviewed in the case",
                    comp.warnings.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    };
    // The process ends now: let the OS reclaim the memory at once.
    std::mem::forget(comp);
    std::mem::forget(inputs);
    std::mem::forget(c);
    code
}

fn record(args: OverrideArgs) -> ExitCode {
    let adds = args.exempt.len()
        + args.exclude.len()
        + args.add_purchase.len()
        + args.venue.len()
        + args.issuer_country.len();
    if adds == 0 && args.remove.is_empty() {
        eprintln!(
            "error: no decision given: add --exempt, --exclude, --add-purchase, --venue, --issuer-country or --remove"
        );
        return ExitCode::from(2);
    }
    let reason = args.reason.clone().unwrap_or_default();
    if adds > 0 && reason.trim().is_empty() {
        eprintln!("error: a decision needs its reason: add --reason TEXT");
        return ExitCode::from(2);
    }
    if args.for_trade.is_some() && args.add_purchase.is_empty() {
        eprintln!("error: --for names the sale an entered purchase covers: add --add-purchase");
        return ExitCode::from(2);
    }
    let by = match &args.by {
        Some(b) => Some(b.clone()).filter(|b| !b.trim().is_empty()),
        None => overrides::default_user(),
    };
    let Some(by) = by else {
        eprintln!("error: who decides is not known: add --by NAME");
        return ExitCode::from(2);
    };
    let held = match lock(&args.case) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let Some(mut c) = open(&args.case) else {
        return ExitCode::from(1);
    };
    // Every trade named must be in the case: a mistyped FILE:LINE would otherwise do nothing.
    let named: Vec<&TradeKey> = args
        .exempt
        .iter()
        .map(|(k, _)| k)
        .chain(args.exclude.iter().map(|(k, _)| k))
        .chain(args.for_trade.as_ref())
        .collect();
    if !named.is_empty() {
        let inputs = match c.inputs() {
            Ok(i) => i,
            Err(errors) => {
                eprintln!("error: the sources in {} cannot be used", args.case.display());
                print_errors(&errors);
                return ExitCode::from(1);
            }
        };
        let known: std::collections::HashSet<TradeKey> = inputs
            .trades
            .iter()
            .map(|t| TradeKey::of(&t.source()))
            .chain(
                inputs
                    .reports
                    .iter()
                    .flat_map(|r| r.unresolved.iter().map(|g| g.key(&r.file))),
            )
            .chain(c.settings.overrides.iter().filter_map(|o| match o.change {
                Change::AddPurchase { .. } => Some(TradeKey {
                    file: overrides::ENTERED.into(),
                    line: o.id,
                }),
                _ => None,
            }))
            .collect();
        let unknown: Vec<String> = named
            .iter()
            .filter(|k| !known.contains(**k))
            .map(|k| k.to_string())
            .collect();
        if !unknown.is_empty() {
            eprintln!(
                "error: no trade at {} in the case (FILE is the file name as imported, LINE the trade's line; \
                 `salyq case show` lists the sources); the case was not changed",
                unknown.join(", ")
            );
            return ExitCode::from(1);
        }
    }
    // Every security named must be in the case too (by symbol or ISIN, in a trade or a payment).
    if !args.issuer_country.is_empty() {
        let inputs = match c.inputs() {
            Ok(i) => i,
            Err(errors) => {
                eprintln!("error: the sources in {} cannot be used", args.case.display());
                print_errors(&errors);
                return ExitCode::from(1);
            }
        };
        let known = |security: &str| {
            let s = security.trim();
            inputs.trades.iter().any(|t| {
                t.asset.eq_ignore_ascii_case(s)
                    || salyq_core::yearly::isin_of(t).is_some_and(|i| i.eq_ignore_ascii_case(s))
                    || t.note
                        .as_deref()
                        .and_then(salyq_core::compliance::issuer::find_isin)
                        .is_some_and(|i| i.eq_ignore_ascii_case(s))
            }) || inputs.income.iter().any(|p| {
                p.asset.eq_ignore_ascii_case(s)
                    || p.isin.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(s))
            })
        };
        let unknown: Vec<&str> = args
            .issuer_country
            .iter()
            .map(|(sec, _)| sec.as_str())
            .filter(|sec| !known(sec))
            .collect();
        if !unknown.is_empty() {
            eprintln!(
                "error: no security {} in the case (give its symbol as the files write it, or its ISIN; \
                 `salyq case report --json` lists them under securities); the case was not changed",
                unknown.join(", ")
            );
            return ExitCode::from(1);
        }
    }
    for id in &args.remove {
        let before = c.settings.overrides.len();
        c.settings.overrides.retain(|o| o.id != *id);
        if c.settings.overrides.len() == before {
            eprintln!("error: the case has no override {id}; the case was not changed");
            return ExitCode::from(1);
        }
        eprintln!("removed override {id}");
    }
    let now = Utc::now();
    let mut changes: Vec<Change> = Vec::with_capacity(adds);
    changes.extend(args.exempt.iter().map(|(trade, exemption)| Change::Exempt {
        trade: trade.clone(),
        exemption: *exemption,
    }));
    changes.extend(args.exclude.iter().map(|(trade, why)| Change::Exclude {
        trade: trade.clone(),
        why: *why,
    }));
    changes.extend(args.add_purchase.iter().map(|p| Change::AddPurchase {
        asset: p.asset.clone(),
        kind: p.kind,
        date: p.date,
        quantity: p.quantity,
        cost_kzt: p.cost_kzt,
        venue: p.venue.clone(),
        for_trade: args.for_trade.clone(),
    }));
    changes.extend(args.venue.iter().map(|(venue, country)| Change::VenueCountry {
        venue: venue.clone(),
        country: *country,
    }));
    changes.extend(
        args.issuer_country
            .iter()
            .map(|(security, country)| Change::IssuerCountry {
                security: security.clone(),
                country: country.clone(),
            }),
    );
    for change in changes {
        let (what, subject, details) = case::pack::describe(&change, salyq_core::export::CsvStyle::Plain);
        let id = c.record(change, reason.clone(), by.clone(), now);
        eprintln!("recorded override {id}: {what} {subject} ({details})");
    }
    save(&mut c, &args.case, &held)
}

/// What `case show` prints.
fn show(c: &Case) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Taxpayer: {}  IIN: {}",
        if c.taxpayer.name.is_empty() {
            "—"
        } else {
            &c.taxpayer.name
        },
        c.taxpayer.iin.as_ref().map_or("—", |i| i.as_str())
    );
    let _ = writeln!(
        s,
        "Tax year: {}",
        c.tax_year.map_or_else(|| "—".to_string(), |y| y.to_string())
    );
    let _ = writeln!(s, "Created: {}", c.created_at.to_rfc3339());
    if let Some((at, by)) = &c.saved {
        let _ = writeln!(s, "Saved: {} by {by}", at.to_rfc3339());
    }
    let _ = writeln!(
        s,
        "Method: {}  Time zone: {}  Stablecoins at par: {}",
        c.settings.method, c.settings.tz, c.settings.stablecoins_at_par
    );
    let havens = &c.settings.tax_havens;
    if !havens.is_empty() {
        let list = |set: &std::collections::BTreeSet<String>| {
            if set.is_empty() {
                "—".to_string()
            } else {
                set.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        let _ = writeln!(
            s,
            "TAX-HAVEN SOURCES (acquisitions at zero cost, NC Art. 387(7), 389(5)): venues {}; assets {}",
            list(&havens.venues),
            list(&havens.assets)
        );
    }
    if c.settings.universal_declaration {
        let _ = writeln!(
            s,
            "Universal declaration: on (tax years up to 2024 file 270.00 by 15 September)"
        );
    }
    for (year, months) in &c.settings.basic_deduction_months {
        let _ = writeln!(
            s,
            "Basic deduction {year}: {months} month(s) no employer applied it"
        );
    }
    let _ = writeln!(s, "\nSources ({}):", c.sources.len());
    for src in &c.sources {
        let _ = writeln!(
            s,
            "  {}  {} bytes  {}  imported {}  sha256 {}",
            src.name,
            src.content.len(),
            src.format,
            src.imported_at.to_rfc3339(),
            src.sha256
        );
        if let Some(z) = src.tz {
            let _ = writeln!(s, "    read in the time zone {z} (given with --tz-of)");
        }
    }
    if !c.mappings.is_empty() {
        let _ = writeln!(s, "Column mappings: {}", c.mappings.len());
    }
    let _ = writeln!(s, "\nOverrides ({}):", c.settings.overrides.len());
    for o in &c.settings.overrides {
        let (what, subject, details) = case::pack::describe(&o.change, salyq_core::export::CsvStyle::Plain);
        let _ = writeln!(
            s,
            "  {:>3}  {what} {subject} ({details}) — \"{}\", {} at {}",
            o.id,
            o.reason,
            o.by,
            o.at.to_rfc3339()
        );
    }
    let _ = writeln!(s, "\nWarning reviews ({}):", c.reviews.len());
    for r in &c.reviews {
        let _ = writeln!(
            s,
            "  {}  {} {}: {} — \"{}\", {} at {}",
            case::pack::status_str(r.status),
            r.warning.kind,
            r.warning.source.as_deref().unwrap_or("-"),
            r.warning.message,
            r.reason,
            r.by,
            r.at.to_rfc3339()
        );
    }
    let _ = writeln!(s, "\nNotes on trades ({}):", c.notes.trades.len());
    for n in &c.notes.trades {
        let _ = writeln!(s, "  {}: {} — {} at {}", n.trade, n.text, n.by, n.at.to_rfc3339());
    }
    if !c.notes.case.is_empty() {
        let _ = writeln!(s, "\nNote on the case:\n  {}", c.notes.case.replace('\n', "\n  "));
    }
    s
}
