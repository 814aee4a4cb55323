//! The words of the Forms tab and of exemptions, English and Russian (Kazakh shows Russian),
//! kept beside the main table of [`super::i18n`]. Form lines and formulas come in both languages
//! from `crates/core/assets/forms.toml`, exemption references from `crates/core/assets/exemptions.toml`.

use super::i18n::Lang;
use salyq_core::exemptions::ExemptReason;
use salyq_core::forms::Note;
use salyq_core::forms::foreign_assets::{AssetKind, Operation};
use salyq_core::money::fmt_grouped_whole;

/// A text of the Forms tab.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FKey {
    Form,
    FormOfYear,
    ForComparison,
    Taxpayer,
    Name,
    Iin,
    IinChecked,
    IinNotTwelve,
    IinBadControl,
    ForeignTaxPaid,
    Apply,
    Line,
    WhatItHolds,
    Kzt,
    CodeUnconfirmed,
    Disposals,
    SumOf,
    Entered,
    FromIncome,
    CreditFromIncome,
    NotComputed,
    DueBy,
    Notes,
    ForeignAssets,
    ExportFigures,
    ExportDetail,
    ExportForeign,
    ExportXml,
    ExportHtml,
    ExcelRu,
    ExcelRuHint,
    SelectFigure,
    SummedBy,
    Draft,
    Layout,
    Kind,
    Operation,
    Asset,
    Quantity,
    Identifier,
    Date,
    Venue,
    Country,
    Currency,
    Amount,
    Gain,
    Source,
    Exempt,
    NotExempt,
    MarkExempt,
    ExemptVenues,
    ExemptVenuesHint,
    ByDefault,
    ExemptIncome,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: FKey) -> &'static str {
    let (en, ru) = words(key);
    match lang {
        Lang::En => en,
        Lang::Ru | Lang::Kk => ru,
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn f(lang: Lang, key: FKey, args: &[(&str, &str)]) -> String {
    super::i18n::fill(t(lang, key), args)
}

fn words(key: FKey) -> (&'static str, &'static str) {
    use FKey::*;
    match key {
        Form => ("Form", "Форма"),
        FormOfYear => (
            "{form} — the form of tax year {year}",
            "{form} — форма за {year} год",
        ),
        ForComparison => ("{form} — for comparison", "{form} — для сравнения"),
        Taxpayer => ("Taxpayer", "Налогоплательщик"),
        Name => ("Full name", "ФИО"),
        Iin => ("IIN", "ИИН"),
        IinChecked => ("IIN checked", "ИИН проверен"),
        IinNotTwelve => ("An IIN is 12 digits", "ИИН состоит из 12 цифр"),
        IinBadControl => (
            "The last digit is not this IIN's control digit: check for a typo",
            "Последняя цифра не совпадает с контрольной: проверьте, нет ли опечатки",
        ),
        ForeignTaxPaid => (
            "Tax paid abroad in {year}, KZT",
            "Налог, уплаченный за рубежом в {year} году, ₸",
        ),
        Apply => ("Apply", "Применить"),
        Line => ("Line", "Строка"),
        WhatItHolds => ("What it holds · how it is reached", "Что в строке · как получено"),
        Kzt => ("KZT", "₸"),
        CodeUnconfirmed => ("line code unconfirmed", "код строки не подтверждён"),
        Disposals => ("{n} disposals", "продаж: {n}"),
        SumOf => ("sum of {lines}", "сумма {lines}"),
        Entered => ("entered by you", "вводится вами"),
        CreditFromIncome => (
            "tax withheld (broker reports) + entered by you",
            "удержанный налог (отчёты брокеров) + введённый вами",
        ),
        FromIncome => (
            "dividends and interest of the broker reports",
            "дивиденды и вознаграждения из отчётов брокеров",
        ),
        NotComputed => ("not computed: 0", "не рассчитывается: 0"),
        DueBy => (
            "File by {due}, pay by {pay_by}",
            "Сдать до {due}, уплатить до {pay_by}",
        ),
        Notes => ("Read before filing", "Прочтите перед подачей"),
        ForeignAssets => (
            "Appendix 270.04, section B: {n} rows (foreign securities and digital assets acquired or disposed of)",
            "Приложение 270.04, раздел B: строк {n} (иностранные ценные бумаги и цифровые активы, приобретённые или выбывшие)",
        ),
        ExportFigures => ("Figures (CSV)…", "Строки формы (CSV)…"),
        ExportDetail => (
            "Disposals behind each figure (CSV)…",
            "Продажи по каждой строке (CSV)…",
        ),
        ExportForeign => ("270.04 rows (CSV)…", "Строки 270.04 (CSV)…"),
        ExportXml => ("270.00 XML (experimental)…", "XML 270.00 (экспериментально)…"),
        ExportHtml => ("Printable report (HTML)…", "Отчёт для печати (HTML)…"),
        ExcelRu => ("CSV for Excel (Russian locale)", "CSV для Excel (русская локаль)"),
        ExcelRuHint => (
            "Semicolons, decimal commas and a byte-order mark, so Excel in a Russian locale opens the file by double-click",
            "Точка с запятой, десятичная запятая и метка BOM: Excel с русской локалью откроет файл двойным щелчком",
        ),
        SelectFigure => (
            "Select a line to see what it sums.",
            "Выберите строку, чтобы увидеть, из чего она складывается.",
        ),
        SummedBy => ("Disposals summed in {line}", "Продажи, вошедшие в {line}"),
        Draft => (
            "Draft figures to copy into the declaration — not an official form, not tax advice. Check every line before filing.",
            "Черновик сумм для переноса в декларацию — не официальная форма и не налоговая консультация. Проверьте каждую строку перед подачей.",
        ),
        Layout => ("Layout", "Макет"),
        Kind => ("Kind", "Вид"),
        Operation => ("Operation", "Операция"),
        Asset => ("Asset", "Актив"),
        Quantity => ("Quantity", "Количество"),
        Identifier => ("Identifier", "Идентификатор"),
        Date => ("Date", "Дата"),
        Venue => ("Venue", "Площадка"),
        Country => ("Country", "Страна"),
        Currency => ("Currency", "Валюта"),
        Amount => ("Amount", "Сумма"),
        Gain => ("Gain, KZT", "Прирост, ₸"),
        Source => ("Source", "Источник"),
        Exempt => ("Exempt", "Освобождение"),
        NotExempt => ("not exempt", "не освобождено"),
        MarkExempt => ("Exempt:", "Освобождение:"),
        ExemptVenues => ("Exempt venues", "Освобождённые площадки"),
        ExemptVenuesHint => (
            "Sales on an exempt venue are declared as income and taken off as an adjustment (E_1 or E_4). KASE and AIX are exempt by default: unmark a venue whose sales do not qualify.",
            "Продажи на освобождённой площадке декларируются как доход и исключаются корректировкой (E_1 или E_4). KASE и AIX освобождены по умолчанию: снимите отметку, если продажи не подпадают под освобождение.",
        ),
        ByDefault => ("(by default)", "(по умолчанию)"),
        ExemptIncome => (
            "Exempt income, declared and adjusted out (E)",
            "Освобождённый доход: декларируется и исключается (E)",
        ),
    }
}

/// An exemption reason in words.
pub fn reason(lang: Lang, r: ExemptReason) -> &'static str {
    let (en, ru) = match r {
        ExemptReason::Kase => (
            "Official list of a stock exchange in Kazakhstan (KASE), open trades (Art. 341; NC 400)",
            "Официальный список фондовой биржи в РК (KASE), открытые торги (ст. 341; НК\u{a0}2025, ст. 400)",
        ),
        ExemptReason::Aix => ("AIX (AIFC)", "AIX (МФЦА)"),
        ExemptReason::Government => (
            "Government securities (Art. 341)",
            "Государственные ценные бумаги (ст. 341)",
        ),
        ExemptReason::Fund => ("Fund units (Art. 341)", "Паи фондов (ст. 341)"),
        ExemptReason::Held3Years => (
            "Resident shares held > 3 years (Art. 341)",
            "Акции резидента > 3 лет (ст. 341)",
        ),
        ExemptReason::AgencyBonds => (
            "Agency bonds (NC 400, 2026)",
            "Агентские облигации (НК\u{a0}2025, ст. 400; 2026)",
        ),
        ExemptReason::Debt3Years => (
            "Resident-issuer debt securities held > 3 years (NC 400, 2026)",
            "Долговые бумаги эмитента-резидента > 3 лет (НК\u{a0}2025, ст. 400; 2026)",
        ),
        ExemptReason::Mined => (
            "Sale of mined digital assets (NC 400, 2026)",
            "Продажа добытых (майнинг) цифровых активов (НК\u{a0}2025, ст. 400; 2026)",
        ),
    };
    if lang == Lang::En { en } else { ru }
}

