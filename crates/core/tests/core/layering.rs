//! The core's layering: data flows files → events → tenge values → lots and disposals → years →
//! forms, reports, exports, cases and compliance, and every `crate::` path in the library's code
//! (tests and comments left out) points down this order. A module may use any module below it,
//! never one above it, so there is no import circle. `ARCHITECTURE.md` draws the same order.
//!
//! `KNOWN` lists the edges that still run upwards, each with the work that removes it; the test
//! fails on a new one and on a listed one that is gone (so the list only shrinks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The library's modules from the bottom up. A module named `a::b` is its own unit (its file or
/// folder); any other file belongs to its top-level module.
const ORDER: &[&str] = &[
    // Words, numbers and facts: no file is read here.
    "about",
    // `crate::threads()`, the thread count, `crate::split_ranges()`, which cuts a list into
    // parts, and `crate::on_threads()`, which runs the parts on threads (functions of the crate
    // root, used from any layer).
    "threads",
    "split_ranges",
    "on_threads",
    "money",
    "fiat",
    "safe_file",
    "taxpayer",
    "venues",
    "parse",
    "model",
    "rules",
    "value_gap",
    "error",
    "tax_haven",
    "exemptions",
    "warning",
    "rates",
    "prices",
    "overrides",
    "ledger::events",
    "ledger::rules",
    "ledger::transfers",
    "ledger::balance",
    "ledger::binance",
    "settings",
    "issuer",
    "income",
    // Files → trades, events, rate and price tables.
    "nbk::xml",
    "import",
    // Tenge values, lots and disposals, years.
    "valuation",
    "legs",
    "matching",
    "ledger",
    "fx_gain",
    "yearly",
    "broker_fifo",
    "engine",
    // What is made of a computation.
    "nbk::fetch",
    "nbk",
    "export",
    "report",
    "compliance",
    "forms",
    "case",
    "output_guard",
];

/// Edges that still run upwards: (from, to, what removes it).
const KNOWN: &[(&str, &str, &str)] = &[];

/// The unit of a file (`src/`-relative, `/`-separated).
fn unit_of_file(rel: &str) -> String {
    let path = rel.trim_end_matches(".rs").trim_end_matches("/mod");
    let mut parts = path.split('/');
    let top = parts.next().unwrap_or_default();
    if let Some(sub) = parts.next() {
        let two = format!("{top}::{sub}");
        if ORDER.contains(&two.as_str()) {
            return two;
        }
    }
    top.to_string()
}

/// The unit a path `crate::a::b…` names.
fn unit_of_path(a: &str, b: Option<&str>) -> String {
    if let Some(b) = b {
        let two = format!("{a}::{b}");
        if ORDER.contains(&two.as_str()) {
            return two;
        }
    }
    a.to_string()
}

/// The library's code of one file: its test module and its comments left out.
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod ").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a piece of code names after `crate::`, including the members of a group
/// (`use crate::{a::x, b};`).
fn paths(code: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let ident = |s: &str| -> Option<(String, usize)> {
        let n = s
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
            .count();
        (n > 0).then(|| (s[..n].to_string(), n))
    };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // A group: split its top-level members.
            let mut depth = 0;
            let mut end = group.len();
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        end = i;
                        break;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            let mut depth = 0;
            let mut start = 0;
            let body = &group[..end];
            let mut members = Vec::new();
            for (i, c) in body.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        members.push(&body[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            members.push(&body[start..]);
            for m in members {
                let m = m.trim();
                if let Some((a, n)) = ident(m) {
                    let b = m[n..].strip_prefix("::").and_then(ident).map(|(b, _)| b);
                    out.push((a, b));
                }
            }
            continue;
        }
        if let Some((a, n)) = ident(rest) {
            let b = rest[n..].strip_prefix("::").and_then(ident).map(|(b, _)| b);
            out.push((a, b));
        }
    }
    out
}

fn rs_files(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the library's sources")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p
                .strip_prefix(root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).expect("a source file")));
        }
    }
}

/// (from, to) → the files that make the edge.
fn edges() -> BTreeMap<(String, String), BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&root, &root, &mut files);
    let mut out: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in files {
        if rel == "lib.rs" {
            continue;
        }
        let from = unit_of_file(&rel);
        for (a, b) in paths(&code_of(&text)) {
            let to = unit_of_path(&a, b.as_deref());
            if to != from {
                out.entry((from.clone(), to)).or_default().insert(rel.clone());
            }
        }
    }
    out
}

fn rank(unit: &str) -> usize {
    ORDER
        .iter()
        .position(|u| *u == unit)
        .unwrap_or_else(|| panic!("module {unit} is not in the layer order of tests/core/layering.rs"))
}

#[test]
fn every_module_is_in_the_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&root, &root, &mut files);
    for (rel, _) in files.iter().filter(|(r, _)| r != "lib.rs") {
        rank(&unit_of_file(rel));
    }
}

#[test]
fn arrows_only_point_down() {
    let mut upward = Vec::new();
    let mut still_known = BTreeSet::new();
    for ((from, to), files) in edges() {
        // The units of one module (`nbk`, `nbk::xml`, `nbk::fetch`) are its own affair.
        if from.split("::").next() == to.split("::").next() {
            continue;
        }
        if rank(&to) < rank(&from) {
            continue;
        }
        if KNOWN.iter().any(|k| (k.0, k.1) == (&*from, &*to)) {
            still_known.insert((from.clone(), to.clone()));
            continue;
        }
        upward.push(format!(
            "{from} -> {to} ({})",
            files.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    assert!(
        upward.is_empty(),
        "imports against the layering (move the code down, or the item to the lower module):\n{}",
        upward.join("\n")
    );
    let gone: Vec<_> = KNOWN
        .iter()
        .filter(|k| !still_known.contains(&(k.0.to_string(), k.1.to_string())))
        .collect();
    assert!(
        gone.is_empty(),
        "listed as known but no longer there (remove from KNOWN): {gone:?}"
    );
}

#[test]
fn the_path_reader_sees_groups_and_nested_paths() {
    // `use crate::{a::x, b::{c, d}, e};` names a, b and e; `crate::nbk::xml::read` names nbk::xml.
    let p = paths("use crate::{a::x, b::{c, d}, e};\nlet t = crate::nbk::xml::read(b);");
    let units: Vec<String> = p.iter().map(|(a, b)| unit_of_path(a, b.as_deref())).collect();
    assert_eq!(units, ["a", "b", "e", "nbk::xml"]);
    assert_eq!(unit_of_file("engine/effective.rs"), "engine");
    assert_eq!(unit_of_file("ledger/events.rs"), "ledger::events");
    assert_eq!(unit_of_file("ledger/mod.rs"), "ledger");
    assert_eq!(
        code_of("use crate::a;\n// crate::b\n#[cfg(test)]\nmod tests {\nuse crate::c;\n}"),
        "use crate::a;"
    );
}
