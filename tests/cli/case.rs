//! Case files (`.salyq`): a generated case reads back equal to what was saved; the committed
//! version-1 sample still opens with the sample's hand-worked taxes; damaged files are refused
//! and left as they were; an interrupted save keeps the previous file; overrides change the
//! figures exactly as worked out by hand, and removing them restores the figures; the `case`
//! commands give what `salyq report` gives on the same files and write every review-pack file.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use salyq_core::case::{
    self, Case, CaseError, CaseNotes, EmbeddedSource, Residency, Review, ReviewStatus, SourceRole, TradeNote,
    WarningKey,
};
use salyq_core::exemptions::{ExemptReason, TradeKey};
use salyq_core::import::FileRole;
use salyq_core::import::mapping::Mapping;
use salyq_core::model::Kind;
use salyq_core::overrides::{Change, ExcludeWhy, Override};
use salyq_core::rules::{FeeRule, FxRule, Netting};
use salyq_core::settings::Method;
use salyq_core::taxpayer::{Iin, Taxpayer, control_digit};
use salyq_core::venues::{Country, LicenceStatus};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn kzt(x: i64) -> Decimal {
    Decimal::from(x)
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).expect("a valid time")
}

fn saved_by() -> String {
    format!("Salyq {}", env!("CARGO_PKG_VERSION"))
}

// ---------------------------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------------------------

fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..4_102_444_800, 0u32..1_000_000_000)
        .prop_map(|(s, n)| DateTime::from_timestamp(s, n).expect("in range"))
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000_000i64..1_000_000_000_000, 0u32..8).prop_map(|(m, s)| Decimal::new(m, s))
}

fn amount() -> impl Strategy<Value = Decimal> {
    decimal().prop_map(|x| x.abs())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,16}",
        Just(String::new()),
        Just("line one\nline \"two\"\t\\ =1+1 ; Қазақ".to_string()),
    ]
}

fn key() -> impl Strategy<Value = TradeKey> {
    ("[a-zA-Z0-9_ .-]{1,10}", 1u64..100_000).prop_map(|(f, line)| TradeKey {
        file: format!("{f}.csv"),
        line,
    })
}

fn reason() -> impl Strategy<Value = Option<ExemptReason>> {
    prop_oneof![
        Just(None),
        prop::sample::select(ExemptReason::ALL.to_vec()).prop_map(Some)
    ]
}

fn country() -> impl Strategy<Value = Country> {
    prop_oneof![Just(Country::Kazakhstan), Just(Country::Abroad)]
}

fn taxpayer() -> impl Strategy<Value = Taxpayer> {
    (text(), any::<bool>(), prop::array::uniform11(0u32..10)).prop_map(|(name, with_iin, digits)| {
        let iin = with_iin.then(|| control_digit(&digits)).flatten().and_then(|c| {
            let s: String = digits.iter().chain([c].iter()).map(|d| d.to_string()).collect();
            Iin::parse(&s).ok()
        });
        Taxpayer { name, iin }
    })
}

/// A small generic CSV, sometimes with bytes that are not UTF-8 (a file saved in cp1251).
fn content() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((0u32..900, any::<bool>(), 1u32..5000, 1u32..100_000), 0..8),
        prop::option::of((
            any::<prop::sample::Index>(),
            prop::collection::vec(128u8..=255, 1..6),
        )),
        any::<bool>(),
    )
        .prop_map(|(rows, bytes, crlf)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut s = format!("date,side,asset,quantity,price,currency,note{nl}");
            for (day, buy, q, p) in rows {
                let d =
                    NaiveDate::from_ymd_opt(2024, 1, 1).expect("date") + chrono::Days::new(u64::from(day));
                let side = if buy { "buy" } else { "sell" };
                s.push_str(&format!(
                    "{d}T10:00:00Z,{side},BTC,{}.{:03},{p},KZT,\"a, note\"{nl}",
                    q / 1000,
                    q % 1000
                ));
            }
            let mut b = s.into_bytes();
            if let Some((at, extra)) = bytes {
                let i = at.index(b.len() + 1);
                b.splice(i..i, extra);
            }
            b
        })
}

