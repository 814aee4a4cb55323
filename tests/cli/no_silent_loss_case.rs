//! Nothing given to Salyq is lost or changed behind the user's back: the case-file and output
//! side. Two Salyqs changing one case take turns (real processes); an output over an input,
//! a table, a mapping, the case or a file the case embeds is refused; a case changed on disk
//! after it was saved is refused as damaged; a save keeps the file's permissions, refuses a
//! read-only case and follows a link; a pipe, a device, a folder or a huge foreign file is
//! refused after reading its first bytes at most; temporary files a killed save left are
//! removed; every refusal says what the file is and what to do.

use salyq_core::case::{self, CaseError};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Runs `salyq` in `dir`: (exit code, stdout, stderr).
fn salyq_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("salyq runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder with the sample's trades, rates and prices.
fn sample_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["trades.csv", "rates.csv", "prices.csv"] {
        fs::copy(root(&format!("sample_data/{f}")), dir.path().join(f)).expect("copied");
    }
    dir
}

/// `case new c.salyq` of the sample in `dir`.
fn sample_case(dir: &Path) -> PathBuf {
    let (code, _, err) = salyq_in(
        dir,
        &[
            "case",
            "new",
            "c.salyq",
            "trades.csv",
            "--rates",
            "rates.csv",
            "--prices",
            "prices.csv",
            "--year",
            "2025",
        ],
    );
    assert_eq!(code, 0, "{err}");
    dir.join("c.salyq")
}

/// The tax of each year of `case report --json`.
fn case_taxes(dir: &Path, case: &str) -> Vec<(i64, String)> {
    let (code, out, err) = salyq_in(dir, &["case", "report", case, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    v["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().expect("year"),
                y["tax_kzt"].as_str().expect("tax").to_string(),
            )
        })
        .collect()
}

