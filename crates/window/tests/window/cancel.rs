//! Cancelling in the window at any moment leaves the case exactly as it was.
//!
//! The window's state (`AppState`) runs its jobs on background threads, as in the window. Each
//! round, from a fixed seed, either starts an import of a few megabytes and cancels it after a
//! random number of bytes read or after a random time (up to twice a whole import's, so also
//! after the import finished but before its result was taken), or changes a setting and takes it back (Undo) at a random moment of
//! the recompute it started. After each round the trades, rates, settings and the computed years
//! must be those from before, and the figures shown must be those of the current settings.

use salyq_core::import::FileRole;
use salyq_core::settings::Method;
use salyq_window::app_state::AppState;
use salyq_window::worker::{Mode, Worker};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*), so that every run cancels at the same points.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What the user's case is: everything that must not change when a job is cancelled.
fn snapshot(s: &AppState) -> String {
    let years = s.computed.as_ref().map(|c| format!("{:?}", c.computation.years));
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}\n{years:?}",
        s.inputs.trades, s.inputs.rates, s.inputs.prices, s.inputs.reports, s.settings, s.inputs_version
    )
}

/// Polls until no job is running and the figures are those of the current inputs and settings.
fn settle(s: &mut AppState) {
    let start = Instant::now();
    while s.import.is_some() || s.is_computing() {
        s.poll();
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the jobs never finished"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A generic trade file of `rows` trades (a few megabytes: long enough to cancel mid-way).
fn big_file(dir: &std::path::Path, rows: usize) -> PathBuf {
    let mut text = String::from("date,side,asset,quantity,total,currency,exchange,id\n");
    for i in 0..rows {
        let side = if i % 3 == 2 { "sell" } else { "buy" };
        text.push_str(&format!(
            "2025-{:02}-{:02}T10:00:00+05:00,{side},BTC,0.0{},{}.5,KZT,Test,T{i}\n",
            1 + i % 12,
            1 + i % 28,
            1 + i % 9,
            1000 + i % 777
        ));
    }
    let path = dir.join("big.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn cancelling_an_import_or_a_recompute_at_random_moments_leaves_the_case_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = big_file(dir.path(), 60_000);
    let size = std::fs::metadata(&file).unwrap().len();
    let mut s = AppState::new(Worker::new(Mode::Threads));
    // A case of one's own (not the sample, which an import replaces).
    let mut inputs = AppState::sample_inputs();
    inputs.reports.clear();
    s.set_inputs(inputs);
    settle(&mut s);
    assert!(s.computed.is_some(), "{:?}", s.problems);
    // How long a whole import of the file takes here, to cancel up to twice as late.
    let whole = {
        let mut other = AppState::new(Worker::new(Mode::Threads));
        let start = Instant::now();
        other.start_import(vec![(file.clone(), FileRole::Auto)]);
        while other.import.is_some() {
            other.poll();
            std::thread::sleep(Duration::from_micros(200));
        }
        assert_eq!(other.inputs.trades.len(), 60_000);
        start.elapsed()
    };
    let mut rng = Rng(0x5a1e_9c0f_fee1_dead);
    let (mut imports, mut recomputes) = (0, 0);
    for round in 0..24 {
        let before = snapshot(&s);
        let inputs_before = s.inputs.clone();
        if round % 2 == 0 {
            imports += 1;
            s.start_import(vec![(file.clone(), FileRole::Auto)]);
            let progress = s.import.as_ref().expect("an import runs").progress.clone();
            if rng.below(2) == 0 {
                // After a random number of bytes read.
                let at = rng.below(size);
                let start = Instant::now();
                while progress.bytes() < at && start.elapsed() < Duration::from_secs(60) {
                    std::hint::spin_loop();
                }
            } else {
                // After a random time, up to twice the whole import's: often after the file
                // was read, or after the import finished but before its result was taken.
                let micros = whole.as_micros() as u64;
                std::thread::sleep(Duration::from_micros(rng.below(2 * micros)));
            }
            progress.cancel();
            settle(&mut s);
            assert!(
                Arc::ptr_eq(&s.inputs, &inputs_before),
                "round {round}: a cancelled import replaced the inputs"
            );
        } else {
            recomputes += 1;
            let mut changed = s.settings.clone();
            changed.method = Method::ALL[1 + rng.below(3) as usize];
            s.apply_settings(changed);
            std::thread::sleep(Duration::from_micros(rng.below(30_000)));
            s.poll();
            assert!(s.undo(), "round {round}: nothing to undo");
            settle(&mut s);
        }
        assert_eq!(snapshot(&s), before, "round {round}: the case changed");
        let c = s.computed.as_ref().expect("figures");
        assert_eq!(c.generation, s.generation, "round {round}: stale figures shown");
        assert_eq!(format!("{:?}", c.settings), format!("{:?}", s.settings));
    }
    assert_eq!((imports, recomputes), (12, 12));
}
