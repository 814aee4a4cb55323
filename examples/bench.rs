//! Benchmark: generates N trades (default 1,000,000) into `target/bench/`, then times each stage
//! of the pipeline in-process (read, parse, dedupe, value, legs, match, gains in currency,
//! yearly, the whole computation, the JSON and text reports), the derived-`Serialize` disposal
//! rows against the report's own, the case file and the compliance check, and last the same
//! 20,000 trades booked by beancount beside Salyq (when `bean-check` is installed: `pip install
//! beancount`). Run: `cargo run --release --example bench -- 1000000` (add `--stages-only` to
//! stop after the reports). The files it writes can be fed to `salyq report --json` to time the
//! whole command.

use salyq_core::import::{FileRole, Inputs};
use salyq_core::report::{self, View};
use salyq_core::settings::{Method, Settings};
use salyq_core::{engine, fx_gain, legs, valuation, yearly};
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let dir = PathBuf::from("target/bench");
    std::fs::create_dir_all(&dir)?;
    let trades = dir.join(format!("trades_{n}.csv"));
    let rates = dir.join("rates.csv");
    let t0 = Instant::now();
    generate(n, &trades, &rates)?;
    println!(
        "generate {n} trades: {:.3} s ({})",
        t0.elapsed().as_secs_f64(),
        trades.display()
    );
    println!("threads: {}", salyq_core::threads());

    let inputs = stages(&trades, &rates)?;
    let settings = Settings::default();
    let t = Instant::now();
    let c = engine::compute(&inputs, &settings).expect("generated history computes");
    println!(
        "compute (value, match, fee settings the other way, yearly): {:.3} s ({} disposals, {} years)",
        t.elapsed().as_secs_f64(),
        c.disposals.len(),
        c.years.len()
    );
    let view = View {
        computation: &c,
        year: None,
    };
    let t = Instant::now();
    let mut sink = CountingSink(0);
    report::json::write(&mut sink, &view, &inputs, &settings)?;
    println!(
        "write json: {:.3} s ({} MB)",
        t.elapsed().as_secs_f64(),
        sink.0 / 1_000_000
    );
    derived_rows(&view, &inputs);
    let t = Instant::now();
    let text = report::text::render(&view, &settings);
    println!(
        "write text: {:.3} s ({} KB)",
        t.elapsed().as_secs_f64(),
        text.len() / 1000
    );
    println!("peak RSS {} MB", peak_rss_mb());
    if std::env::args().any(|a| a == "--stages-only") {
        return Ok(());
    }
    // The case file: embed both files, save, open, read the sources again.
    let mut case = salyq_core::case::Case::new(chrono::Utc::now());
    let t = Instant::now();
    for path in [&trades, &rates] {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        case.import(&name, std::fs::read(path)?, FileRole::Auto, chrono::Utc::now())
            .expect("generated files import");
    }
    println!("case import: {:.3} s", t.elapsed().as_secs_f64());
    let sources: usize = case.sources.iter().map(|s| s.content.len()).sum();
    let t = Instant::now();
    let bytes = salyq_core::case::to_bytes(&case, chrono::Utc::now());
    println!(
        "case to_bytes: {:.3} s ({} bytes for {} bytes of sources: +{:.2}%)",
        t.elapsed().as_secs_f64(),
        bytes.len(),
        sources,
        (bytes.len() as f64 / sources as f64 - 1.0) * 100.0
    );
    drop(case);
    let t = Instant::now();
    let case = salyq_core::case::from_bytes(&bytes, "bench.salyq").expect("the case opens");
    println!(
        "case from_bytes (parse, checksums): {:.3} s",
        t.elapsed().as_secs_f64()
    );
    drop(bytes);
    let t = Instant::now();
    let reread = case.inputs().expect("the sources read");
    println!(
        "case inputs (read the sources again): {:.3} s ({} trades)",
        t.elapsed().as_secs_f64(),
        reread.trades.len()
    );
    drop(reread);
    drop(case);
    // The compliance check of each year (an earlier year matches the trades up to its end again).
    for year in salyq_core::compliance::years_of(&c) {
        let t = Instant::now();
        let r = salyq_core::compliance::check(&inputs, &c, &settings, year, &Default::default())
            .expect("generated history checks");
        println!(
            "compliance {year}: {:.3} s ({} holdings, {} AIFC months)",
            t.elapsed().as_secs_f64(),
            r.holdings.len(),
            r.aifc.months.len()
        );
    }
    beancount(&dir)?;
    Ok(())
}