fn source() -> impl Strategy<Value = EmbeddedSource> {
    (
        "[a-z]{1,8}",
        content(),
        prop_oneof![
            Just(SourceRole::Auto),
            Just(SourceRole::Rates),
            Just(SourceRole::Prices)
        ],
        text(),
        time(),
    )
        .prop_map(|(name, content, role, format, imported)| {
            EmbeddedSource::new(&format!("{name}.csv"), content, role, &format, imported)
        })
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (key(), reason()).prop_map(|(trade, exemption)| Change::Exempt { trade, exemption }),
        (
            key(),
            prop_oneof![
                Just(ExcludeWhy::Duplicate),
                Just(ExcludeWhy::OwnTransfer),
                Just(ExcludeWhy::Other)
            ]
        )
            .prop_map(|(trade, why)| Change::Exclude { trade, why }),
        (
            "[A-Z]{2,5}",
            prop::sample::select(Kind::ALL.to_vec()),
            0i64..20_000,
            amount(),
            amount(),
            prop::option::of(text()),
            prop::option::of(key()),
        )
            .prop_map(|(asset, kind, day, quantity, cost_kzt, venue, for_trade)| {
                Change::AddPurchase {
                    asset,
                    kind,
                    date: NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Duration::days(day),
                    quantity: quantity + Decimal::ONE,
                    cost_kzt,
                    venue,
                    for_trade,
                }
            }),
        (text(), country()).prop_map(|(venue, country)| Change::VenueCountry { venue, country }),
        ("[A-Z0-9]{1,12}", "[A-Z]{2}")
            .prop_map(|(security, country)| Change::IssuerCountry { security, country }),
    ]
}

fn overrides() -> impl Strategy<Value = Vec<Override>> {
    prop::collection::vec((change(), text(), text(), time()), 0..6).prop_map(|list| {
        list.into_iter()
            .enumerate()
            .map(|(i, (change, reason, by, at))| Override {
                id: i as u64 * 2 + 1,
                change,
                reason,
                by,
                at,
            })
            .collect()
    })
}

type RuleChanges = (Option<bool>, Option<bool>, Option<bool>, Option<bool>);

fn settings_changes() -> impl Strategy<Value = salyq_core::settings::Settings> {
    (
        (
            prop::sample::select(Method::ALL.to_vec()),
            -720i32..=840,
            any::<bool>(),
            prop::collection::btree_map(2015i32..2035, amount(), 0..3),
            prop::collection::btree_map(2015i32..2035, amount(), 0..3),
        ),
        (
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        ),
        (
            prop::collection::vec((text(), country()), 0..3),
            prop::collection::vec(
                (
                    text(),
                    prop_oneof![
                        Just(LicenceStatus::AifcLicensed),
                        Just(LicenceStatus::Foreign),
                        Just(LicenceStatus::Unknown)
                    ],
                ),
                0..3,
            ),
            prop::collection::vec((text(), reason()), 0..3),
            prop::collection::vec((key(), reason()), 0..3),
        ),
        overrides(),
    )
        .prop_map(
            |(
                (method, tz_min, par, other, foreign),
                rules,
                (venues, statuses, ex_venues, ex_trades),
                overrides,
            )| {
                let mut s = salyq_core::settings::Settings {
                    method,
                    tz: chrono::FixedOffset::east_opt(tz_min * 60).expect("offset"),
                    stablecoins_at_par: par,
                    other_income: other,
                    foreign_tax_paid: foreign,
                    overrides,
                    ..Default::default()
                };
                let (fx, fees, crypto, security): RuleChanges = rules;
                s.rules.for_all_years(|y| {
                    if let Some(v) = fx {
                        y.fx_rule.value = if v {
                            FxRule::AnnualAverage
                        } else {
                            FxRule::PreviousBusinessDay
                        };
                        y.fx_rule.reference.set_by_user = true;
                    }
                    if let Some(v) = fees {
                        y.fees.value = if v { FeeRule::Include } else { FeeRule::Exclude };
                        y.fees.reference.set_by_user = true;
                    }
                    if let Some(v) = crypto {
                        y.netting.crypto = if v { Netting::NetYear } else { Netting::PerSale };
                        y.netting.reference.set_by_user = true;
                    }
                    if let Some(v) = security {
                        y.netting.security = if v { Netting::NetYear } else { Netting::PerSale };
                        // A changed rule is marked (rules not changed follow the bundled table
                        // when a case opens).
                        y.netting.reference.set_by_user = true;
                    }
                });
                for (v, c) in venues {
                    s.venues.set(&v, c);
                }
                for (v, st) in statuses {
                    s.venues.set_status(&v, st);
                }
                for (v, r) in ex_venues {
                    s.exemptions.set_venue(&v, r);
                }
                for (k, r) in ex_trades {
                    s.exemptions.set_trade(k, r);
                }
                s
            },
        )
}

