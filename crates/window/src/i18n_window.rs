//! The words of the table keyboard and of the spouse split, in English, Russian and Kazakh,
//! kept beside the main table of [`super::i18n`].

use super::i18n::Lang;

/// A text of the table keyboard or of the spouse split.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WKey {
    /// The name screen readers give a table's rows (the widget that has the keyboard).
    TableRows,
    /// The hint under a table: which keys do what.
    TableKeysHint,
    SplitWithSpouse,
    SplitHint,
    SpouseIin,
    SpouseOwnIin,
    SplitOn,
    SpouseColumn,
    YourHalf,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: WKey) -> &'static str {
    let (en, ru, kk) = words(key);
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Kk => kk,
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn f(lang: Lang, key: WKey, args: &[(&str, &str)]) -> String {
    super::i18n::fill(t(lang, key), args)
}

fn words(key: WKey) -> (&'static str, &'static str, &'static str) {
    use WKey::*;
    match key {
        TableRows => (
            "Rows of {table}",
            "Строки таблицы «{table}»",
            "«{table}» кестесінің жолдары",
        ),
        TableKeysHint => (
            "↑ ↓ Page Up/Down Home End: move · Enter: open",
            "↑ ↓ Page Up/Down Home End: перейти · Enter: открыть",
            "↑ ↓ Page Up/Down Home End: жылжу · Enter: ашу",
        ),
        SplitWithSpouse => (
            "Split with the spouse (joint property)",
            "Разделить с супругом (совместное имущество)",
            "Жұбайымен бөлу (ортақ мүлік)",
        ),
        SplitHint => (
            "The income lines are declared half each: the form shows your half, the spouse's half beside it; the spouse files a declaration with the other half.",
            "Строки доходов декларируются пополам: в форме ваша половина, половина супруга рядом; супруг подаёт декларацию со второй половиной.",
            "Табыс жолдары екіге бөлініп декларацияланады: нысанда сіздің жартыңыз, жұбайыңыздың жартысы қасында; жұбайыңыз екінші жартысымен декларация тапсырады.",
        ),
        SpouseIin => ("Spouse's IIN", "ИИН супруга", "Жұбайының ЖСН"),
        SpouseOwnIin => (
            "This is the taxpayer's own IIN: enter the spouse's",
            "Это ИИН самого налогоплательщика: введите ИИН супруга",
            "Бұл салық төлеушінің өз ЖСН-і: жұбайының ЖСН-ін енгізіңіз",
        ),
        SplitOn => (
            "Split with the spouse, IIN {iin}: the figures are your half",
            "Разделено с супругом, ИИН {iin}: показатели — ваша половина",
            "Жұбайымен бөлінді, ЖСН {iin}: көрсеткіштер — сіздің жартыңыз",
        ),
        SpouseColumn => ("Spouse, KZT", "Супруг, ₸", "Жұбайы, ₸"),
        YourHalf => ("Your half, KZT", "Ваша половина, ₸", "Сіздің жартыңыз, ₸"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_three_languages_with_the_same_placeholders() {
        use WKey::*;
        for key in [
            TableRows,
            TableKeysHint,
            SplitWithSpouse,
            SplitHint,
            SpouseIin,
            SpouseOwnIin,
            SplitOn,
            SpouseColumn,
            YourHalf,
        ] {
            let (en, ru, kk) = words(key);
            assert!(!en.is_empty() && !ru.is_empty() && !kk.is_empty(), "{key:?}");
            let holes = |s: &str| s.matches('{').count();
            assert_eq!(holes(en), holes(ru), "{key:?}");
            assert_eq!(holes(en), holes(kk), "{key:?}");
        }
    }
}
