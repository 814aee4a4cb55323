//! Benchmark: generates N trades (default 1,000,000) into `target/bench/`, then times each stage
//! of the pipeline in-process. Run: `cargo run --release --example bench -- 1000000`.
//! The files it writes can be fed to `salyq report --json` to time the whole command.

use salyq_core::engine;
use salyq_core::import::{FileRole, Inputs};
use salyq_core::report::{self, View};
use salyq_core::settings::Settings;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
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

    let t = Instant::now();
    let inputs = Inputs::load(&[(trades.clone(), FileRole::Auto), (rates.clone(), FileRole::Auto)])
        .expect("generated files read");
    println!(
        "import:  {:.3} s, peak RSS {} MB",
        t.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    let settings = Settings::default();
    let t = Instant::now();
    let c = engine::compute(&inputs, &settings).expect("generated history computes");
    println!(
        "compute: {:.3} s ({} disposals, {} years)",
        t.elapsed().as_secs_f64(),
        c.disposals.len(),
        c.years.len()
    );
    let t = Instant::now();
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
    println!(
        "json:    {:.3} s ({} MB)",
        t.elapsed().as_secs_f64(),
        sink.0 / 1_000_000
    );
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
    Ok(())
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
fn generate(n: usize, trades: &PathBuf, rates: &PathBuf) -> std::io::Result<()> {
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