/// The sample's taxes (sample_data/README.md, FIFO, worked out by hand): 90,692 KZT for 2024,
/// 52,527 for 2025 (10% of 525,267 of property income: the 2025 USD gains worked out in dollars
/// at the sale year's average, the rule of 2025), 19,512 for 2026 (likewise, NC Art. 382(7)).
fn sample_taxes() -> Vec<(i64, String)> {
    vec![
        (2024, "90692".into()),
        (2025, "52527".into()),
        (2026, "19512".into()),
    ]
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// 3. Two Salyqs changing one case
// ---------------------------------------------------------------------------------------------

/// One buy of `qty` BTC for 1,000 KZT a coin, in a file of its own.
fn one_buy(dir: &Path, name: &str, qty: u32) -> PathBuf {
    let p = dir.join(name);
    fs::write(
        &p,
        format!(
            "date,side,asset,quantity,total,currency\n2025-01-02T10:00:00Z,buy,BTC,{qty},{},KZT\n",
            qty * 1000
        ),
    )
    .expect("written");
    p
}

#[test]
fn imports_at_once_into_one_case_are_all_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, _, err) = salyq_in(dir.path(), &["case", "new", "c.salyq"]);
    assert_eq!(code, 0, "{err}");
    const ROUNDS: u32 = 10;
    const AT_ONCE: u32 = 3;
    for round in 0..ROUNDS {
        let children: Vec<_> = (0..AT_ONCE)
            .map(|k| {
                let qty = round * AT_ONCE + k + 1;
                let name = format!("buy{qty}.csv");
                one_buy(dir.path(), &name, qty);
                Command::new(env!("CARGO_BIN_EXE_salyq"))
                    .args(["case", "import", "c.salyq", &name])
                    .current_dir(dir.path())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("salyq starts")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().expect("salyq ends");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let c = case::open(&dir.path().join("c.salyq")).expect("opens");
    assert_eq!(c.sources.len(), (ROUNDS * AT_ONCE) as usize, "every import kept");
    let inputs = c.inputs().expect("reads");
    // 30 buys of 1, 2, ..., 30 BTC: 30 * 31 / 2 = 465 BTC.
    assert_eq!(inputs.trades.len(), 30);
    let total: rust_decimal::Decimal = inputs.trades.iter().map(|t| t.quantity).sum();
    assert_eq!(total, rust_decimal::Decimal::from(465));
    // Nothing left behind: no lock file (removed on Unix), no temporary file.
    #[cfg(unix)]
    let mut expected: Vec<String> = (1..=30).map(|q| format!("buy{q}.csv")).collect();
    #[cfg(unix)]
    {
        expected.push("c.salyq".into());
        expected.sort();
        assert_eq!(listing(dir.path()), expected);
    }
}

#[test]
fn a_second_writer_waits_for_the_first_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, _, err) = salyq_in(dir.path(), &["case", "new", "c.salyq"]);
    assert_eq!(code, 0, "{err}");
    one_buy(dir.path(), "late.csv", 7);
    let p = dir.path().join("c.salyq");
    let held = case::lock(&p, |_| panic!("free")).expect("locked here");
    let child = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(["case", "import", "c.salyq", "late.csv"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("salyq starts");
    std::thread::sleep(Duration::from_millis(1500));
    // Still waiting: the case is as it was.
    assert_eq!(case::open(&p).expect("opens").sources.len(), 0);
    drop(held);
    let out = child.wait_with_output().expect("ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("waiting for c.salyq, which another Salyq is changing"),
        "{err}"
    );
    assert_eq!(case::open(&p).expect("opens").sources.len(), 1);
}

#[test]
fn a_writer_that_waits_too_long_gives_up_leaving_the_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("c.salyq");
    let mut c = case::Case::default();
    case::save(&mut c, &p).expect("saved");
    let before = fs::read(&p).expect("read");
    let held = case::lock(&p, |_| {}).expect("locked");
    let e = case::lock::lock_within(&p, Duration::from_millis(200), |_| {}).expect_err("busy");
    assert!(matches!(e, CaseError::Busy { .. }));
    assert!(
        e.to_string()
            .contains("another Salyq is changing it and has not finished within 0.2 s: try again"),
        "{e}"
    );
    drop(held);
    assert_eq!(fs::read(&p).expect("read"), before);
}

#[test]
fn the_window_does_not_save_over_a_change_made_meanwhile() {
    let dir = sample_dir();
    let p = sample_case(dir.path());
    // The window opens the case and keeps its stamp.
    let stamp = case::stamp(&p);
    let mut in_window = case::open(&p).expect("opens");
    // Meanwhile the command line imports into it.
    one_buy(dir.path(), "more.csv", 2);
    let (code, _, err) = salyq_in(dir.path(), &["case", "import", "c.salyq", "more.csv"]);
    assert_eq!(code, 0, "{err}");
    let after_import = fs::read(&p).expect("read");
    in_window.notes.case = "note from the window".into();
    let e = case::save_unless_changed(&mut in_window, &p, stamp.as_ref()).expect_err("refused");
    assert!(matches!(e, CaseError::ChangedOnDisk { .. }), "{e}");
    assert!(e.to_string().contains("Save as"), "{e}");
    assert_eq!(fs::read(&p).expect("read"), after_import, "the import kept");
    // Reopened, the window saves.
    let stamp = case::stamp(&p);
    let mut again = case::open(&p).expect("opens");
    assert_eq!(again.sources.len(), 4);
    again.notes.case = "note from the window".into();
    case::save_unless_changed(&mut again, &p, stamp.as_ref()).expect("saved");
}

// ---------------------------------------------------------------------------------------------
// 4. An output over an input, a table, the case or an embedded file
// ---------------------------------------------------------------------------------------------

/// Runs a command that must be refused with exit 2, leaving every file of `dir` as it was.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let before: Vec<(String, Vec<u8>)> = listing(dir)
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .map(|n| {
            let bytes = fs::read(dir.join(&n)).expect("read");
            (n, bytes)
        })
        .collect();
    let (code, _, err) = salyq_in(dir, args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(err.contains(message), "{args:?}: {err}");
    assert!(err.contains("nothing was written"), "{args:?}: {err}");
    let after: Vec<(String, Vec<u8>)> = listing(dir)
        .into_iter()
        .filter(|n| dir.join(n).is_file())
        .map(|n| {
            let bytes = fs::read(dir.join(&n)).expect("read");
            (n, bytes)
        })
        .collect();
    assert_eq!(before, after, "{args:?}: every file as it was");
}

const TABLES: [&str; 4] = ["--rates", "rates.csv", "--prices", "prices.csv"];

fn with_tables<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    head.iter().chain(TABLES.iter()).chain(tail).copied().collect()
}

