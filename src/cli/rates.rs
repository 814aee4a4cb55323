//! `salyq rates fetch`: the National Bank's official rates for a range of days or a whole year,
//! written as a rate table. The only command that connects to the network; only the dates are
//! sent (`?fdate=DD.MM.YYYY`), to the bank's address or the one given with `--url`.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use salyq_core::nbk::fetch::{self, Fetched, Options, Step};
use salyq_core::nbk::xml;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Options of `salyq rates`.
#[derive(Args)]
pub struct RatesArgs {
    #[command(subcommand)]
    command: RatesCommand,
}

#[derive(Subcommand)]
enum RatesCommand {
    /// Fetches the National Bank's official rates, day by day, and writes a rate table
    /// (date,currency,rate,quant,days). Only the dates are sent. Days already fetched are taken
    /// from the cache (the `rates` folder in Salyq's data folder, or $SALYQ_DATA_DIR/rates).
    Fetch(FetchArgs),
}

#[derive(Args)]
struct FetchArgs {
    /// The first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_day, requires = "to", conflicts_with = "year")]
    from: Option<NaiveDate>,
    /// The last day (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE", value_parser = parse_day, requires = "from")]
    to: Option<NaiveDate>,
    /// A whole year, and its average rate per currency (the mean of the daily rates, with the
    /// count of days) as the bare-year row the annual-average rule uses.
    #[arg(long, value_name = "YYYY")]
    year: Option<i32>,
    /// Only these currencies (comma-separated, e.g. USD,EUR,RUB); default: every currency the
    /// bank publishes.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    currency: Vec<String>,
    /// The rate table to write (replaced atomically; an existing file that is not a table
    /// written by this command is never overwritten).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The address to ask instead of the bank's (a mirror); `?fdate=DD.MM.YYYY` is added.
    #[arg(long, value_name = "URL", default_value = fetch::DEFAULT_URL)]
    url: String,
    /// Tries per day before giving up.
    #[arg(long, value_name = "N", default_value_t = 3)]
    tries: u32,
    /// The waits between tries, in milliseconds (comma-separated; the last is reused).
    #[arg(
        long,
        value_name = "MS,...",
        value_delimiter = ',',
        default_value = "500,1000,2000"
    )]
    backoff_ms: Vec<u64>,
    /// The pause between two requests, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 250)]
    pace_ms: u64,
    /// How long one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
    timeout: f64,
    /// Neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    salyq_core::parse::date(s)
        .or_else(|| xml::bank_date(s))
        .ok_or_else(|| format!("\"{s}\" is not a date: expected one such as 2024-03-05"))
}

/// The first line of the tables this command writes.
const HEADER: &str = "date,currency,rate,quant,days";

/// Runs `salyq rates`.
pub fn run(args: RatesArgs) -> ExitCode {
    match args.command {
        RatesCommand::Fetch(a) => match fetch_command(&a) {
            Ok(()) => ExitCode::SUCCESS,
            Err((code, msg)) => {
                eprintln!("error: {msg}");
                ExitCode::from(code)
            }
        },
    }
}

