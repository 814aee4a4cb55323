//! The window's words for the bundled tables: every legal reference of the core's assets has its
//! Russian and Kazakh in the language files, under the `text_id` the table gives it.

use salyq_window::i18n::Lang;

const ASSETS: [(&str, &str); 6] = [
    ("venues.toml", include_str!("../../../core/assets/venues.toml")),
    ("ledger.toml", include_str!("../../../core/assets/ledger.toml")),
    ("rules.toml", include_str!("../../../core/assets/rules.toml")),
    (
        "exemptions.toml",
        include_str!("../../../core/assets/exemptions.toml"),
    ),
    (
        "compliance.toml",
        include_str!("../../../core/assets/compliance.toml"),
    ),
    ("forms.toml", include_str!("../../../core/assets/forms.toml")),
];

/// The `text_id = "…"` (`note_id`, `reference_id`) values of a table, in order.
fn text_ids(toml: &str) -> Vec<&str> {
    ["text_id = \"", "note_id = \"", "reference_id = \""]
        .iter()
        .flat_map(|key| toml.split(key).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn every_reference_of_the_tables_is_in_russian_and_kazakh() {
    let mut all = std::collections::BTreeSet::new();
    for (name, toml) in ASSETS {
        let ids = text_ids(toml);
        assert!(!ids.is_empty(), "{name} has no text_id");
        for id in ids {
            for lang in [Lang::Ru, Lang::Kk] {
                assert!(salyq_text::has_data(lang, id), "{name}: {id} is not in {lang:?}");
            }
            all.insert(id);
        }
    }
    all.insert("ref-tax-haven");
    // The forms' titles and lines, by the layout's ids.
    let layout = salyq_core::forms::layout::Layout::bundled();
    let mut form_ids = Vec::new();
    for code in [
        salyq_core::forms::FormCode::F270,
        salyq_core::forms::FormCode::F240,
    ] {
        let f = layout.form(code);
        form_ids.push(salyq_core::forms::layout::text_id(&f.code, None, "title"));
        for l in &f.lines {
            for part in ["label", "formula"] {
                form_ids.push(salyq_core::forms::layout::text_id(
                    &f.code,
                    Some(l.id.as_str()),
                    part,
                ));
            }
            // The printable report's Russian is the language files'.
            assert!(
                l.label_ru.chars().any(|c| ('а'..='я').contains(&c)),
                "{}",
                l.label_ru
            );
        }
    }
    for id in &form_ids {
        for lang in [Lang::Ru, Lang::Kk] {
            assert!(salyq_text::has_data(lang, id), "{id} is not in {lang:?}");
        }
    }
    all.extend(form_ids.iter().map(String::as_str));
    // 37 rules, 16 exemptions, 45 compliance facts (2025 and 2026 each with the dividends
    // threshold), 2 form references, 5 venue notes, 2 ledger rules, the tax-haven rule; 270.00:
    // a title and 18 lines, 240.00: a title and 13 lines.
    assert_eq!(
        all.len(),
        37 + 16 + 45 + 2 + 5 + 2 + 1 + (1 + 18 * 2) + (1 + 13 * 2)
    );
    // And no translation is left over for a reference that is gone.
    let ru: std::collections::BTreeSet<&str> = salyq_text::data_ids(Lang::Ru).collect();
    assert_eq!(ru, all);
}

#[test]
fn a_reference_shows_in_the_windows_language() {
    let book = salyq_core::rules::RuleBook::bundled();
    let r = &book.for_year(2026).rules.rate_ref;
    assert!(r.text.starts_with("NC Art. 363(1)"), "{}", r.text);
    let ru = salyq_window::core_text::reference_text(Lang::Ru, r);
    assert!(
        ru.starts_with("П. 1 ст. 363 НК\u{a0}2025\u{a0}г.: 10% с годового дохода до 8\u{202f}500 МРП"),
        "{ru}"
    );
    let kk = salyq_window::core_text::reference_text(Lang::Kk, r);
    assert!(kk.starts_with("2025\u{a0}ж. СК 363-бабының 1-тармағы"), "{kk}");
    assert!(kk.contains("8\u{202f}500 АЕК"), "{kk}");
    // A saved rule book gets the ids back from the bundled table.
    let json = serde_json::to_string(&book).unwrap();
    assert!(!json.contains("text_id"), "ids are not saved");
    let mut back: salyq_core::rules::RuleBook = serde_json::from_str(&json).unwrap();
    back.restore_translations();
    let r = &back.for_year(2026).rules.rate_ref;
    assert_eq!(r.text_id.as_deref(), Some("ref-rule-2026-rate-ref"));
}
