//! The words of the rules of 2025 on (the gain in the trade's currency, the netting pools, the
//! fee settings, the basic deduction), English, Russian and in part Kazakh (Russian stands in),
//! kept beside the main table of [`super::i18n`].

use super::fmt;
use super::i18n::{Lang, fill};
use rust_decimal::Decimal;
use salyq_core::forms::Note;
use salyq_core::fx_gain::YearCounts;
use salyq_core::model::Kind;
use salyq_core::money::fmt_grouped_whole;
use salyq_core::rules::{FeeRule, FxGain, Reference, Rule};
use salyq_core::yearly::{FeeEffect, FeeSetting};

/// A text of these rules.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LKey {
    NetPool,
    NetForeignIssuers,
    PerLeg,
    SaleYearAverage,
    FxGain,
    PurchaseFees,
    SaleFees,
    CryptoFees,
    BasicDeduction,
    BasicDeductionMonths,
    BasicDeductionHint,
    BasicDeductionNone,
    TaxableIncome,
    AssumeFxGain,
    FxInCurrency,
    FxOtherCurrency,
    FxPriced,
    FxAverage,
    AssumeFeeSetting,
    FeeEffect,
    WithoutThem,
    WithThem,
    AssumePoolSplit,
    AssumeForeignIssuers,
    AssumeBasicDeduction,
    BasicDeductionSaving,
    AssumeNoBasicDeduction,
    NoteDeductionSaving,
    NoteDeductionClaimed,
    ValuedInCurrency,
}

fn en(k: LKey) -> &'static str {
    use LKey::*;
    match k {
        NetPool => "one pool",
        NetForeignIssuers => "foreign issuers",
        PerLeg => "each leg at its own rate",
        SaleYearAverage => "gain in the currency × sale-year average",
        FxGain => "Foreign-currency gain",
        PurchaseFees => "Purchase fees (securities, other property)",
        SaleFees => "Sale-side fees (securities)",
        CryptoFees => "Crypto fees",
        BasicDeduction => "Basic deduction",
        BasicDeductionMonths => "Months of {year} no employer applied the basic deduction",
        BasicDeductionHint => {
            "0 to 12; 30 MCI a month, at most 360 MCI a year (line F_1 of 270.01); claim only months no employer applied it"
        }
        BasicDeductionNone => "no basic deduction in the rule book for {year}",
        TaxableIncome => "Taxable income",
        AssumeFxGain => "Gain in foreign currency: {rule} — {reference}",
        FxInCurrency => "{n} disposal(s) valued in their currency at the sale year's average rate",
        FxOtherCurrency => "{n} sale(s) of lots bought in another currency (or in tenge) valued per leg [U]",
        FxPriced => "{n} disposal(s) without a fiat side (stablecoins, price table) valued per leg [U]",
        FxAverage => {
            "the weighted-average method values every disposal per leg (its costs are not traced to single lots)"
        }
        AssumeFeeSetting => "{what}: {rule} — {reference}",
        FeeEffect => "taxable income {income}, tax {tax} ({other}: {other_income}, tax {other_tax})",
        WithoutThem => "without them",
        WithThem => "with them",
        AssumePoolSplit => {
            "{kind} of every venue and country netted in one pool: Kazakhstan {kz}, abroad {abroad}; the pooled income split over the declaration's lines pro rata of the positive results: A_1_1 {a11}, A_1_2 {a12} [U: unconfirmed]"
        }
        AssumeForeignIssuers => {
            "Securities of foreign issuers netted, others per sale: the issuer is taken from the ISIN (foreign unless it starts with KZ); a security without an ISIN counts as a foreign issuer's [U: unconfirmed]; {foreign} disposal(s) of foreign issuers, {resident} of resident issuers"
        }
        AssumeBasicDeduction => {
            "Basic deduction: {months} month(s) entered, {amount} taken off (30 MCI a month, at most 360 MCI) — {reference}"
        }
        BasicDeductionSaving => {
            "claiming it for the months no employer applied it would save up to {saving} of tax"
        }
        AssumeNoBasicDeduction => {
            "{months} month(s) of basic deduction entered, but Salyq has no basic-deduction rule for {year}: none was taken off"
        }
        NoteDeductionSaving | NoteDeductionClaimed => "",
        ValuedInCurrency => {
            "Valued in {currency} (NC Art. 382(7)): proceeds {proceeds} − cost {cost} {currency}, both × {rate} (the sale year's average rate)"
        }
    }
}