fn notes() -> impl Strategy<Value = CaseNotes> {
    (
        text(),
        prop::collection::vec((key(), text(), text(), time()), 0..3),
    )
        .prop_map(|(case, trades)| CaseNotes {
            case,
            trades: trades
                .into_iter()
                .map(|(trade, text, by, at)| TradeNote { trade, text, by, at })
                .collect(),
        })
}

fn reviews() -> impl Strategy<Value = Vec<Review>> {
    prop::collection::vec(
        (
            "[a-z_]{3,20}",
            prop::option::of(key()),
            text(),
            prop_oneof![
                Just(ReviewStatus::Open),
                Just(ReviewStatus::Accepted),
                Just(ReviewStatus::Resolved)
            ],
            text(),
            text(),
            time(),
        ),
        0..3,
    )
    .prop_map(|list| {
        list.into_iter()
            .map(|(kind, source, message, status, reason, by, at)| Review {
                warning: WarningKey {
                    kind,
                    source: source.map(|k| k.to_string()),
                    message,
                },
                status,
                reason,
                by,
                at,
            })
            .collect()
    })
}

fn a_case() -> impl Strategy<Value = Case> {
    (
        taxpayer(),
        any::<bool>(),
        prop::option::of(2000i32..2100),
        prop::collection::vec(source(), 0..4),
        any::<bool>(),
        settings_changes(),
        notes(),
        reviews(),
        time(),
    )
        .prop_map(
            |(taxpayer, resident, tax_year, sources, with_mapping, settings, notes, reviews, created_at)| {
                let mappings = if with_mapping {
                    vec![
                        Mapping::load(&root("tests/data/mapped_broker.json"))
                            .expect("the fixture mapping loads"),
                    ]
                } else {
                    Vec::new()
                };
                Case {
                    taxpayer,
                    residency: if resident {
                        Residency::Resident
                    } else {
                        Residency::NonResident
                    },
                    tax_year,
                    sources,
                    mappings,
                    settings,
                    notes,
                    reviews,
                    created_at,
                    saved: None,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever a case holds, it reads back equal, stamped as saved; saving it again gives the
    /// same bytes.
    #[test]
    fn a_case_reads_back_as_it_was_saved(c in a_case(), now in time()) {
        let bytes = case::to_bytes(&c, now);
        let back = case::from_bytes(&bytes, "c.salyq").expect("a saved case opens");
        let mut expected = c.clone();
        expected.saved = Some((now, saved_by()));
        prop_assert_eq!(&back, &expected);
        prop_assert_eq!(case::to_bytes(&back, now), bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// The version-1 sample
// ---------------------------------------------------------------------------------------------

/// The committed version-1 case of the sample history (`sample_data/`).
///
/// **This fixture must stay readable by every later version of Salyq**: never regenerate or
/// edit it when the format changes; a newer format version must open it as it is (the
/// versioning promise of `docs/case-format.md`). It was written by
/// `write_the_v1_sample_fixture` below, when the format was version 1.
const V1_SAMPLE: &str = "tests/data/case/v1_sample.salyq";

#[test]
fn the_v1_sample_opens_with_the_hand_worked_taxes() {
    let c = case::open(&root(V1_SAMPLE)).expect("the version-1 sample opens");
    assert_eq!(c.taxpayer.name, "Aigerim Sample");
    assert_eq!(c.taxpayer.iin.as_ref().map(Iin::as_str), Some("900101300126"));
    assert_eq!(c.tax_year, Some(2025));
    let names: Vec<&str> = c.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["trades.csv", "rates.csv", "prices.csv"]);
    assert_eq!(c.settings.overrides.len(), 2);
    assert_eq!(c.reviews.len(), 1);
    assert_eq!(c.notes.trades.len(), 1);
    assert!(!c.notes.case.is_empty());
    let (_, comp) = c.compute().expect("the sample computes");
    let tax: Vec<(i32, Decimal)> = comp.years.iter().map(|y| (y.year, y.tax)).collect();
    // sample_data/README.md: FIFO tax per year, worked out independently of the engine. The
    // fixture's rule book was saved before the law's text was read; its rules, none changed by
    // the user, follow the bundled table when opened, so 2025 and 2026 get the sale-year
    // currency rule and the new netting: 54,610 → 52,527 and 19,973 → 19,512 (README §3).
    assert_eq!(
        tax,
        [(2024, kzt(90_692)), (2025, kzt(52_527)), (2026, kzt(19_512))]
    );
}

/// Writes the version-1 sample fixture. Run by hand only, and only while the format is version
/// 1: `cargo test --test case -- --ignored write_the_v1_sample_fixture`.
#[test]
#[ignore = "writes the committed fixture"]
fn write_the_v1_sample_fixture() {
    assert_eq!(
        case::FORMAT_VERSION,
        1,
        "the fixture is of version 1: never rewrite it"
    );
    let t0 = at(1_767_225_600); // 2026-01-01T00:00:00Z
    let mut c = Case::new(t0);
    c.taxpayer = Taxpayer {
        name: "Aigerim Sample".into(),
        iin: Iin::parse("900101300126").ok(),
    };
    c.tax_year = Some(2025);
    for (file, role) in [
        ("trades.csv", FileRole::Auto),
        ("rates.csv", FileRole::Rates),
        ("prices.csv", FileRole::Prices),
    ] {
        let bytes = std::fs::read(root("sample_data").join(file)).expect("sample file");
        c.import(file, bytes, role, t0).expect("sample imports");
    }
    // Decisions that leave the figures as they are: Ataix counts as Kazakhstan anyway, and the
    // trade at line 5 is on no exempt venue.
    c.settings.overrides = vec![
        Override {
            id: 1,
            change: Change::VenueCountry {
                venue: "Ataix".into(),
                country: Country::Kazakhstan,
            },
            reason: "AIFC-licensed venue".into(),
            by: "reviewer".into(),
            at: at(1_767_229_200),
        },
        Override {
            id: 2,
            change: Change::Exempt {
                trade: TradeKey::parse("trades.csv:5").expect("key"),
                exemption: None,
            },
            reason: "not an exempt sale".into(),
            by: "reviewer".into(),
            at: at(1_767_232_800),
        },
    ];
    c.notes.case = "Sample case of the hand-worked history.".into();
    c.notes.trades.push(TradeNote {
        trade: TradeKey::parse("trades.csv:4").expect("key"),
        text: "USDT spent on ETH".into(),
        by: "reviewer".into(),
        at: at(1_767_236_400),
    });
    c.reviews.push(Review {
        warning: WarningKey {
            kind: "stale_price".into(),
            source: Some("trades.csv:9".into()),
            message: "an example review".into(),
        },
        status: ReviewStatus::Accepted,
        reason: "checked by hand".into(),
        by: "reviewer".into(),
        at: at(1_767_240_000),
    });
    std::fs::write(root(V1_SAMPLE), case::to_bytes(&c, at(1_767_243_600))).expect("fixture written");
}

// ---------------------------------------------------------------------------------------------
// Damaged files and interrupted saves
// ---------------------------------------------------------------------------------------------

fn sample_case_bytes() -> Vec<u8> {
    std::fs::read(root(V1_SAMPLE)).expect("the sample case")
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

/// Every command refuses the file with `message` (exit 1, the message on stderr), and the file
/// is byte for byte as it was.
fn refused_everywhere(bytes: &[u8], message: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("bad.salyq");
    std::fs::write(&p, bytes).expect("written");
    let e = case::open(&p).expect_err("refused");
    assert!(e.to_string().contains(message), "{e}");
    let sample = root("sample_data/prices.csv");
    let out = dir.path().join("pack");
    for args in [
        vec!["case", "report", s(&p)],
        vec!["case", "import", s(&p), s(&sample)],
        vec!["case", "export", s(&p), "--year", "2025", "--out", s(&out)],
        vec![
            "case",
            "override",
            s(&p),
            "--venue",
            "X=abroad",
            "--reason",
            "r",
            "--by",
            "me",
        ],
        vec!["case", "show", s(&p)],
    ] {
        let (code, _, err) = salyq(&args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            std::fs::read(&p).expect("still there"),
            bytes,
            "{args:?} changed the file"
        );
    }
    assert!(!out.exists(), "no pack from a damaged case");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn a_truncated_file_is_refused_and_left_as_it_was() {
    let bytes = sample_case_bytes();
    for cut in [bytes.len() / 2, bytes.len() - 3, 20, 1] {
        refused_everywhere(&bytes[..cut], "damaged or incomplete");
    }
    let e = case::from_bytes(&bytes[..bytes.len() / 2], "c.salyq").unwrap_err();
    assert!(matches!(e, CaseError::Damaged { .. }));
    assert!(e.to_string().contains("it was not changed"), "{e}");
}

#[test]
fn a_flipped_byte_in_a_source_fails_its_checksum() {
    let bytes = sample_case_bytes();
    // A digit inside the embedded trades.csv text: the JSON stays valid, the content changes.
    let text_at = find(&bytes, b"\"text\":\"date,").expect("the trades text") + 40;
    let digit = text_at
        + bytes[text_at..]
            .iter()
            .position(u8::is_ascii_digit)
            .expect("a digit");
    let mut bad = bytes.clone();
    bad[digit] = if bad[digit] == b'9' { b'8' } else { bad[digit] + 1 };
    refused_everywhere(&bad, "does not match its SHA-256 checksum");
}

#[test]
fn garbage_foreign_and_newer_files_are_refused() {
    let bytes = sample_case_bytes();
    // Garbage after a valid start.
    let mut garbage = bytes[..200].to_vec();
    garbage.extend_from_slice(b"\x00\xff}}]]\"garbage");
    refused_everywhere(&garbage, "damaged or incomplete");
    // Not JSON, or JSON of something else.
    refused_everywhere(b"\x89PNG\r\n\x1a\n\x00\x00", "not a Salyq case file");
    refused_everywhere(b"{\"format\":\"other\",\"version\":1}", "not a Salyq case file");
    refused_everywhere(b"date,side,asset\n", "not a Salyq case file");
    refused_everywhere(b"", "the file is empty");
    // A newer format version.
    let text = String::from_utf8(bytes).expect("UTF-8");
    let v = case::FORMAT_VERSION;
    // (The sample is of version 1.)
    let newer = text.replacen("\"version\":1,", &format!("\"version\":{},", v + 1), 1);
    refused_everywhere(
        newer.as_bytes(),
        &format!("saved by a newer Salyq (case format {})", v + 1),
    );
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn an_interrupted_save_leaves_the_previous_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("c.salyq");
    let mut c = case::open(&root(V1_SAMPLE)).expect("sample");
    case::save(&mut c, &p).expect("first save");
    let before = std::fs::read(&p).expect("saved");

    // 1. The writer fails half-way through the new content.
    let mut changed = c.clone();
    changed.notes.case = "changed".into();
    let new_bytes = case::to_bytes(&changed, Utc::now());
    let r = salyq_core::export::write_atomic(&p, |w| {
        w.write_all(&new_bytes[..new_bytes.len() / 2])?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(r.is_err());
    assert_eq!(std::fs::read(&p).expect("still there"), before);

    // 2. The file cannot be replaced (it is read-only): `case::save` fails with the file's name
    //    in the message, and the previous file is intact and opens.
    let mut perms = std::fs::metadata(&p).expect("saved").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&p, perms.clone()).expect("read-only");
    let e = case::save(&mut changed, &p).expect_err("cannot save");
    assert!(matches!(e, CaseError::Io { .. }), "{e}");
    assert!(e.to_string().contains("c.salyq"), "{e}");
    assert_eq!(std::fs::read(&p).expect("still there"), before);
    let back = case::open(&p).expect("the previous file opens");
    assert_eq!(back.notes.case, c.notes.case);
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&p, perms).expect("writable again");
    case::save(&mut changed, &p).expect("saves once the way is clear");
    assert_eq!(case::open(&p).expect("opens").notes.case, "changed");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

// ---------------------------------------------------------------------------------------------
// Overrides change the figures as worked out by hand
// ---------------------------------------------------------------------------------------------

/// `tests/data/case/overrides.csv`, all in 2025, all in KZT, no fees (tax dates as written:
/// 10:00 UTC is 15:00 in Kazakhstan):
///
/// | line | trade |
/// |---|---|
/// | 2 | buy 1 BTC for 1,000,000 (Kraken) |
/// | 3 | sell 0.5 BTC for 700,000 |
/// | 4 | the same sale again, under another id (a duplicate the files cannot tell) |
/// | 5 | sell 2 ETH for 600,000 — no ETH was ever bought (missing purchase) |
/// | 6 | buy 10 KSPI for 300,000 (Freedom, security) |
/// | 7 | sell 10 KSPI for 400,000 |
///
/// 2025 rules: crypto per sale, securities netted over the year, tax 10%.
fn overrides_case() -> Case {
    let mut c = Case::new(at(0));
    let bytes = std::fs::read(root("tests/data/case/overrides.csv")).expect("fixture");
    c.import("overrides.csv", bytes, FileRole::Auto, at(0))
        .expect("imports");
    c
}

/// (property income, tax, exempt income) of 2025, and the missing-purchase warnings' sources.
fn figures(c: &Case) -> (Decimal, Decimal, Decimal, Vec<String>) {
    // Every decision survives a save and an open.
    let c = case::from_bytes(&case::to_bytes(c, at(0)), "c.salyq").expect("reopens");
    let (_, comp) = c.compute().expect("computes");
    let y = comp.years.iter().find(|y| y.year == 2025).expect("2025");
    let missing = comp
        .warnings
        .iter()
        .filter(|w| WarningKey::of(w).kind == "missing_purchase")
        .map(|w| WarningKey::of(w).source.unwrap_or_default())
        .collect();
    (y.property_income, y.tax, y.exempt_income(), missing)
}

fn decision(id: u64, change: Change) -> Override {
    Override {
        id,
        change,
        reason: "test".into(),
        by: "tester".into(),
        at: at(0),
    }
}

#[test]
fn overrides_change_the_figures_as_worked_by_hand_and_undo_restores_them() {
    let mut c = overrides_case();
    // Before: BTC line 3: 700,000 − 500,000 (half the lot) = 200,000; line 4: the other half,
    // 200,000; ETH line 5: 600,000 at zero cost (missing purchase) = 600,000; crypto per sale
    // 200,000 + 200,000 + 600,000 = 1,000,000. KSPI: 400,000 − 300,000 = 100,000.
    // Property income 1,100,000; tax 10% = 110,000.
    let original = (
        kzt(1_100_000),
        kzt(110_000),
        kzt(0),
        vec!["overrides.csv:5".to_string()],
    );
    assert_eq!(figures(&c), original);

    // 1. Exclude the duplicate (line 4): crypto 200,000 + 600,000 = 800,000; with KSPI
    //    900,000; tax 90,000. (0.5 BTC stays held.)
    c.settings.overrides.push(decision(
        1,
        Change::Exclude {
            trade: TradeKey::parse("overrides.csv:4").expect("key"),
            why: ExcludeWhy::Duplicate,
        },
    ));
    assert_eq!(
        figures(&c),
        (
            kzt(900_000),
            kzt(90_000),
            kzt(0),
            vec!["overrides.csv:5".to_string()]
        )
    );

    // 2. Enter the missing purchase: 2 ETH bought 2024-12-01 for 450,000. ETH gain 600,000 −
    //    450,000 = 150,000; crypto 200,000 + 150,000 = 350,000; with KSPI 450,000; tax 45,000.
    //    The missing-purchase warning is gone.
    c.settings.overrides.push(decision(
        2,
        Change::AddPurchase {
            asset: "ETH".into(),
            kind: Kind::Crypto,
            date: NaiveDate::from_ymd_opt(2024, 12, 1).expect("date"),
            quantity: kzt(2),
            cost_kzt: kzt(450_000),
            venue: Some("Kraken".into()),
            for_trade: TradeKey::parse("overrides.csv:5"),
        },
    ));
    assert_eq!(figures(&c), (kzt(450_000), kzt(45_000), kzt(0), vec![]));

    // 3. Mark the KSPI sale (line 7) exempt (KASE): its 100,000 leaves the taxable income and is
    //    kept apart as exempt income. Property income 350,000; tax 35,000.
    c.settings.overrides.push(decision(
        3,
        Change::Exempt {
            trade: TradeKey::parse("overrides.csv:7").expect("key"),
            exemption: Some(ExemptReason::Kase),
        },
    ));
    assert_eq!(figures(&c), (kzt(350_000), kzt(35_000), kzt(100_000), vec![]));

    // Undo the entered purchase alone: ETH back to 600,000 at zero cost; crypto 200,000 +
    // 600,000 = 800,000; KSPI still exempt. Property income 800,000; tax 80,000.
    c.settings.overrides.retain(|o| o.id != 2);
    assert_eq!(
        figures(&c),
        (
            kzt(800_000),
            kzt(80_000),
            kzt(100_000),
            vec!["overrides.csv:5".to_string()]
        )
    );

    // Undo everything: the original figures.
    c.settings.overrides.clear();
    assert_eq!(figures(&c), original);
}

#[test]
fn overrides_recorded_from_the_command_line_give_the_same_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("o.salyq");
    let fixture = root("tests/data/case/overrides.csv");
    let (code, _, err) = salyq(&["case", "new", s(&p), s(&fixture)]);
    assert_eq!(code, 0, "{err}");
    // A trade that is not in the case: refused, nothing changed.
    let before = std::fs::read(&p).expect("saved");
    let (code, _, err) = salyq(&[
        "case",
        "override",
        s(&p),
        "--exclude",
        "overrides.csv:40=duplicate",
        "--reason",
        "x",
        "--by",
        "me",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no trade at overrides.csv:40"), "{err}");
    assert_eq!(std::fs::read(&p).expect("saved"), before);
    // No reason: a usage error.
    let (code, _, err) = salyq(&[
        "case",
        "override",
        s(&p),
        "--exclude",
        "overrides.csv:4=duplicate",
        "--by",
        "me",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = salyq(&[
        "case",
        "override",
        s(&p),
        "--exclude",
        "overrides.csv:4=duplicate",
        "--add-purchase",
        "eth,2024-12-01,2,450000",
        "--for",
        "overrides.csv:5",
        "--exempt",
        "overrides.csv:7=kase",
        "--reason",
        "reviewed with the client",
        "--by",
        "A. Reviewer",
    ]);
    assert_eq!(code, 0, "{err}");
    let c = case::open(&p).expect("opens");
    assert_eq!(c.settings.overrides.len(), 3);
    assert!(c.settings.overrides.iter().all(|o| o.by == "A. Reviewer"));
    assert_eq!(figures(&c), (kzt(350_000), kzt(35_000), kzt(100_000), vec![]));
    // The report says so too.
    let (code, out, _) = salyq(&["case", "report", s(&p), "--json", "--year", "2025"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["years"][0]["tax_kzt"], "35000");
    // Remove the exemption (its number is the one it was given): back to 45,000.
    let id = c
        .settings
        .overrides
        .iter()
        .find(|o| matches!(o.change, Change::Exempt { .. }))
        .expect("the exemption")
        .id
        .to_string();
    let (code, _, err) = salyq(&["case", "override", s(&p), "--remove", &id, "--by", "me"]);
    assert_eq!(code, 0, "{err}");
    let c = case::open(&p).expect("opens");
    assert_eq!(figures(&c), (kzt(450_000), kzt(45_000), kzt(0), vec![]));
}

// ---------------------------------------------------------------------------------------------
// The commands, end to end
// ---------------------------------------------------------------------------------------------

#[test]
fn case_commands_give_what_report_gives_and_write_the_whole_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("sample.salyq");
    let trades = root("sample_data/trades.csv");
    let rates = root("sample_data/rates.csv");
    let prices = root("sample_data/prices.csv");
    let (code, _, err) = salyq(&[
        "case",
        "new",
        s(&p),
        "--name",
        "Aigerim Sample",
        "--iin",
        "900101300126",
        "--year",
        "2025",
        s(&trades),
    ]);
    assert_eq!(code, 0, "{err}");
    // An existing case is not replaced without --force.
    let (code, _, err) = salyq(&["case", "new", s(&p)]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    // A bad IIN is a usage error.
    let (code, _, _) = salyq(&[
        "case",
        "new",
        s(&dir.path().join("x.salyq")),
        "--iin",
        "900101300127",
    ]);
    assert_eq!(code, 2);
    // Import the tables, and the trades again: skipped, not duplicated.
    let (code, _, err) = salyq(&[
        "case",
        "import",
        s(&p),
        "--rates",
        s(&rates),
        "--prices",
        s(&prices),
        s(&trades),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already in the case as trades.csv"), "{err}");
    let c = case::open(&p).expect("opens");
    assert_eq!(c.sources.len(), 3);
    // Importing only what is there already leaves the file untouched.
    let before = std::fs::read(&p).expect("saved");
    let (code, _, err) = salyq(&["case", "import", s(&p), s(&trades)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&p).expect("saved"), before);

    // report --json: the same document as `salyq report --json` on the files.
    let (code, from_case, err) = salyq(&["case", "report", s(&p), "--json"]);
    assert_eq!(code, 0, "{err}");
    let (code, from_files, _) = salyq(&["report", "--json", s(&trades), s(&rates), s(&prices)]);
    assert_eq!(code, 0);
    assert_eq!(from_case, from_files);
    let (_, text_case, _) = salyq(&["case", "report", s(&p), "--year", "2025"]);
    let (_, text_files, _) = salyq(&["report", "--year", "2025", s(&trades), s(&rates), s(&prices)]);
    assert_eq!(text_case, text_files);

    // forms: the case's taxpayer and tax year fill the draft.
    let (code, out, err) = salyq(&["case", "forms", s(&p), "--json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["year"], 2025);
    assert_eq!(doc["taxpayer"]["iin"], "900101300126");
    assert_eq!(doc["taxpayer"]["name"], "Aigerim Sample");

    // export: every file of the pack.
    let pack = dir.path().join("pack");
    let (code, _, err) = salyq(&["case", "export", s(&p), "--out", s(&pack), "--excel-ru"]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&pack)
        .expect("pack")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<&str> = case::pack::PACK_FILES.iter().map(|(n, _)| *n).collect();
    want.sort();
    assert_eq!(names, want);
    for n in &names {
        assert!(
            std::fs::metadata(pack.join(n)).expect("file").len() > 40,
            "{n} is empty"
        );
    }
    let summary = std::fs::read_to_string(pack.join("summary.csv")).expect("summary");
    assert!(summary.starts_with('\u{feff}'), "Excel RU style");
    assert!(summary.lines().nth(1).expect("a row").starts_with("2025;"));
    let readme = std::fs::read_to_string(pack.join("README.txt")).expect("readme");
    for (n, _) in case::pack::PACK_FILES {
        assert!(readme.contains(n), "README names {n}");
    }
    assert!(readme.contains(&c.sources[0].sha256));
}

#[test]
fn the_pack_lists_every_decision() {
    let mut c = case::open(&root(V1_SAMPLE)).expect("sample");
    c.settings.overrides.push(decision(
        3,
        Change::AddPurchase {
            asset: "BTC".into(),
            kind: Kind::Crypto,
            date: NaiveDate::from_ymd_opt(2023, 5, 1).expect("date"),
            quantity: Decimal::new(1, 2),
            cost_kzt: kzt(100_000),
            venue: None,
            for_trade: None,
        },
    ));
    c.notes.case = "=HYPERLINK(\"x\")".into();
    let dir = tempfile::tempdir().expect("temp dir");
    let files = case::write_pack(
        &c,
        2025,
        &dir.path().join("p"),
        salyq_core::export::CsvStyle::Plain,
    )
    .expect("pack written");
    assert_eq!(files.len(), case::pack::PACK_FILES.len());
    let text = std::fs::read_to_string(dir.path().join("p/decisions.csv")).expect("decisions");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let mut expected: Vec<&str> = case::pack::DECISIONS_HEADER.to_vec();
    expected.push(salyq_core::export::GENERATOR_COLUMN);
    assert_eq!(header, expected);
    let rows: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    let records: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        records,
        [
            ("override", "1", "venue_country"),
            ("override", "2", "exempt"),
            ("override", "3", "add_purchase"),
            ("review", "", "accepted"),
            ("trade_note", "", ""),
            ("case_note", "", ""),
        ]
    );
    assert_eq!(rows[0][3], "Ataix");
    assert_eq!(rows[0][5], "AIFC-licensed venue");
    assert_eq!(rows[0][6], "reviewer");
    assert_eq!(
        rows[2][4],
        "bought 0.01 BTC on 2023-05-01 for 100000.00 KZT (crypto)"
    );
    assert_eq!(rows[3][5], "checked by hand");
    assert_eq!(rows[5][4], "'=HYPERLINK(\"x\")", "formula-safe");
}

#[test]
fn a_hand_edited_file_with_impossible_values_is_refused() {
    let base = case::open(&root(V1_SAMPLE)).expect("sample");
    let refused = |c: &Case, what: &str| {
        let e = case::from_bytes(&case::to_bytes(c, at(0)), "c.salyq").expect_err(what);
        assert!(matches!(e, CaseError::Damaged { .. }), "{what}: {e}");
    };
    let mut c = base.clone();
    c.settings.overrides.push(decision(
        3,
        Change::AddPurchase {
            asset: "BTC".into(),
            kind: Kind::Crypto,
            date: NaiveDate::from_ymd_opt(2023, 5, 1).expect("date"),
            quantity: Decimal::ZERO,
            cost_kzt: kzt(1),
            venue: None,
            for_trade: None,
        },
    ));
    refused(&c, "a purchase of nothing");
    let mut c = base.clone();
    c.settings.other_income.insert(2025, kzt(-1));
    refused(&c, "a negative income");
    let mut c = base.clone();
    c.settings.foreign_tax_paid.insert(2025, Decimal::MAX);
    refused(&c, "an amount beyond every bound");
    // A rule table without years.
    let mut doc: serde_json::Value = serde_json::from_slice(&sample_case_bytes()).expect("JSON");
    doc["settings"]["rules"]["years"] = serde_json::json!({});
    let e = case::from_bytes(&serde_json::to_vec(&doc).expect("JSON"), "c.salyq").expect_err("no rules");
    assert!(e.to_string().contains("the rule table has no year"), "{e}");
}
