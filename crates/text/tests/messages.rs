//! The Fluent files: every message in every language with the same arguments, plural forms by
//! the language's rules, arguments put in once.

use fluent_syntax::ast;
use salyq_text::{Lang, Text, has_own};
use std::collections::{BTreeMap, BTreeSet};

fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_variables(i, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for v in variants {
                variables(&v.value, out);
            }
        }
    }
}

fn inline_variables(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

/// Each language's messages: id → (file, the variables it uses).
fn messages() -> BTreeMap<&'static str, BTreeMap<String, (String, BTreeSet<String>)>> {
    let mut all: BTreeMap<&str, BTreeMap<String, (String, BTreeSet<String>)>> = BTreeMap::new();
    for (code, name, text) in salyq_text::files() {
        if name.starts_with("data/") {
            continue;
        }
        let resource =
            fluent_syntax::parser::parse(text).unwrap_or_else(|(_, e)| panic!("ftl/{code}/{name}: {e:?}"));
        for entry in resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    let value = m
                        .value
                        .as_ref()
                        .unwrap_or_else(|| panic!("{} has no value", m.id.name));
                    variables(value, &mut vars);
                    let old = all
                        .entry(code)
                        .or_default()
                        .insert(m.id.name.to_string(), (name.to_string(), vars));
                    assert!(old.is_none(), "ftl/{code}: {} twice", m.id.name);
                }
                ast::Entry::Junk { content } => panic!("ftl/{code}/{name}: cannot read {content:?}"),
                _ => {}
            }
        }
    }
    all
}

#[test]
fn every_message_is_in_every_language_with_the_same_arguments() {
    let all = messages();
    let en = &all["en"];
    assert_eq!(en.len(), Text::ALL.len());
    for code in ["ru", "kk"] {
        let other = &all[code];
        let missing: Vec<&String> = en.keys().filter(|id| !other.contains_key(*id)).collect();
        if code == "ru" {
            assert!(
                missing.is_empty(),
                "{code} lacks {} messages: {missing:?}",
                missing.len()
            );
        }
        for (id, (file, vars)) in other {
            let (en_file, en_vars) = en
                .get(id)
                .unwrap_or_else(|| panic!("ftl/{code}/{file}: {id} is not in English"));
            assert_eq!(file, en_file, "{id} is in {file} in {code}, {en_file} in English");
            assert_eq!(vars, en_vars, "{id}: arguments in {code} differ from English");
        }
    }
    for text in Text::ALL {
        for lang in Lang::ALL {
            assert!(has_own(lang, text), "{lang:?} lacks {}", text.id());
        }
    }
}

#[test]
fn data_messages_are_in_russian_and_kazakh() {
    use salyq_text::{data_ids, has_data};
    let ru: BTreeSet<&str> = data_ids(Lang::Ru).collect();
    let kk: BTreeSet<&str> = data_ids(Lang::Kk).collect();
    assert!(ru.len() >= 99, "{}", ru.len());
    assert_eq!(ru, kk, "the same data ids in Russian and Kazakh");
    for id in &ru {
        assert!(has_data(Lang::Ru, id) && has_data(Lang::Kk, id), "{id}");
        let (r, k) = (Lang::Ru.data(id).unwrap(), Lang::Kk.data(id).unwrap());
        // A text in words (not a bare formula such as "A_1_1 + A_1_2") is Kazakh, not Russian.
        if r.chars().any(|c| ('а'..='я').contains(&c)) {
            assert_ne!(r, k, "{id}: the Kazakh is the Russian");
        }
    }
    assert_eq!(
        Lang::En.data("ref-rule-2025-form"),
        None,
        "English stays in the tables"
    );
    assert!(
        Lang::Kk
            .data("ref-rule-2025-form")
            .unwrap()
            .starts_with("Табыс және мүлік")
    );
}

#[test]
fn plural_forms_follow_each_language() {
    let w = |lang: Lang, n: u64| lang.n(Text::BannerWarnings, n, &[("n", &n.to_string())]);
    assert_eq!(w(Lang::En, 1), "1 warning");
    assert_eq!(w(Lang::En, 2), "2 warnings");
    assert_eq!(w(Lang::En, 0), "0 warnings");
    // Russian: one (1, 21, 101), few (2–4, 22–24), many (0, 5–20, 25–30, 111).
    assert_eq!(w(Lang::Ru, 1), "1 предупреждение");
    assert_eq!(w(Lang::Ru, 2), "2 предупреждения");
    assert_eq!(w(Lang::Ru, 4), "4 предупреждения");
    assert_eq!(w(Lang::Ru, 5), "5 предупреждений");
    assert_eq!(w(Lang::Ru, 11), "11 предупреждений");
    assert_eq!(w(Lang::Ru, 12), "12 предупреждений");
    assert_eq!(w(Lang::Ru, 21), "21 предупреждение");
    assert_eq!(w(Lang::Ru, 22), "22 предупреждения");
    assert_eq!(w(Lang::Ru, 111), "111 предупреждений");
    // Kazakh: the noun does not change after a number.
    assert_eq!(w(Lang::Kk, 1), "1 ескерту");
    assert_eq!(w(Lang::Kk, 5), "5 ескерту");
    let t = |lang: Lang, n: u64| lang.n(Text::TradesLoaded, n, &[("n", &n.to_string())]);
    assert_eq!(t(Lang::En, 1), "1 trade");
    assert_eq!(t(Lang::En, 36), "36 trades");
    assert_eq!(t(Lang::Ru, 1), "1 сделка");
    assert_eq!(t(Lang::Ru, 3), "3 сделки");
    assert_eq!(t(Lang::Ru, 36), "36 сделок");
    assert_eq!(t(Lang::Kk, 36), "36 мәміле");
    // The shown number is its own argument: grouped, it still takes the right form.
    assert_eq!(
        Lang::Ru.n(Text::BannerWarnings, 1_001, &[("n", "1\u{202f}001")]),
        "1\u{202f}001 предупреждение"
    );
}

#[test]
fn an_argument_is_put_in_once() {
    // The path holds a placeholder of the same message: it is shown as it is.
    let s = Lang::En.f(
        Text::ExportFailed,
        &[("path", "{error} { $error }"), ("error", "disk full")],
    );
    assert_eq!(s, "Could not write {error} { $error }: disk full");
    let s = Lang::Ru.f(Text::TradesLoaded, &[("n", "{n}")]);
    assert_eq!(s, "{n} сделок", "without a count the default form");
}

#[test]
fn no_isolation_marks_around_arguments() {
    let s = Lang::Kk.f(Text::TradesLoaded, &[("n", "36")]);
    assert!(!s.contains(['\u{2068}', '\u{2069}']), "{s:?}");
    assert!(s.contains("36"));
}

#[test]
fn kazakh_falls_back_to_russian_then_english() {
    assert_eq!(Lang::Kk.fallback(), [Lang::Kk, Lang::Ru, Lang::En]);
    assert_eq!(Lang::Ru.fallback(), [Lang::Ru, Lang::En]);
    assert_eq!(Lang::En.fallback(), [Lang::En]);
}

#[test]
fn ids_are_the_english_files_ids() {
    assert_eq!(Text::Gains.id(), "gains");
    assert_eq!(Text::CaseSaveNote.id(), "case-save-note");
    assert_eq!(Lang::En.t(Text::TabSummary), "Summary");
    assert_eq!(Lang::Ru.t(Text::TabSummary), "Сводка");
    assert_eq!(Lang::from_code("KZ"), Some(Lang::Kk));
}
