//! Fetching the bank's daily rates for a list of days: each day asked once
//! (`…/get_rates.cfm?fdate=DD.MM.YYYY`), answers kept in a cache folder (a folder of daily XML
//! files, which `--rates FOLDER` reads too) so that no day is asked twice, retries with back-off
//! on timeouts and server errors, a pause between requests, and cancel. Only the dates leave
//! the machine. Also the rate table written from the days fetched, with the year's average,
//! and the commands that would fetch what a computation misses.

use super::http::{Client, HttpError};
use super::xml::{self, BankRate};
use crate::error::{InputError, InputErrors, Problem};
use crate::money;
use crate::rates::{MAX_RATE_GAP_DAYS, RateWanted};
use crate::valuation::ValueGap;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The bank's address for one day's rates (`?fdate=DD.MM.YYYY` is added).
pub const DEFAULT_URL: &str = "https://nationalbank.kz/rss/get_rates.cfm";

/// The environment variable that overrides the data folder (the cache is its `rates/`).
pub const DATA_DIR_VAR: &str = "SALYQ_DATA_DIR";

/// The address asked for `date`.
pub fn day_url(base: &str, date: NaiveDate) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}fdate={}", date.format("%d.%m.%Y"))
}

/// The address asked, with the date as a pattern: `…?fdate=DD.MM.YYYY`.
pub fn url_pattern(base: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}fdate=DD.MM.YYYY")
}

/// The user's data folder for Salyq: `$SALYQ_DATA_DIR`, else `$XDG_DATA_HOME/salyq` or
/// `~/.local/share/salyq` (Linux and other Unix), `~/Library/Application Support/salyq` (macOS),
/// `%APPDATA%\salyq` (Windows).
pub fn data_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var(DATA_DIR_VAR) {
        return Some(dir);
    }
    if cfg!(windows) {
        return var("APPDATA").map(|d| d.join("salyq"));
    }
    if cfg!(target_os = "macos") {
        return var("HOME").map(|h| h.join("Library/Application Support/salyq"));
    }
    var("XDG_DATA_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".local/share")))
        .map(|d| d.join("salyq"))
}

/// The cache of fetched days: `rates/` in the data folder.
pub fn cache_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("rates"))
}

/// How to fetch.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address asked (the bank's, a mirror's, or a test server's), without `?fdate=`.
    pub url: String,
    /// Tries per day (at least 1).
    pub tries: u32,
    /// The wait before the second, third... try (the last value is reused).
    pub backoff: Vec<Duration>,
    /// The pause between two requests (none after a day found in the cache).
    pub pace: Duration,
    /// How long one request may take.
    pub timeout: Duration,
    /// The cache folder, if any.
    pub cache: Option<PathBuf>,
    /// Today: this day and later ones are never cached (the bank may still publish them).
    pub today: NaiveDate,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            url: DEFAULT_URL.to_string(),
            tries: 3,
            backoff: vec![
                Duration::from_millis(500),
                Duration::from_secs(1),
                Duration::from_secs(2),
            ],
            pace: Duration::from_millis(250),
            timeout: Duration::from_secs(20),
            cache: cache_dir(),
            today: chrono::Local::now().date_naive(),
        }
    }
}

/// How far a fetch is, after each day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Days done.
    pub done: usize,
    /// Days to do.
    pub total: usize,
    /// The day just done.
    pub date: NaiveDate,
    /// Whether it came from the cache.
    pub cached: bool,
}

/// The days fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// Each day asked, with its rates (none on a day without rates).
    pub days: BTreeMap<NaiveDate, Vec<BankRate>>,
    /// Requests sent (retries included).
    pub requests: usize,
    /// Days taken from the cache.
    pub cached: usize,
}

/// Why a fetch stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// A day could not be fetched after every try.
    Http {
        /// The address.
        url: String,
        /// The last failure.
        error: HttpError,
        /// Tries made.
        tries: u32,
    },
    /// The answer is not the bank's XML.
    BadAnswer {
        /// The address.
        url: String,
        /// What is wrong with it.
        errors: Vec<InputError>,
    },
    /// The user cancelled.
    Cancelled,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Http { url, error, tries } => write!(
                f,
                "cannot fetch {url}: {error} (tried {tries} time{}); check the connection, or give a \
                 mirror with --url, then run the same command again: days already fetched are kept",
                if *tries == 1 { "" } else { "s" }
            ),
            FetchError::BadAnswer { url, errors } => {
                write!(f, "the answer of {url} is not the bank's rates XML: ")?;
                write!(f, "{}", InputErrors(errors.clone()))
            }
            FetchError::Cancelled => f.write_str("the fetch was cancelled"),
        }
    }
}