#[test]
fn an_output_over_an_input_or_a_table_is_refused() {
    let dir = sample_dir();
    let d = dir.path();
    refused(
        d,
        &with_tables(&["disposals", "trades.csv"], &["--out", "trades.csv"]),
        "trades.csv: refused: this is an input file (trades.csv)",
    );
    // Another spelling of the same file.
    refused(
        d,
        &with_tables(&["summary", "trades.csv"], &["--out", "./rates.csv"]),
        "this is a rate table given with --rates (rates.csv)",
    );
    fs::create_dir(d.join("sub")).expect("sub");
    refused(
        d,
        &with_tables(
            &["forms", "trades.csv"],
            &["--year", "2025", "--html", "sub/../prices.csv"],
        ),
        "this is a price table given with --prices",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("trades.csv", d.join("link.csv")).expect("link");
        refused(
            d,
            &with_tables(&["disposals", "trades.csv"], &["--out", "link.csv"]),
            "this is an input file",
        );
        fs::hard_link(d.join("trades.csv"), d.join("hard.csv")).expect("hard link");
        refused(
            d,
            &with_tables(&["forms", "trades.csv"], &["--year", "2025", "--xml", "hard.csv"]),
            "this is an input file",
        );
    }
    fs::write(d.join("map.json"), "{}").expect("mapping");
    refused(
        d,
        &with_tables(
            &["summary", "trades.csv"],
            &["--mapping", "map.json", "--out", "map.json"],
        ),
        "a column mapping given with --mapping",
    );
    refused(
        d,
        &with_tables(
            &["forms", "trades.csv"],
            &["--year", "2025", "--csv", "f.csv", "--detail", "./f.csv"],
        ),
        "given twice as an output (--csv and --detail)",
    );
    // Elsewhere, the same commands write (the summary of 2025: tax 52,527).
    let (code, _, err) = salyq_in(
        d,
        &with_tables(&["summary", "trades.csv"], &["--year", "2025", "--out", "s.csv"]),
    );
    assert_eq!(code, 0, "{err}");
    let s = fs::read_to_string(d.join("s.csv")).expect("written");
    assert!(s.lines().nth(1).expect("a row").starts_with("2025,"), "{s}");
    assert!(s.contains(",52527,"), "{s}");
}