/// Times each stage of the pipeline on its own (read, parse, dedupe, value, legs, match,
/// gains in currency, yearly) and returns the inputs read.
fn stages(trades: &Path, rates: &Path) -> std::io::Result<Inputs> {
    let t = Instant::now();
    let trade_bytes = std::fs::read(trades)?;
    let rate_bytes = std::fs::read(rates)?;
    println!(
        "read:    {:.3} s ({} MB)",
        t.elapsed().as_secs_f64(),
        trade_bytes.len() / 1_000_000
    );
    let t = Instant::now();
    let mut inputs = Inputs::default();
    inputs
        .add_reader(&trade_bytes[..], &name_of(trades), FileRole::Auto)
        .and_then(|()| inputs.add_reader(&rate_bytes[..], &name_of(rates), FileRole::Rates))
        .expect("generated files parse");
    println!(
        "parse:   {:.3} s ({} trades)",
        t.elapsed().as_secs_f64(),
        inputs.trades.len()
    );
    drop((trade_bytes, rate_bytes));
    let t = Instant::now();
    inputs.check_duplicates().expect("no conflicting ids");
    println!("dedupe:  {:.3} s", t.elapsed().as_secs_f64());
    let settings = Settings::default();
    let t = Instant::now();
    let valued = valuation::value_trades(&inputs.trades, &inputs.rates, &inputs.prices, &settings)
        .expect("generated history values");
    println!("value:   {:.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let kinds = legs::kinds(&inputs.trades);
    let order = legs::order(&inputs.trades);
    let mut events = Vec::new();
    let mut count = 0usize;
    for k in 0..order.len() {
        let i = order.at(k);
        events.clear();
        let _ = legs::events_of(
            i,
            &inputs.trades[i],
            &valued.values[i],
            &settings.rules,
            &mut events,
        );
        count += events.len();
    }
    println!(
        "legs:    {:.3} s ({count} events, {} assets)",
        t.elapsed().as_secs_f64(),
        kinds.len()
    );
    let t = Instant::now();
    let mut m = engine::match_trades(&inputs.trades, &valued.values, &settings, Method::Fifo, None)
        .expect("generated history matches");
    println!(
        "match:   {:.3} s ({} disposals, {} lot uses; legs included)",
        t.elapsed().as_secs_f64(),
        m.disposals.len(),
        m.lot_uses.len()
    );
    let t = Instant::now();
    let applied = fx_gain::apply(
        &inputs.trades,
        &valued.values,
        &inputs.rates,
        &settings,
        &mut m.disposals,
        &mut m.lot_uses,
    )
    .expect("generated history has its averages");
    println!(
        "gains in currency: {:.3} s ({} disposals)",
        t.elapsed().as_secs_f64(),
        applied.gains.iter().filter(|g| g.is_some()).count()
    );
    let t = Instant::now();
    let years = yearly::yearly_placed(&m.disposals, &settings, |d| {
        settings.place(&inputs.trades[d.trade()])
    });
    println!(
        "yearly:  {:.3} s ({} years)",
        t.elapsed().as_secs_f64(),
        years.len()
    );
    Ok(inputs)
}

/// The disposal rows written by derived `Serialize` types through `serde_json`, against the
/// report's own row writer (`report::json_rows`): time, and whether the bytes are the same.
fn derived_rows(view: &View<'_>, inputs: &Inputs) {
    let c = view.computation;
    let disposals: Vec<&salyq_core::matching::Disposal> = view.disposals().collect();
    let hand = |out: &mut dyn Write| {
        report::json_rows::write_rows(out, &disposals, &|buf, d| {
            report::json_rows::disposal(buf, d, c, inputs)
        })
    };
    let derive = |out: &mut dyn Write| {
        report::json_rows::write_rows(out, &disposals, &|buf, d| {
            let _ = serde_json::to_writer(&mut *buf, &DisposalRow::new(d, c, inputs));
        })
    };
    let t = Instant::now();
    hand(&mut CountingSink(0)).expect("counted");
    let fast_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    derive(&mut CountingSink(0)).expect("counted");
    let derived_s = t.elapsed().as_secs_f64();
    let (mut fast, mut derived) = (HashSink::default(), HashSink::default());
    hand(&mut fast).expect("hashed");
    derive(&mut derived).expect("hashed");
    println!(
        "disposal rows: hand-written {fast_s:.3} s, derived Serialize {derived_s:.3} s ({:.2}×), same bytes (length and FNV hash): {}",
        derived_s / fast_s,
        fast == derived
    );
}

/// Counts and hashes (FNV-1a) what is written: two outputs compared without keeping them.
struct HashSink {
    len: usize,
    hash: u64,
}

impl Default for HashSink {
    fn default() -> Self {
        HashSink {
            len: 0,
            hash: 0xcbf2_9ce4_8422_2325,
        }
    }
}

impl PartialEq for HashSink {
    fn eq(&self, other: &Self) -> bool {
        (self.len, self.hash) == (other.len, other.hash)
    }
}

impl Write for HashSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.len += buf.len();
        for &b in buf {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A disposal row as a derived type (the fields of `report::json_rows::disposal`).
#[derive(serde::Serialize)]
struct DisposalRow<'a> {
    id: LotId<'a>,
    date: String,
    asset: &'a str,
    kind: &'a str,
    role: &'a str,
    quantity: String,
    proceeds_kzt: String,
    cost_kzt: String,
    gain_kzt: String,
    uncovered_quantity: String,
    exchange: Option<&'a str>,
    source: String,
    fx_gain: Option<FxRow<'a>>,
    lots: Vec<LotRow<'a>>,
}

#[derive(serde::Serialize)]
struct FxRow<'a> {
    currency: &'a str,
    rate: String,
    proceeds: String,
    cost: String,
}