/// Every day from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|d| *d <= to).collect()
}

/// Sleeps `d`, waking early (false) when `cancel` is set.
fn sleep(d: Duration, cancel: &AtomicBool) -> bool {
    let step = Duration::from_millis(20);
    let mut left = d;
    while !left.is_zero() {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        let s = left.min(step);
        std::thread::sleep(s);
        left -= s;
    }
    !cancel.load(Ordering::Relaxed)
}

fn cache_file(dir: &Path, date: NaiveDate) -> PathBuf {
    dir.join(format!("{}.xml", date.format("%Y-%m-%d")))
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that a cache file is
/// either whole or absent.
fn write_cache(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::safe_file::write_atomic(path, crate::safe_file::NewFile::Shared, |w| w.write_all(bytes))
}

/// Fetches `days` (in order), from the cache where it has them, else from `options.url`.
/// `step` is called after each day. Nothing is written but the cache.
pub fn fetch(
    days: &[NaiveDate],
    options: &Options,
    step: &mut dyn FnMut(Step),
    cancel: &AtomicBool,
) -> Result<Fetched, FetchError> {
    let local = is_local(&options.url);
    let client = Client::new(options.timeout, local);
    let mut out = Fetched::default();
    let mut asked_before = false;
    for (i, &date) in days.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(FetchError::Cancelled);
        }
        let cached_path = options.cache.as_deref().map(|d| cache_file(d, date));
        let from_cache = cached_path
            .as_deref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| xml::read(&bytes, "cache").ok());
        let cached = from_cache.is_some();
        let file = match from_cache {
            Some(f) => {
                out.cached += 1;
                f
            }
            None => {
                if asked_before && !sleep(options.pace, cancel) {
                    return Err(FetchError::Cancelled);
                }
                asked_before = true;
                let url = day_url(&options.url, date);
                let bytes = get_with_retries(&client, &url, options, cancel, &mut out.requests)?;
                let file = xml::read(&bytes, &url).map_err(|errors| FetchError::BadAnswer {
                    url: url.clone(),
                    errors,
                })?;
                if date < options.today
                    && let Some(p) = &cached_path
                {
                    // A cache that cannot be written only means asking again next time.
                    let _ = write_cache(p, &bytes);
                }
                file
            }
        };
        out.days.entry(date).or_default().extend(file.rates);
        step(Step {
            done: i + 1,
            total: days.len(),
            date,
            cached,
        });
    }
    Ok(out)
}

fn is_local(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

fn get_with_retries(
    client: &Client,
    url: &str,
    options: &Options,
    cancel: &AtomicBool,
    requests: &mut usize,
) -> Result<Vec<u8>, FetchError> {
    let tries = options.tries.max(1);
    let mut attempt = 0;
    loop {
        attempt += 1;
        *requests += 1;
        match client.get(url) {
            Ok(bytes) => return Ok(bytes),
            Err(e) if e.is_transient() && attempt < tries => {
                let wait = options
                    .backoff
                    .get(attempt as usize - 1)
                    .or(options.backoff.last())
                    .copied()
                    .unwrap_or_default();
                if !sleep(wait, cancel) {
                    return Err(FetchError::Cancelled);
                }
            }
            Err(error) => {
                return Err(FetchError::Http {
                    url: url.to_string(),
                    error,
                    tries: attempt,
                });
            }
        }
    }
}

/// A year's average rate of one currency: the arithmetic mean of its daily official rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Average {
    /// The currency.
    pub currency: String,
    /// The year.
    pub year: i32,
    /// The mean of the daily rates per `quant` units, rounded half-up to 0.01 tenge as the bank
    /// writes its rates.
    pub rate: Decimal,
    /// The units `rate` is for (the last day's quant).
    pub quant: Decimal,
    /// How many daily rates the mean is of.
    pub days: usize,
}

/// Only the rates of `currencies` (all when `None`).
fn wanted(currencies: Option<&[String]>, code: &str) -> bool {
    currencies.is_none_or(|c| c.iter().any(|x| x == code))
}

