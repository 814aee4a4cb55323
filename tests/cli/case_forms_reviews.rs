//! `salyq case forms` counts as open only the warnings the case has not reviewed, as the window
//! and the review pack do: a warning accepted (or resolved) in the case is not open.

use chrono::{DateTime, Utc};
use salyq_core::case::{self, Case, Review, ReviewStatus, WarningKey};
use salyq_core::import::FileRole;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("a valid time")
}

fn salyq(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .output()
        .expect("salyq runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// `open_warnings` of `salyq case forms CASE --json`, and its stderr.
fn open_in_forms(p: &Path) -> (u64, String) {
    let (code, out, err) = salyq(&["case", "forms", s(p), "--json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    (doc["open_warnings"].as_u64().expect("open_warnings"), err)
}

#[test]
fn case_forms_does_not_count_reviewed_warnings_as_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("r.salyq");
    // The fixture sells 2 ETH (line 5) that were never bought: one missing-purchase warning,
    // the history's only one.
    let mut c = Case::new(at(0));
    c.tax_year = Some(2025);
    let bytes = std::fs::read(root("tests/data/case/overrides.csv")).expect("fixture");
    c.import("overrides.csv", bytes, FileRole::Auto, at(0))
        .expect("imports");
    let (_, comp) = c.compute().expect("computes");
    let all = comp.warnings.len();
    assert_eq!(all, 1, "{:#?}", comp.warnings);
    let missing = comp
        .warnings
        .iter()
        .find(|w| WarningKey::of(w).kind == "missing_purchase")
        .expect("the missing purchase of line 5");
    assert_eq!(WarningKey::of(missing).source.as_deref(), Some("overrides.csv:5"));
    let key = WarningKey::of(missing);
    case::save(&mut c, &p).expect("saved");

    // Nothing reviewed: every warning is open.
    let (open, err) = open_in_forms(&p);
    assert_eq!(open, 1);
    assert!(err.contains("1 of 1 warnings not yet reviewed"), "{err}");

    // The missing purchase accepted in the case: one fewer open, in the draft as on stderr.
    let mut c = case::open(&p).expect("opens");
    c.reviews.push(Review {
        warning: key.clone(),
        status: ReviewStatus::Accepted,
        reason: "bought before the exports begin; the client confirms".into(),
        by: "A. Reviewer".into(),
        at: at(10),
    });
    case::save(&mut c, &p).expect("saved");
    let (open, err) = open_in_forms(&p);
    assert_eq!(open, 0);
    assert!(!err.contains("not yet reviewed"), "{err}");
    // The pack's draft agrees (it always took the reviews).
    let pack = dir.path().join("pack");
    let (code, _, err) = salyq(&["case", "export", s(&p), "--out", s(&pack)]);
    assert_eq!(code, 0, "{err}");
    let mut figures = csv::Reader::from_path(pack.join("form_figures.csv")).expect("figures");
    let col = figures
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "open_warnings")
        .expect("an open_warnings column");
    for row in figures.records() {
        assert_eq!(&row.expect("a row")[col], "0");
    }

    // Reopened (a later review wins): open again.
    let mut c = case::open(&p).expect("opens");
    c.reviews.push(Review {
        warning: key,
        status: ReviewStatus::Open,
        reason: String::new(),
        by: "A. Reviewer".into(),
        at: at(20),
    });
    case::save(&mut c, &p).expect("saved");
    assert_eq!(open_in_forms(&p).0, 1);
}