#[derive(serde::Serialize)]
struct LotRow<'a> {
    source: String,
    id: LotId<'a>,
    quantity: String,
    cost_kzt: String,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum LotId<'a> {
    Id(&'a str),
    Source(String),
}

impl<'a> DisposalRow<'a> {
    fn new(d: &'a salyq_core::matching::Disposal, c: &'a engine::Computation, inputs: &'a Inputs) -> Self {
        use salyq_core::money::Text;
        let t = &inputs.trades[d.trade()];
        let source = |t: &salyq_core::model::Trade| format!("{}:{}", t.file, t.line);
        let fixed2 = |x| Text::fixed2(x).as_str().to_string();
        let plain = |x| Text::plain(x).as_str().to_string();
        DisposalRow {
            id: t
                .id
                .as_deref()
                .map_or_else(|| LotId::Source(source(t)), LotId::Id),
            date: Text::date(d.date).as_str().to_string(),
            asset: d.asset(&inputs.trades),
            kind: d.kind.as_str(),
            role: d.role.as_str(),
            quantity: plain(d.quantity),
            proceeds_kzt: fixed2(d.proceeds),
            cost_kzt: fixed2(d.cost),
            gain_kzt: fixed2(d.gain()),
            uncovered_quantity: plain(c.uncovered(d)),
            exchange: t.exchange.as_deref(),
            source: source(t),
            fx_gain: c.index_of(d).and_then(|k| c.fx_gain(k)).map(|g| FxRow {
                currency: &g.currency,
                rate: plain(g.rate),
                proceeds: plain(salyq_core::money::round_tiyn(g.proceeds)),
                cost: plain(salyq_core::money::round_tiyn(g.cost)),
            }),
            lots: c
                .lots(d)
                .iter()
                .map(|u| {
                    let lot = &inputs.trades[u.lot_trade()];
                    LotRow {
                        source: source(lot),
                        id: lot
                            .id
                            .as_deref()
                            .map_or_else(|| LotId::Source(source(lot)), LotId::Id),
                        quantity: plain(u.quantity),
                        cost_kzt: fixed2(u.cost),
                    }
                })
                .collect(),
        }
    }
}