/// The averages of `year` per currency, from the days fetched.
pub fn averages(fetched: &Fetched, year: i32, currencies: Option<&[String]>) -> Vec<Average> {
    let mut per: BTreeMap<&str, (Decimal, usize, Decimal)> = BTreeMap::new();
    for rates in fetched.days.values() {
        for r in rates
            .iter()
            .filter(|r| r.date.year() == year && wanted(currencies, &r.currency))
        {
            let e = per.entry(&r.currency).or_insert((Decimal::ZERO, 0, r.quant));
            e.0 += r.per_unit();
            e.1 += 1;
            e.2 = r.quant;
        }
    }
    per.into_iter()
        .map(|(c, (sum, n, quant))| Average {
            currency: c.to_string(),
            year,
            rate: money::round_tiyn(sum / Decimal::from(n as u64) * quant),
            quant,
            days: n,
        })
        .collect()
}

/// Writes the rate table of the days fetched: `date,currency,rate,quant,days`, one row per day
/// and currency (rate and quant as the bank publishes them), then each average as a bare-year
/// row with its count of days.
pub fn write_table(
    w: &mut dyn Write,
    fetched: &Fetched,
    currencies: Option<&[String]>,
    averages: &[Average],
) -> io::Result<usize> {
    writeln!(w, "date,currency,rate,quant,days")?;
    let mut rows: Vec<&BankRate> = fetched
        .days
        .values()
        .flatten()
        .filter(|r| wanted(currencies, &r.currency))
        .collect();
    rows.sort_by(|a, b| (a.date, &a.currency).cmp(&(b.date, &b.currency)));
    rows.dedup_by(|a, b| a.date == b.date && a.currency == b.currency);
    for r in &rows {
        writeln!(w, "{},{},{},{},", r.date, r.currency, r.rate, r.quant.normalize())?;
    }
    for a in averages {
        writeln!(
            w,
            "{},{},{},{},{}",
            a.year,
            a.currency,
            a.rate,
            a.quant.normalize(),
            a.days
        )?;
    }
    Ok(rows.len())
}

/// The official rates a computation could not find, gathered from its errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needed {
    /// Currencies missing a rate.
    pub currencies: BTreeSet<String>,
    /// Tax dates that need a daily rate before them.
    pub dates: BTreeSet<NaiveDate>,
    /// Years that need the annual average.
    pub years: BTreeSet<i32>,
    /// Assets missing a price (on these tax dates).
    pub prices: BTreeMap<String, BTreeSet<NaiveDate>>,
}

impl Needed {
    /// What the errors say is missing.
    pub fn from_errors(errors: &[InputError]) -> Needed {
        let mut n = Needed::default();
        for e in errors {
            let Problem::CannotValue { gap, .. } = &e.problem else {
                continue;
            };
            match &**gap {
                ValueGap::NoRate { currency, wanted, .. } => {
                    n.currencies.insert(currency.clone());
                    match wanted {
                        RateWanted::DailyBefore(d) => {
                            n.dates.insert(*d);
                        }
                        RateWanted::AnnualAverage(y) => {
                            n.years.insert(*y);
                        }
                    }
                }
                ValueGap::NoPrice {
                    asset,
                    currency,
                    date,
                } => {
                    n.prices.entry(asset.clone()).or_default().insert(*date);
                    n.prices.entry(currency.clone()).or_default().insert(*date);
                }
                ValueGap::NoFeePrice { asset, date } => {
                    n.prices.entry(asset.clone()).or_default().insert(*date);
                }
                ValueGap::TooLarge(..) => {}
            }
        }
        n
    }

    /// True when no official rate is missing.
    pub fn no_rates(&self) -> bool {
        self.dates.is_empty() && self.years.is_empty()
    }