fn ru(k: LKey) -> &'static str {
    use LKey::*;
    match k {
        NetPool => "единый итог",
        NetForeignIssuers => "иностр. эмитенты",
        PerLeg => "каждая сторона по своему курсу",
        SaleYearAverage => "прирост в валюте × среднегодовой курс года продажи",
        FxGain => "Прирост в иностранной валюте",
        PurchaseFees => "Комиссии при покупке (ценные бумаги, иное имущество)",
        SaleFees => "Комиссии при продаже (ценные бумаги)",
        CryptoFees => "Комиссии по криптоактивам",
        BasicDeduction => "Базовый вычет",
        BasicDeductionMonths => "Месяцы {year} года, в которых работодатель не применял базовый вычет",
        BasicDeductionHint => {
            "от 0 до 12; 30 МРП в месяц, не более 360 МРП в год (строка F_1 приложения 270.01); заявляйте только месяцы, в которых его не применил работодатель"
        }
        BasicDeductionNone => "в своде правил нет базового вычета за {year} год",
        TaxableIncome => "Облагаемый доход",
        AssumeFxGain => "Прирост в иностранной валюте: {rule} — {reference}",
        FxInCurrency => "операций, оценённых в своей валюте по среднегодовому курсу года продажи: {n}",
        FxOtherCurrency => {
            "продаж лотов, купленных в иной валюте (или в тенге), оценённых по каждой стороне: {n} [U]"
        }
        FxPriced => {
            "операций без фиатной стороны (стейблкоины, таблица цен), оценённых по каждой стороне: {n} [U]"
        }
        FxAverage => {
            "при методе средней стоимости каждая операция оценивается по каждой стороне (стоимость не привязана к отдельным лотам)"
        }
        AssumeFeeSetting => "{what}: {rule} — {reference}",
        FeeEffect => "облагаемый доход {income}, налог {tax} ({other}: {other_income}, налог {other_tax})",
        WithoutThem => "без них",
        WithThem => "с ними",
        AssumePoolSplit => {
            "{kind} всех площадок и стран сальдированы в один итог: Казахстан {kz}, за рубежом {abroad}; итоговый доход распределён по строкам декларации пропорционально положительным результатам: A_1_1 {a11}, A_1_2 {a12} [U: не подтверждено]"
        }
        AssumeForeignIssuers => {
            "Ценные бумаги иностранных эмитентов сальдируются, прочие — по каждой продаже: эмитент определяется по ISIN (иностранный, если ISIN не начинается с KZ); бумага без ISIN считается бумагой иностранного эмитента [U: не подтверждено]; операций с бумагами иностранных эмитентов: {foreign}, резидентов: {resident}"
        }
        AssumeBasicDeduction => {
            "Базовый вычет: введено месяцев — {months}, вычтено {amount} (30 МРП в месяц, не более 360 МРП) — {reference}"
        }
        BasicDeductionSaving => {
            "заявление вычета за месяцы, в которых его не применил работодатель, уменьшило бы налог не более чем на {saving}"
        }
        AssumeNoBasicDeduction => {
            "Введено месяцев базового вычета: {months}, но в Salyq нет правила базового вычета за {year} год: вычет не применён"
        }
        NoteDeductionSaving => {
            "Базовый вычет не заявлен (F_1 = 0). За месяцы, в которых его не применил работодатель, можно заявить 30 МРП в месяц, не более 360 МРП (подп. 2 п. 2 ст. 401, ст. 403 НК 2025 г.): за 12 месяцев налог уменьшится на {saving} ₸ (Настройки: месяцы базового вычета)"
        }
        ValuedInCurrency => {
            "Оценено в {currency} (п. 7 ст. 382 НК 2025 г.): выручка {proceeds} − стоимость {cost} {currency}, обе × {rate} (среднегодовой курс года продажи)"
        }
        NoteDeductionClaimed => {
            "Базовый вычет заявлен за месяцы, в которых его не применил работодатель ({months}): F_1 = {amount} ₸ (30 МРП в месяц, не более 360 МРП и не более дохода; подп. 2 п. 2 ст. 401, ст. 403 НК 2025 г.)"
        }
    }
}

fn kk(k: LKey) -> Option<&'static str> {
    use LKey::*;
    Some(match k {
        BasicDeduction => "Базалық шегерім",
        BasicDeductionMonths => "{year} жылы жұмыс беруші базалық шегерімді қолданбаған айлар",
        TaxableIncome => "Салық салынатын табыс",
        SaleFees => "Сату кезіндегі комиссиялар (бағалы қағаздар)",
        CryptoFees => "Криптоактивтер бойынша комиссиялар",
        _ => return None,
    })
}

/// The text of `k` in `lang`.
pub fn t(lang: Lang, k: LKey) -> &'static str {
    match lang {
        Lang::En => en(k),
        Lang::Ru => ru(k),
        Lang::Kk => kk(k).unwrap_or_else(|| ru(k)),
    }
}

/// The text of `k` in `lang` with its `{name}` placeholders filled.
pub fn f(lang: Lang, k: LKey, args: &[(&str, &str)]) -> String {
    fill(t(lang, k), args)
}

/// A foreign-currency gain rule in words.
pub fn fx_gain_name(lang: Lang, g: FxGain) -> &'static str {
    t(
        lang,
        match g {
            FxGain::PerLeg => LKey::PerLeg,
            FxGain::SaleYearAverage => LKey::SaleYearAverage,
        },
    )
}