fn fetch_command(a: &FetchArgs) -> Result<(), (u8, String)> {
    let usage = |m: String| (2u8, m);
    let (from, to) = match (a.from, a.to, a.year) {
        (Some(f), Some(t), None) => (f, t),
        (None, None, Some(y)) => match (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y, 12, 31),
        ) {
            (Some(f), Some(t)) if (1993..=2100).contains(&y) => (f, t),
            _ => {
                return Err(usage(format!(
                    "--year {y} is not a year of tenge rates: expected 1993 to 2100"
                )));
            }
        },
        _ => {
            return Err(usage(
                "give the days to fetch: --from DATE --to DATE, or --year YYYY".to_string(),
            ));
        }
    };
    if from > to {
        return Err(usage(format!("--from {from} is after --to {to}")));
    }
    let today = chrono::Local::now().date_naive();
    if from > today {
        return Err(usage(format!(
            "--from {from} is after today ({today}): the bank has no rates for it yet"
        )));
    }
    let to = if to > today {
        eprintln!("note: the days after today ({today}) are not asked: the bank has not published them");
        if a.year.is_some() {
            eprintln!("note: the year is not over: its average is of the days published so far");
        }
        today
    } else {
        to
    };
    let days = fetch::days(from, to);
    if days.len() > 4000 {
        return Err(usage(format!(
            "{} days is more than 4000: fetch a few years at a time",
            days.len()
        )));
    }
    let mut currencies = Vec::new();
    for c in &a.currency {
        match salyq_core::parse::code(c) {
            Some(code) if !code.is_empty() => currencies.push(code),
            _ => {
                return Err(usage(format!(
                    "\"{c}\" is not a currency code: expected e.g. USD,EUR,RUB"
                )));
            }
        }
    }
    if !(a.timeout > 0.0 && a.timeout <= 600.0) {
        return Err(usage(format!("--timeout {} is not 0 to 600 seconds", a.timeout)));
    }
    check_out(&a.out).map_err(usage)?;
    let options = Options {
        url: a.url.clone(),
        tries: a.tries.max(1),
        backoff: a.backoff_ms.iter().map(|ms| Duration::from_millis(*ms)).collect(),
        pace: Duration::from_millis(a.pace_ms),
        timeout: Duration::from_secs_f64(a.timeout),
        cache: if a.no_cache { None } else { fetch::cache_dir() },
        ..Options::default()
    };
    eprintln!(
        "asking {} for {} day{} ({from} to {to}); only the dates are sent",
        options.url,
        days.len(),
        if days.len() == 1 { "" } else { "s" }
    );
    let mut bar = Bar::new(std::io::stderr().is_terminal());
    let cancel = AtomicBool::new(false);
    let fetched = fetch::fetch(&days, &options, &mut |s| bar.step(s), &cancel);
    bar.finish();
    let fetched = fetched.map_err(|e| (1u8, e.to_string()))?;
    let filter = (!currencies.is_empty()).then_some(currencies.as_slice());
    let averages = match a.year {
        Some(y) => fetch::averages(&fetched, y, filter),
        None => Vec::new(),
    };
    let mut rows = 0;
    salyq_core::export::write_atomic(&a.out, |w| {
        rows = fetch::write_table(w, &fetched, filter, &averages)?;
        Ok(())
    })
    .map_err(|e| (1u8, format!("cannot write {}: {e}", a.out.display())))?;
    report(&fetched, &currencies, &averages, rows, &a.out);
    Ok(())
}

/// Refuses an `--out` that exists and is not a table this command wrote (a trade file, an
/// input), or that is a folder.
fn check_out(out: &Path) -> Result<(), String> {
    if out.is_dir() {
        return Err(format!("--out {} is a folder: give a file name", out.display()));
    }
    if !out.exists() {
        return Ok(());
    }
    let mut head = [0u8; 64];
    let n = std::fs::File::open(out)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    if head[..n].starts_with(HEADER.as_bytes()) {
        Ok(())
    } else {
        Err(format!(
            "{} exists and is not a rate table written by `salyq rates fetch`: it is left as it is; \
             choose another --out",
            out.display()
        ))
    }
}

fn report(fetched: &Fetched, currencies: &[String], averages: &[fetch::Average], rows: usize, out: &Path) {
    let empty = fetched.days.values().filter(|r| r.is_empty()).count();
    for c in currencies {
        if !fetched.days.values().flatten().any(|r| &r.currency == c) {
            eprintln!("warning: the bank published no {c} rate on these days");
        }
    }
    for a in averages {
        eprintln!(
            "{} average {} = {} per {} (mean of {} daily rates)",
            a.year,
            a.currency,
            a.rate,
            a.quant.normalize(),
            a.days
        );
    }
    eprintln!(
        "wrote {rows} daily rates{} to {} ({} days: {} from the cache, {} without rates; {} requests)",
        if averages.is_empty() {
            String::new()
        } else {
            format!(" and {} annual averages", averages.len())
        },
        out.display(),
        fetched.days.len(),
        fetched.cached,
        empty,
        fetched.requests
    );
    if let Some(y) = averages.first().map(|a| a.year) {
        eprintln!(
            "use it with --rates {} (add --fx-rule annual-average for {y}'s average)",
            out.display()
        );
    } else {
        eprintln!("use it with --rates {}", out.display());
    }
}

/// A progress bar on stderr, redrawn in place on a terminal (else one line every 10%).
struct Bar {
    tty: bool,
    last_tenth: usize,
}

impl Bar {
    fn new(tty: bool) -> Bar {
        Bar { tty, last_tenth: 0 }
    }

    fn step(&mut self, s: Step) {
        let width = 30;
        let filled = s.done * width / s.total.max(1);
        if self.tty {
            let mut err = std::io::stderr().lock();
            let _ = write!(
                err,
                "\r[{}{}] {}/{} {}{}",
                "#".repeat(filled),
                ".".repeat(width - filled),
                s.done,
                s.total,
                s.date,
                if s.cached { " (cache)" } else { "        " }
            );
            let _ = err.flush();
        } else {
            let tenth = s.done * 10 / s.total.max(1);
            if tenth > self.last_tenth {
                self.last_tenth = tenth;
                eprintln!("{}/{} days ({}%)", s.done, s.total, tenth * 10);
            }
        }
    }

    fn finish(&mut self) {
        if self.tty {
            eprintln!();
        }
    }
}