    /// The first and last day to fetch for the daily rates: from ten days before the first tax
    /// date (the longest gap a rate may have) to the day before the last.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = *self.dates.first()?;
        let last = *self.dates.last()?;
        Some((
            first - chrono::Duration::days(MAX_RATE_GAP_DAYS),
            last - chrono::Duration::days(1),
        ))
    }

    /// The days to fetch: for each tax date the ten days before it, and every day of each year
    /// that needs its average.
    pub fn days(&self) -> Vec<NaiveDate> {
        let mut set = BTreeSet::new();
        for d in &self.dates {
            for k in 1..=MAX_RATE_GAP_DAYS {
                set.insert(*d - chrono::Duration::days(k));
            }
        }
        for y in &self.years {
            if let (Some(a), Some(b)) = (
                NaiveDate::from_ymd_opt(*y, 1, 1),
                NaiveDate::from_ymd_opt(*y, 12, 31),
            ) {
                set.extend(days(a, b));
            }
        }
        set.into_iter().collect()
    }

    /// The `salyq rates fetch` commands that get the missing rates.
    pub fn commands(&self) -> Vec<String> {
        let ccy: Vec<&str> = self.currencies.iter().map(String::as_str).collect();
        let ccy = ccy.join(",");
        let mut out = Vec::new();
        if let Some((from, to)) = self.range() {
            out.push(format!(
                "salyq rates fetch --from {from} --to {to} --currency {ccy} --out rates-{from}-{to}.csv"
            ));
        }
        for y in &self.years {
            out.push(format!(
                "salyq rates fetch --year {y} --currency {ccy} --out rates-{y}.csv"
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        crate::parse::date(s).unwrap()
    }

    #[test]
    fn addresses_and_local_hosts() {
        assert_eq!(
            day_url(DEFAULT_URL, d("2024-01-05")),
            "https://nationalbank.kz/rss/get_rates.cfm?fdate=05.01.2024"
        );
        assert_eq!(
            day_url("http://m/x?a=1", d("2024-12-31")),
            "http://m/x?a=1&fdate=31.12.2024"
        );
        assert!(is_local("http://127.0.0.1:4567/rss"));
        assert!(is_local("http://localhost/rss"));
        assert!(!is_local(DEFAULT_URL));
    }

    #[test]
    fn the_average_is_the_mean_of_the_daily_rates() {
        let rate = |date: &str, c: &str, r, q| BankRate {
            date: d(date),
            currency: c.into(),
            rate: r,
            quant: q,
            line: 1,
        };
        let mut f = Fetched::default();
        f.days.insert(
            d("2024-01-02"),
            vec![rate("2024-01-02", "USD", dec!(450), dec!(1))],
        );
        f.days.insert(
            d("2024-01-03"),
            vec![rate("2024-01-03", "USD", dec!(451), dec!(1))],
        );
        f.days.insert(
            d("2024-01-04"),
            vec![rate("2024-01-04", "USD", dec!(452.01), dec!(1))],
        );
        f.days.insert(d("2024-01-06"), vec![]);
        // (450 + 451 + 452.01) / 3 = 1353.01 / 3 = 451.00333… → 451.00, over 3 days.
        let a = averages(&f, 2024, None);
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].rate, a[0].days), (dec!(451.00), 3));
        let mut out = Vec::new();
        write_table(&mut out, &f, Some(&["USD".to_string()]), &a).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "date,currency,rate,quant,days\n2024-01-02,USD,450,1,\n2024-01-03,USD,451,1,\n\
             2024-01-04,USD,452.01,1,\n2024,USD,451.00,1,3\n"
        );
    }

    #[test]
    fn needed_rates_give_the_command() {
        let gap = |c: &str, w| {
            InputError::file(
                "t.csv",
                Problem::CannotValue {
                    more: 0,
                    gap: Box::new(ValueGap::NoRate {
                        currency: c.into(),
                        wanted: w,
                        rule: crate::rules::FxRule::PreviousBusinessDay,
                    }),
                },
            )
        };
        let n = Needed::from_errors(&[
            gap("USD", RateWanted::DailyBefore(d("2024-03-05"))),
            gap("EUR", RateWanted::DailyBefore(d("2024-06-20"))),
        ]);
        assert_eq!(n.range(), Some((d("2024-02-24"), d("2024-06-19"))));
        assert_eq!(
            n.commands(),
            vec![
                "salyq rates fetch --from 2024-02-24 --to 2024-06-19 --currency EUR,USD --out rates-2024-02-24-2024-06-19.csv"
            ]
        );
        // Ten days before each of the two dates.
        assert_eq!(n.days().len(), 20);
        let y = Needed::from_errors(&[gap("USD", RateWanted::AnnualAverage(2024))]);
        assert_eq!(
            y.commands(),
            vec!["salyq rates fetch --year 2024 --currency USD --out rates-2024.csv"]
        );
        assert_eq!(y.days().len(), 366);
    }
}