#[test]
fn an_output_over_the_case_or_a_file_it_embeds_is_refused() {
    let dir = sample_dir();
    let d = dir.path();
    sample_case(d);
    refused(
        d,
        &["case", "forms", "c.salyq", "--csv", "c.salyq"],
        "c.salyq: refused: this is the case file (c.salyq)",
    );
    refused(
        d,
        &["case", "import", "c.salyq", "./c.salyq"],
        "this is an input file",
    );
    refused(
        d,
        &["case", "new", "trades.csv", "--force", "trades.csv"],
        "this is an input file",
    );
    // The pack would write `summary.csv` over a file the case embeds: the case keeps no paths,
    // but the content tells.
    fs::create_dir(d.join("pack")).expect("pack");
    fs::copy(d.join("prices.csv"), d.join("pack/summary.csv")).expect("copied");
    refused(
        &d.join("pack"),
        &["case", "export", "../c.salyq", "--out", "."],
        "holds the same content as \"prices.csv\", a file the case embeds",
    );
    // And `case forms --html` over the embedded trades.
    refused(
        d,
        &["case", "forms", "c.salyq", "--html", "trades.csv"],
        "holds the same content as \"trades.csv\"",
    );
    // Elsewhere the pack is written.
    let (code, _, err) = salyq_in(d, &["case", "export", "c.salyq", "--out", "review"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listing(&d.join("review")).len(), case::pack::PACK_FILES.len());
}

// ---------------------------------------------------------------------------------------------
// 5. A case changed on disk
// ---------------------------------------------------------------------------------------------

#[test]
fn a_case_changed_after_it_was_saved_is_refused_untouched() {
    let dir = sample_dir();
    let p = sample_case(dir.path());
    assert_eq!(case_taxes(dir.path(), "c.salyq"), sample_taxes());
    let bytes = fs::read(&p).expect("read");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(
        text.starts_with(&format!(
            "{{\"format\":\"salyq-case\",\"version\":{},\"checksum\":\"sha256:",
            case::FORMAT_VERSION
        )),
        "{}",
        &text[..120]
    );
    // One character of a rule: the 2025 rate 0.10 becomes 0.11 (the tax would be 60,071).
    let at = text.find("\"rate\":\"0.10\"").expect("a 10% rate");
    let mut edited = bytes.clone();
    edited[at + "\"rate\":\"0.1".len()] = b'1';
    fs::write(&p, &edited).expect("edited");
    let (code, out, err) = salyq_in(dir.path(), &["case", "report", "c.salyq"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("does not match its checksum"), "{err}");
    assert!(err.contains("it was not changed"), "{err}");
    assert_eq!(fs::read(&p).expect("read"), edited, "left as it was");
    // Back as saved, it opens.
    fs::write(&p, &bytes).expect("restored");
    assert_eq!(case_taxes(dir.path(), "c.salyq"), sample_taxes());
    // The version-1 sample (no checksum) keeps opening.
    let (code, _, err) = salyq_in(
        dir.path(),
        &[
            "case",
            "show",
            root("tests/data/case/v1_sample.salyq").to_str().expect("path"),
        ],
    );
    assert_eq!(code, 0, "{err}");
}

/// The committed version-2 case of the sample history (with one override, Ataix in
/// Kazakhstan, which it already is by the bundled list). **Never regenerate or edit it**: every
/// later Salyq must open it as it is, its checksum verified (docs/case-format.md, "Versions").
const V2_SAMPLE: &str = "tests/data/case/v2_sample.salyq";

#[test]
fn the_v2_sample_opens_with_its_checksum_and_the_hand_worked_taxes() {
    let c = case::open(&root(V2_SAMPLE)).expect("the version-2 sample opens");
    assert_eq!(c.taxpayer.name, "Aigerim Sample");
    assert_eq!(c.tax_year, Some(2025));
    assert_eq!(c.sources.len(), 3);
    assert_eq!(c.settings.overrides.len(), 1);
    let (_, comp) = c.compute().expect("computes");
    let tax: Vec<(i64, String)> = comp
        .years
        .iter()
        .map(|y| (i64::from(y.year), y.tax.to_string()))
        .collect();
    assert_eq!(tax, sample_taxes());
    // One byte anywhere changed (here a digit of the saved time): refused.
    let mut bytes = fs::read(root(V2_SAMPLE)).expect("read");
    let at = String::from_utf8_lossy(&bytes)
        .find("\"saved_at\":\"20")
        .expect("saved_at")
        + 13;
    bytes[at] = if bytes[at] == b'9' { b'8' } else { bytes[at] + 1 };
    let e = case::from_bytes(&bytes, "v2.salyq").expect_err("refused");
    assert!(e.to_string().contains("does not match its checksum"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 7. The owner's settings
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).expect("metadata").permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(p: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(m)).expect("chmod");
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_mode_refuses_read_only_and_follows_a_link() {
    let dir = sample_dir();
    let d = dir.path();
    let p = sample_case(d);
    assert_eq!(mode(&p), 0o600, "a new case is its owner's only");
    set_mode(&p, 0o640);
    one_buy(d, "a.csv", 1);
    let (code, _, err) = salyq_in(d, &["case", "import", "c.salyq", "a.csv"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&p), 0o640, "the owner's mode kept");

    // Read-only: refused, untouched.
    set_mode(&p, 0o400);
    let before = fs::read(&p).expect("read");
    one_buy(d, "b.csv", 2);
    let (code, _, err) = salyq_in(d, &["case", "import", "c.salyq", "b.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(err.contains("make it writable"), "{err}");
    assert!(
        !err.contains("imported"),
        "refused before anything was done: {err}"
    );
    assert_eq!(fs::read(&p).expect("read"), before);
    assert_eq!(mode(&p), 0o400);
    set_mode(&p, 0o600);

    // A link: the file it points to is replaced, the link stays a link.
    fs::create_dir(d.join("real")).expect("dir");
    fs::rename(&p, d.join("real/target.salyq")).expect("moved");
    std::os::unix::fs::symlink("real/target.salyq", d.join("link.salyq")).expect("link");
    let (code, _, err) = salyq_in(d, &["case", "import", "link.salyq", "b.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        fs::symlink_metadata(d.join("link.salyq"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let c = case::open(&d.join("real/target.salyq")).expect("target opens");
    // trades, rates, prices, a.csv, b.csv.
    assert_eq!(c.sources.len(), 5);
    assert_eq!(mode(&d.join("real/target.salyq")), 0o600);
    assert_eq!(
        listing(&d.join("real")),
        ["target.salyq"],
        "nothing left beside it"
    );

    // Exports keep a file's mode too.
    let out = d.join("s.csv");
    fs::write(&out, "old").expect("old");
    set_mode(&out, 0o604);
    let (code, _, err) = salyq_in(d, &with_tables(&["summary", "trades.csv"], &["--out", "s.csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&out), 0o604);
}

// ---------------------------------------------------------------------------------------------
// 8. Unbounded reads
// ---------------------------------------------------------------------------------------------

/// Runs `salyq case report PATH` with a deadline: it must end within 20 s.
fn report_within(path: &Path) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(["case", "report"])
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("salyq starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut err)
                .expect("read");
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("salyq case report {} did not end", path.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_folders_are_refused_without_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.salyq");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    for (path, what) in [
        (PathBuf::from("/dev/zero"), "a device, not a file"),
        (PathBuf::from("/dev/urandom"), "a device, not a file"),
        (fifo.clone(), "a named pipe (FIFO), not a file"),
        (dir.path().to_path_buf(), "a folder, not a file"),
    ] {
        let (code, err) = report_within(&path);
        assert_eq!(code, 1, "{}: {err}", path.display());
        assert!(err.contains(what), "{}: {err}", path.display());
        assert!(err.contains("give the path of a .salyq case file"), "{err}");
    }
}

/// Bytes this thread has read from files so far (Linux: `/proc/thread-self/io`).
#[cfg(target_os = "linux")]
fn bytes_read() -> u64 {
    let io = fs::read_to_string("/proc/thread-self/io").expect("/proc/thread-self/io");
    io.lines()
        .find_map(|l| l.strip_prefix("rchar: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("rchar")
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_foreign_file_is_refused_after_its_first_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 1 GiB: 8 KiB of CSV rows, then zeros (a sparse file: no disk used).
    let p = dir.path().join("big.salyq");
    let f = fs::File::create(&p).expect("created");
    use std::io::Write;
    let mut rows = String::from("date,side,asset,quantity,total,currency\n");
    while rows.len() < 8192 {
        rows.push_str("2025-01-02T10:00:00Z,buy,BTC,1,1000,KZT\n");
    }
    (&f).write_all(rows.as_bytes()).expect("head");
    f.set_len(1 << 30).expect("1 GiB");
    drop(f);
    let before = bytes_read();
    let e = case::open(&p).expect_err("refused");
    let read = bytes_read() - before;
    assert!(matches!(e, CaseError::NotACase { .. }), "{e}");
    assert!(e.to_string().contains("it looks like a CSV table"), "{e}");
    assert!(e.to_string().contains("salyq case import"), "{e}");
    // Its first 4 KiB and the folder listing of the leftover check, not the gigabyte.
    assert!(read < 64 * 1024, "read {read} bytes");
}

#[test]
fn a_file_of_white_space_is_not_a_case_and_not_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("blank.salyq");
    fs::write(&p, " \n\t".repeat(100_000)).expect("written");
    let (code, err) = report_within(&p);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not a Salyq case file"), "{err}");
    assert!(err.contains("are only white space"), "{err}");
    assert!(!err.contains("empty"), "{err}");
    let short = dir.path().join("short.salyq");
    fs::write(&short, "   \n").expect("written");
    let e = case::open(&short).expect_err("refused");
    assert!(e.to_string().contains("it holds only white space"), "{e}");
    assert!(!e.to_string().contains("empty"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 9. Leftovers
// ---------------------------------------------------------------------------------------------

#[test]
fn temporary_files_of_a_killed_save_are_removed_by_the_next_open_and_save() {
    let dir = sample_dir();
    let d = dir.path();
    sample_case(d);
    // What a killed save left: a temporary file of this Salyq, one of an older one; both hold
    // the taxpayer's data, both untouched for an hour.
    let leftovers = [".c.salyq.salyq-tmp-Ab3dE6gH", ".c.salyq.31337.tmp"];
    for name in leftovers {
        fs::write(
            d.join(name),
            "{\"format\":\"salyq-case\",\"taxpayer\":{\"name\":\"Aigerim",
        )
        .expect("left");
        salyq_core::safe_file::age_file(&d.join(name), Duration::from_secs(3600)).expect("aged");
    }
    let (code, _, err) = salyq_in(d, &["case", "show", "c.salyq"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listing(d), ["c.salyq", "prices.csv", "rates.csv", "trades.csv"]);
    // And a save does too (a leftover of an export beside its file).
    fs::write(d.join(".s.csv.salyq-tmp-XXXXXXXX"), "half").expect("left");
    salyq_core::safe_file::age_file(&d.join(".s.csv.salyq-tmp-XXXXXXXX"), Duration::from_secs(3600))
        .expect("aged");
    let (code, _, err) = salyq_in(d, &with_tables(&["summary", "trades.csv"], &["--out", "s.csv"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        listing(d),
        ["c.salyq", "prices.csv", "rates.csv", "s.csv", "trades.csv"]
    );
}

// ---------------------------------------------------------------------------------------------
// 10. Words
// ---------------------------------------------------------------------------------------------

#[test]
fn each_refusal_says_what_the_file_is_and_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        fs::write(&p, bytes).expect("written");
        p
    };
    // Version 0 is not "a newer Salyq".
    let zero = write(
        "zero.salyq",
        b"{\"format\":\"salyq-case\",\"version\":0,\"saved_by\":\"x\"}",
    );
    let e = case::open(&zero).expect_err("refused").to_string();
    assert!(!e.contains("newer"), "{e}");
    assert!(e.contains("its format version is 0"), "{e}");
    assert!(e.contains("it was not changed"), "{e}");
    // A workbook, UTF-16 text, another JSON.
    for (name, bytes, what) in [
        (
            "book.salyq",
            &b"PK\x03\x04\x14\x00\x06\x00"[..],
            "it is a ZIP archive (an .xlsx",
        ),
        (
            "utf16.salyq",
            &b"\xff\xfed\x00a\x00t\x00e\x00"[..],
            "it is text in UTF-16",
        ),
        (
            "other.salyq",
            &b"{\"kind\":\"mapping\"}"[..],
            "it is JSON of another kind",
        ),
    ] {
        let p = write(name, bytes);
        let e = case::open(&p).expect_err("refused").to_string();
        assert!(e.contains(what), "{e}");
        assert!(e.contains("A case file is a .salyq file saved by Salyq"), "{e}");
        assert!(e.contains("The file was not changed"), "{e}");
    }
}