/// Column C of 270.04 in words.
pub fn asset_kind(lang: Lang, k: AssetKind) -> &'static str {
    match (k, lang) {
        (AssetKind::DigitalAsset, Lang::En) => "digital asset",
        (AssetKind::DigitalAsset, _) => "цифровой актив",
        (AssetKind::ForeignSecurity, Lang::En) => "foreign security",
        (AssetKind::ForeignSecurity, _) => "иностранная ценная бумага",
    }
}

/// Acquired or disposed of, in words.
pub fn operation(lang: Lang, o: Operation) -> &'static str {
    match (o, lang) {
        (Operation::Acquired, Lang::En) => "acquired",
        (Operation::Acquired, _) => "приобретено",
        (Operation::Disposed, Lang::En) => "disposed of",
        (Operation::Disposed, _) => "выбыло",
    }
}

/// A draft's note in words.
pub fn note(lang: Lang, n: &Note) -> String {
    if lang == Lang::En {
        return n.to_string();
    }
    match n {
        Note::RoundingDiffers {
            report_tax,
            difference,
        } => format!(
            "H рассчитан с облагаемого дохода G в целых тенге, как в форме; он отличается на {} ₸ от налога в сводке ({} ₸), рассчитанного до округления",
            difference.normalize(),
            fmt_grouped_whole(*report_tax)
        ),
        Note::ForeignCreditCapped { entered, cap } => format!(
            "Зачёт иностранного налога ограничен казахстанским налогом с зарубежного дохода: введено {} ₸, принято {} ₸",
            fmt_grouped_whole(*entered),
            fmt_grouped_whole(*cap)
        ),
        Note::ForeignCreditNeedsCertificate => {
            "Для зачёта нужен апостилированный документ иностранного налогового органа об уплате налога".into()
        }
        Note::IncomeFromBrokerReports { payments } => format!(
            "B_1_4 и B_1_5 — сумма выплат дивидендов и вознаграждений из отчётов брокеров ({payments}): суммы как их записал брокер, прочитаны как начисленные до удержания налога [U]; выплаты эмитентов Казахстана (ISIN KZ…) не включены, так как облагаются у источника [U]; сверьте с налоговой справкой брокера"
        ),
        Note::WithholdingCapped { withheld, cap } => format!(
            "Налог, удержанный за рубежом с дивидендов и вознаграждений, зачитывается не более казахстанского налога с этого дохода (ст. 413 НК): удержано {} ₸, зачтено {} ₸",
            fmt_grouped_whole(*withheld),
            fmt_grouped_whole(*cap)
        ),
        Note::ForeignAssetsScope => "В приложение 270.04 включены цифровые активы всех площадок и ценные бумаги иностранных эмитентов (по стране ISIN, иначе по стране площадки), приобретённые или выбывшие за год (раздел B) или имеющиеся на 31 декабря (раздел E) [U: какие из них ожидает налоговый орган, не подтверждено]".into(),
        Note::OtherFormThanRules { rules_form } => {
            format!("За этот налоговый год правила называют форму {rules_form}: этот черновик — только для сравнения")
        }
        Note::RestsOnOpening => "Суммы опираются на введённые вами начальные остатки (монеты на начало истории): сохраните документы об их покупке".into(),
        Note::RestsOnUnknownCost => "Суммы опираются на монеты неизвестного происхождения с нулевой стоимостью: введите их покупки, свяжите переводы или загрузите счета, откуда они пришли (см. предупреждения)".into(),
        Note::BasicDeduction { .. } => super::i18n_law::note_ru(n).unwrap_or_default(),
    }
}