/// The assumption of the year's foreign-currency rule, with its counts.
pub fn assume_fx_gain(
    lang: Lang,
    rule: &Rule<FxGain>,
    c: &YearCounts,
    cite: &dyn Fn(&Reference) -> String,
) -> String {
    let mut s = f(
        lang,
        LKey::AssumeFxGain,
        &[
            ("rule", fx_gain_name(lang, rule.value)),
            ("reference", &cite(&rule.reference)),
        ],
    );
    if rule.value == FxGain::SaleYearAverage {
        let n = |x: usize| x.to_string();
        s.push_str("; ");
        s.push_str(&f(lang, LKey::FxInCurrency, &[("n", &n(c.in_currency))]));
        if c.other_currency > 0 {
            s.push_str("; ");
            s.push_str(&f(lang, LKey::FxOtherCurrency, &[("n", &n(c.other_currency))]));
        }
        if c.priced > 0 {
            s.push_str("; ");
            s.push_str(&f(lang, LKey::FxPriced, &[("n", &n(c.priced))]));
        }
        if c.average_method {
            s.push_str("; ");
            s.push_str(t(lang, LKey::FxAverage));
        }
    }
    s
}

/// The assumption of a fee setting, with its effect when known.
pub fn assume_fee_setting(
    lang: Lang,
    setting: FeeSetting,
    rule: &Rule<FeeRule>,
    effect: Option<&FeeEffect>,
    rule_name: &str,
    cite: &dyn Fn(&Reference) -> String,
) -> String {
    let what = t(
        lang,
        match setting {
            FeeSetting::SaleFees => LKey::SaleFees,
            FeeSetting::CryptoFees => LKey::CryptoFees,
        },
    );
    let mut s = f(
        lang,
        LKey::AssumeFeeSetting,
        &[
            ("what", what),
            ("rule", rule_name),
            ("reference", &cite(&rule.reference)),
        ],
    );
    if let Some(e) = effect {
        let other = t(
            lang,
            match e.used {
                FeeRule::Include => LKey::WithoutThem,
                FeeRule::Exclude => LKey::WithThem,
            },
        );
        s.push_str("; ");
        s.push_str(&f(
            lang,
            LKey::FeeEffect,
            &[
                ("income", &fmt::money(lang, e.income)),
                ("tax", &fmt::money_whole(lang, e.tax)),
                ("other", other),
                ("other_income", &fmt::money(lang, e.other_income)),
                ("other_tax", &fmt::money_whole(lang, e.other_tax)),
            ],
        ));
    }
    s
}

/// The assumption of a pool split over the two countries.
pub fn assume_pool_split(lang: Lang, kind: &str, results: &[Decimal; 2], income: &[Decimal; 2]) -> String {
    f(
        lang,
        LKey::AssumePoolSplit,
        &[
            ("kind", kind),
            ("kz", &fmt::money(lang, results[0])),
            ("abroad", &fmt::money(lang, results[1])),
            ("a11", &fmt::money(lang, income[0])),
            ("a12", &fmt::money(lang, income[1])),
        ],
    )
}

/// The kind of a pool, capitalised as the start of a sentence.
pub fn pool_kind(lang: Lang, kind: Kind) -> &'static str {
    match (lang, kind) {
        (Lang::En, Kind::Security) => "Securities",
        (Lang::En, Kind::Crypto) => "Digital assets",
        (Lang::En, Kind::Other) => "Other property",
        (_, Kind::Security) => "Ценные бумаги",
        (_, Kind::Crypto) => "Цифровые активы",
        (_, Kind::Other) => "Иное имущество",
    }
}

/// The assumption of the basic deduction.
pub fn assume_basic_deduction(
    lang: Lang,
    months: u8,
    amount: Decimal,
    saving: Option<Decimal>,
    reference: &str,
) -> String {
    let mut s = f(
        lang,
        LKey::AssumeBasicDeduction,
        &[
            ("months", &months.to_string()),
            ("amount", &fmt::money(lang, amount)),
            ("reference", reference),
        ],
    );
    if let Some(saving) = saving {
        s.push_str("; ");
        s.push_str(&f(
            lang,
            LKey::BasicDeductionSaving,
            &[("saving", &fmt::money_whole(lang, saving))],
        ));
    }
    s
}

/// The draft's note on the basic deduction in Russian (Kazakh shows it too); `None` for other notes.
pub fn note_ru(n: &Note) -> Option<String> {
    let Note::BasicDeduction {
        months,
        amount,
        saving,
    } = n
    else {
        return None;
    };
    Some(match saving {
        Some(s) => fill(
            ru(LKey::NoteDeductionSaving),
            &[("saving", &fmt_grouped_whole(*s))],
        ),
        None => fill(
            ru(LKey::NoteDeductionClaimed),
            &[
                ("months", &months.to_string()),
                ("amount", &fmt_grouped_whole(*amount)),
            ],
        ),
    })
}

/// How a disposal was valued in its currency, in words.
pub fn valued_in_currency(lang: Lang, g: &salyq_core::fx_gain::CurrencyGain) -> String {
    let r = salyq_core::money::round_tiyn;
    f(
        lang,
        LKey::ValuedInCurrency,
        &[
            ("currency", &g.currency),
            ("proceeds", &fmt::amount(lang, r(g.proceeds))),
            ("cost", &fmt::amount(lang, r(g.cost))),
            ("rate", &fmt::amount(lang, g.rate)),
        ],
    )
}