/// Books the first 20,000 trades of the same generated history with beancount (`bean-check`,
/// FIFO booking; `pip install beancount`) and times Salyq on the same trades in this process
/// (read, compute, JSON report): prints both and the ratio. Skipped when `bean-check` is missing.
fn beancount(dir: &Path) -> std::io::Result<()> {
    const N: usize = 20_000;
    let trades = dir.join(format!("trades_{N}.csv"));
    let rates = dir.join("rates_20000.csv");
    generate(N, &trades, &rates)?;
    let ledger = dir.join(format!("trades_{N}.beancount"));
    beancount_ledger(&trades, &ledger)?;
    let empty = dir.join("empty.beancount");
    std::fs::write(&empty, "option \"operating_currency\" \"KZT\"\n")?;
    let check = |file: &Path| -> Option<f64> {
        let t = Instant::now();
        let out = std::process::Command::new("bean-check")
            .arg("--no-cache")
            .arg(file)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "bean-check {} failed: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            return None;
        }
        Some(t.elapsed().as_secs_f64())
    };
    let Some(startup) = check(&empty) else {
        println!("beancount: bean-check not found (pip install beancount); comparison skipped");
        return Ok(());
    };
    let mut salyq_runs = Vec::new();
    let mut bean_runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let inputs = Inputs::load(&[(trades.clone(), FileRole::Auto), (rates.clone(), FileRole::Rates)])
            .expect("generated files read");
        let settings = Settings::default();
        let c = engine::compute(&inputs, &settings).expect("computes");
        let mut sink = CountingSink(0);
        report::json::write(
            &mut sink,
            &View {
                computation: &c,
                year: None,
            },
            &inputs,
            &settings,
        )?;
        salyq_runs.push(t.elapsed().as_secs_f64());
        match check(&ledger) {
            Some(s) => bean_runs.push(s),
            None => return Ok(()),
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (s, b) = (median(&mut salyq_runs), median(&mut bean_runs));
    println!(
        "beancount, {N} trades side by side (medians of 3): bean-check {b:.3} s (of which {startup:.3} s starting Python on an empty ledger), Salyq {s:.4} s: {:.0}× ({:.0}× without bean-check's start-up)",
        b / s,
        (b - startup) / s
    );
    Ok(())
}

/// The generated trades as a beancount ledger: each asset an account booked FIFO, every trade
/// a transaction with its lot at cost in tenge (USDT prices at 500 tenge), fees an expense,
/// sales' gains an income posting beancount works out.
fn beancount_ledger(trades: &Path, out: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(trades)?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
    writeln!(w, "option \"operating_currency\" \"KZT\"")?;
    writeln!(w, "option \"booking_method\" \"FIFO\"")?;
    for a in ["BTC", "ETH", "SOL"] {
        writeln!(w, "2020-01-01 open Assets:Bench:{a} {a} \"FIFO\"")?;
    }
    writeln!(w, "2020-01-01 open Assets:Bench:Cash KZT")?;
    writeln!(w, "2020-01-01 open Expenses:Fees KZT")?;
    writeln!(w, "2020-01-01 open Income:Gains KZT")?;
    writeln!(w, "2020-01-01 open Equity:Opening KZT")?;
    writeln!(
        w,
        "2020-01-01 * \"cash\"\n  Assets:Bench:Cash 1000000000000000 KZT\n  Equity:Opening"
    )?;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (date, side, asset, qty, price, cur, fee) = (&f[0][..10], f[1], f[2], f[3], f[4], f[5], f[6]);
        let cents = if cur == "USDT" { 500 } else { 1 };
        let price: u64 = price.parse::<u64>().unwrap_or(0) * cents;
        let fee: u64 = fee.parse::<u64>().unwrap_or(0) * cents;
        let (units, milli) = qty.split_once('.').unwrap_or((qty, "0"));
        let qty_milli: u64 = units.parse::<u64>().unwrap_or(0) * 1000 + milli.parse::<u64>().unwrap_or(0);
        let total = qty_milli * price;
        let kzt = |milli_kzt: u64| format!("{}.{:03}", milli_kzt / 1000, milli_kzt % 1000);
        writeln!(w, "{date} * \"{side} {qty} {asset}\"")?;
        if side == "buy" {
            writeln!(w, "  Assets:Bench:{asset} {qty} {asset} {{{price} KZT}}")?;
            writeln!(w, "  Assets:Bench:Cash -{} KZT", kzt(total + fee * 1000))?;
        } else {
            writeln!(w, "  Assets:Bench:{asset} -{qty} {asset} {{}} @ {price} KZT")?;
            writeln!(w, "  Assets:Bench:Cash {} KZT", kzt(total - fee * 1000))?;
            writeln!(w, "  Income:Gains")?;
        }
        if fee > 0 {
            writeln!(w, "  Expenses:Fees {fee} KZT")?;
        }
    }
    w.flush()
}

/// A file's name, as the import names it in sources.
fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Peak resident memory of this process in MB (Linux; 0 elsewhere).
fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

struct CountingSink(usize);

impl Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A deterministic history: BTC, ETH and SOL bought and sold against KZT and USDT over
/// 2024–2026, sales never larger than the holding, fees in KZT, USDT or the bought asset.
fn generate(n: usize, trades: &Path, rates: &Path) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(trades)?);
    writeln!(
        out,
        "date,side,asset,quantity,price,currency,fee,fee_currency,exchange,id"
    )?;
    let assets = ["BTC", "ETH", "SOL"];
    let mut held = [0i64; 3];
    let mut seed: u64 = 42;
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 2)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let span_secs = 3 * 365 * 86_400i64 - 86_400 * 3;
    let mut line = String::with_capacity(128);
    for i in 0..n {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = seed >> 33;
        let a = (r % 3) as usize;
        let qty_milli = (r >> 3) % 5000 + 1;
        let sell = held[a] >= qty_milli as i64 && (r >> 20).is_multiple_of(2);
        if sell {
            held[a] -= qty_milli as i64
        } else {
            held[a] += qty_milli as i64
        }
        let when = start + chrono::Duration::seconds(span_secs * i as i64 / n as i64);
        let usdt = (r >> 25).is_multiple_of(2);
        let price = 1000 + (r >> 12) % 90_000;
        line.clear();
        let _ = write!(
            line,
            "{},{},{},{}.{:03},{},{},{},{},Bench,T{i}",
            when.format("%Y-%m-%dT%H:%M:%SZ"),
            if sell { "sell" } else { "buy" },
            assets[a],
            qty_milli / 1000,
            qty_milli % 1000,
            if usdt { price } else { price * 500 },
            if usdt { "USDT" } else { "KZT" },
            if i % 4 == 0 { "1" } else { "" },
            if i % 4 == 0 {
                if usdt { "USDT" } else { "KZT" }
            } else {
                ""
            },
        );
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    let mut r = std::io::BufWriter::new(std::fs::File::create(rates)?);
    writeln!(r, "date,currency,rate")?;
    let mut d = chrono::NaiveDate::from_ymd_opt(2023, 12, 20).unwrap();
    while d.format("%Y").to_string() == "2023" || d.format("%Y").to_string() == "2024" {
        writeln!(
            r,
            "{d},USD,{}",
            450 + (d.format("%j").to_string().parse::<i32>().unwrap_or(0) % 50)
        )?;
        d = d.succ_opt().unwrap();
    }
    writeln!(r, "2025,USD,507.28\n2026,USD,512.40")?;
    r.flush()
}
