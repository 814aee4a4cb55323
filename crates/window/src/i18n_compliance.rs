//! The Compliance tab's strings: its own key table, English and Russian complete (the compiler
//! checks it); Kazakh falls back to Russian.

use super::i18n::Lang;
use salyq_core::compliance::table::Trigger;
use salyq_core::compliance::venue_status::VenueFlag;
use salyq_core::venues::LicenceStatus;

/// One string of the Compliance tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each key's English text says what it is
pub enum CKey {
    Notice,
    FactsAsOf,
    ForYear,
    PickYear,
    Checking,
    NoTrades,
    Declarations,
    NoDeclaration,
    Code,
    DueBy,
    PayBy,
    Because,
    Holdings,
    NoHoldings,
    Asset,
    Venue,
    Status,
    Country,
    Quantity,
    Cost,
    ValueYearEnd,
    NoPrice,
    AtPar,
    NoVenue,
    Thresholds,
    HoldingsAbroad,
    PropertyBought,
    Above,
    Below,
    AtCostNote,
    Aifc,
    AifcScope,
    Income,
    NetWorth,
    BadAmount,
    PersonalLimit,
    PersonalNoRate,
    PersonalHint,
    Month,
    Purchases,
    BoughtUsd,
    YearToDate,
    Aggregate,
    Limits,
    OverMonthly,
    OverAggregate,
    OverPersonal,
    Within,
    Unconverted,
    NoAifcPurchases,
    BeforeYear,
    Venues,
    VenueListSource,
    Trades,
    TradesInYear,
    SetByYou,
    Kazakhstan,
    Abroad,
    StatusAifc,
    StatusForeign,
    StatusUnknown,
    TriggerPropertyIncome,
    TriggerSoldCrypto,
    TriggerSoldSecurities,
    TriggerHoldsCrypto,
    TriggerHoldsSecuritiesAbroad,
    TriggerForeignOver,
    TriggerBoughtOver,
    FlagNotLicensed,
    FlagUnknown,
    FlagNoVenue,
    BorrowedFacts,
    Note,
    Unconfirmed,
    TriggerHoldsForeignSecurities,
    TriggerForeignBankOver,
    TriggerIncomeOver,
    TriggerUniversal,
    TriggerDividendsOver,
    TriggerForeignIncome,
    ForeignBankBalance,
    ForeignBank,
    AnnualIncome,
    NoBankEntered,
    NotCompared,
    Excluded,
    Universal,
    UniversalHint,
    IssuerFromVenue,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: CKey) -> &'static str {
    match lang {
        Lang::En => en(key),
        Lang::Ru | Lang::Kk => ru(key),
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn f(lang: Lang, key: CKey, args: &[(&str, &str)]) -> String {
    super::i18n::fill(t(lang, key), args)
}

/// A licence status in words.
pub fn status(lang: Lang, s: LicenceStatus) -> &'static str {
    t(
        lang,
        match s {
            LicenceStatus::AifcLicensed => CKey::StatusAifc,
            LicenceStatus::Foreign => CKey::StatusForeign,
            LicenceStatus::Unknown => CKey::StatusUnknown,
        },
    )
}

/// Why a declaration is due, in words.
pub fn trigger(lang: Lang, tr: Trigger) -> &'static str {
    t(
        lang,
        match tr {
            Trigger::PropertyIncome => CKey::TriggerPropertyIncome,
            Trigger::SoldCrypto => CKey::TriggerSoldCrypto,
            Trigger::SoldSecurities => CKey::TriggerSoldSecurities,
            Trigger::HoldsCrypto => CKey::TriggerHoldsCrypto,
            Trigger::HoldsSecuritiesAbroad => CKey::TriggerHoldsSecuritiesAbroad,
            Trigger::ForeignOverThreshold => CKey::TriggerForeignOver,
            Trigger::BoughtOverThreshold => CKey::TriggerBoughtOver,
            Trigger::HoldsForeignSecurities => CKey::TriggerHoldsForeignSecurities,
            Trigger::ForeignBankOverThreshold => CKey::TriggerForeignBankOver,
            Trigger::IncomeOverThreshold => CKey::TriggerIncomeOver,
            Trigger::UniversalDeclaration => CKey::TriggerUniversal,
            Trigger::DividendsOverThreshold => CKey::TriggerDividendsOver,
            Trigger::ForeignIncome => CKey::TriggerForeignIncome,
        },
    )
}

/// A venue's note, in words.
pub fn flag(lang: Lang, fl: VenueFlag) -> &'static str {
    t(
        lang,
        match fl {
            VenueFlag::NotLicensed => CKey::FlagNotLicensed,
            VenueFlag::UnknownStatus => CKey::FlagUnknown,
            VenueFlag::NoVenue => CKey::FlagNoVenue,
        },
    )
}

fn en(key: CKey) -> &'static str {
    use CKey::*;
    match key {
        Notice => {
            "Information, not advice: each figure and rule is shown with its source and date; check them before you act on them."
        }
        FactsAsOf => "Facts as of {facts}; venue list as of {venues}; MCI {mci}.",
        ForYear => "Tax year {year}",
        PickYear => "(the latest year; pick another with Tax year above)",
        Checking => "Checking…",
        NoTrades => "No trades loaded.",
        Declarations => "Declarations to file",
        NoDeclaration => "This history makes no declaration due for the year.",
        Code => "Form",
        DueBy => "File by",
        PayBy => "Pay by",
        Because => "Because",
        Holdings => "Holdings on 31 December (open lots)",
        NoHoldings => "Nothing held at the end of the year.",
        Asset => "Asset",
        Venue => "Venue",
        Status => "Status",
        Country => "Counts as",
        Quantity => "Quantity",
        Cost => "Cost",
        ValueYearEnd => "Value on 31 Dec",
        NoPrice => "no price",
        AtPar => "at par",
        NoVenue => "(no venue)",
        Thresholds => "Filing thresholds",
        HoldingsAbroad => "Holdings on venues abroad",
        PropertyBought => "Property bought in the year",
        Above => "above the threshold",
        Below => "below the threshold",
        AtCostNote => "{n} of {items} at cost (no year-end price)",
        Aifc => "AIFC retail limit",
        AifcScope => "Digital assets bought on AIFC-licensed venues, in US dollars at the official rate.",
        Income => "Annual income, KZT",
        NetWorth => "Net worth, KZT",
        BadAmount => "Not an amount: type a number such as 12000000",
        PersonalLimit => "Personal limit: {kzt} = {usd}",
        PersonalNoRate => "Personal limit: {kzt} (no USD rate for the year to convert it)",
        PersonalHint => {
            "Enter annual income and net worth to see the personal limit (the lesser of 10% and 5%)."
        }
        Month => "Month",
        Purchases => "Purchases",
        BoughtUsd => "Bought",
        YearToDate => "Year to date",
        Aggregate => "All years",
        Limits => "Limits",
        OverMonthly => "over {limit} a month",
        OverAggregate => "over {limit} in all",
        OverPersonal => "over the personal limit",
        Within => "within",
        Unconverted => "{n} without a USD rate, not counted",
        NoAifcPurchases => "No purchases on AIFC-licensed venues this year.",
        BeforeYear => "Bought in earlier years: {usd}",
        Venues => "Venues",
        VenueListSource => "List as of {as_of}: {source}",
        Trades => "Trades",
        TradesInYear => "In the year",
        SetByYou => "set by you",
        Kazakhstan => "Kazakhstan",
        Abroad => "abroad",
        StatusAifc => "AIFC-licensed",
        StatusForeign => "foreign",
        StatusUnknown => "unknown",
        TriggerPropertyIncome => "a sale at a gain in the year (property income)",
        TriggerSoldCrypto => "digital assets sold or exchanged in the year",
        TriggerSoldSecurities => "securities sold in the year",
        TriggerHoldsCrypto => "digital assets held on 31 December",
        TriggerHoldsSecuritiesAbroad => "securities held on 31 December on a venue abroad",
        TriggerForeignOver => "holdings on venues abroad above 1,000 MCI on 31 December",
        TriggerBoughtOver => "property bought in the year above 20,000 MCI",
        FlagNotLicensed => {
            "Not AIFC-licensed: a foreign venue; its sales count as abroad and what is held there is a foreign asset."
        }
        FlagUnknown => "Not in the venue list: check whether it is AIFC-licensed and set its status.",
        FlagNoVenue => "Trades with no venue: the status is unknown; add an exchange column.",
        BorrowedFacts => "No facts for {year}: those of {from} are shown.",
        Note => "Note",
        Unconfirmed => "U: unconfirmed",
        TriggerHoldsForeignSecurities => {
            "securities of foreign issuers held on 31 December (any value, any broker)"
        }
        TriggerForeignBankOver => "money in foreign bank accounts above 1,000 MCI on 31 December",
        TriggerIncomeOver => "annual income above 8,500 MCI",
        TriggerUniversal => "you are in universal declaration (your setting)",
        TriggerDividendsOver => "dividends above 230,000 MCI in the year",
        TriggerForeignIncome => "dividends or interest from foreign issuers in the year",
        ForeignBankBalance => "Money in foreign bank accounts on 31 Dec, KZT",
        ForeignBank => "Money in foreign bank accounts",
        AnnualIncome => "Annual income",
        NoBankEntered => "not entered: type the balance above to compare it",
        NotCompared => "not compared: no MCI for the year in the law read",
        Excluded => "{n} digital-asset purchases left out",
        Universal => {
            "Universal declaration (civil servant, quasi-public employee, head or founder of a legal entity, or a spouse of one)"
        }
        UniversalHint => {
            "Tax years up to 2024 then file 270.00 by 15 September instead of 240.00; saved in the case."
        }
        IssuerFromVenue => {
            "Securities without an ISIN: {n}; the issuer of each is taken as foreign only when its venue is abroad (unconfirmed)"
        }
    }
}

fn ru(key: CKey) -> &'static str {
    use CKey::*;
    match key {
        Notice => {
            "Это информация, а не совет: каждая цифра и правило показаны с источником и датой; проверьте их, прежде чем действовать."
        }
        FactsAsOf => "Сведения на {facts}; список площадок на {venues}; МРП {mci}.",
        ForYear => "Налоговый год {year}",
        PickYear => "(последний год; другой можно выбрать в поле «Налоговый год» выше)",
        Checking => "Проверка…",
        NoTrades => "Сделки не загружены.",
        Declarations => "Декларации к подаче",
        NoDeclaration => "По этой истории за год декларацию подавать не требуется.",
        Code => "Форма",
        DueBy => "Подать до",
        PayBy => "Уплатить до",
        Because => "Основание",
        Holdings => "Активы на 31 декабря (открытые лоты)",
        NoHoldings => "На конец года активов нет.",
        Asset => "Актив",
        Venue => "Площадка",
        Status => "Статус",
        Country => "Считается",
        Quantity => "Количество",
        Cost => "Стоимость приобретения",
        ValueYearEnd => "Стоимость на 31 дек.",
        NoPrice => "нет цены",
        AtPar => "по номиналу",
        NoVenue => "(площадка не указана)",
        Thresholds => "Пороги для декларирования",
        HoldingsAbroad => "Активы на зарубежных площадках",
        PropertyBought => "Имущество, приобретённое за год",
        Above => "выше порога",
        Below => "ниже порога",
        AtCostNote => "{n} из {items} — по стоимости приобретения (нет цены на конец года)",
        Aifc => "Лимит МФЦА для розничных инвесторов",
        AifcScope => {
            "Цифровые активы, купленные на площадках с лицензией МФЦА, в долларах США по официальному курсу."
        }
        Income => "Годовой доход, ₸",
        NetWorth => "Чистые активы, ₸",
        BadAmount => "Это не сумма: введите число, например 12000000",
        PersonalLimit => "Личный лимит: {kzt} = {usd}",
        PersonalNoRate => "Личный лимит: {kzt} (нет курса доллара за год для пересчёта)",
        PersonalHint => {
            "Введите годовой доход и чистые активы, чтобы увидеть личный лимит (меньшее из 10% и 5%)."
        }
        Month => "Месяц",
        Purchases => "Покупки",
        BoughtUsd => "Куплено",
        YearToDate => "С начала года",
        Aggregate => "За все годы",
        Limits => "Лимиты",
        OverMonthly => "больше {limit} в месяц",
        OverAggregate => "больше {limit} в совокупности",
        OverPersonal => "больше личного лимита",
        Within => "в пределах",
        Unconverted => "{n} без курса доллара, не учтены",
        NoAifcPurchases => "В этом году покупок на площадках с лицензией МФЦА нет.",
        BeforeYear => "Куплено в прошлые годы: {usd}",
        Venues => "Площадки",
        VenueListSource => "Список на {as_of}: {source}",
        Trades => "Сделки",
        TradesInYear => "За год",
        SetByYou => "задано вами",
        Kazakhstan => "Казахстан",
        Abroad => "за рубежом",
        StatusAifc => "лицензия МФЦА",
        StatusForeign => "иностранная",
        StatusUnknown => "неизвестно",
        TriggerPropertyIncome => "продажа с приростом за год (имущественный доход)",
        TriggerSoldCrypto => "продажа или обмен цифровых активов за год",
        TriggerSoldSecurities => "продажа ценных бумаг за год",
        TriggerHoldsCrypto => "цифровые активы на 31 декабря",
        TriggerHoldsSecuritiesAbroad => "ценные бумаги на зарубежной площадке на 31 декабря",
        TriggerForeignOver => "активы на зарубежных площадках свыше 1\u{202F}000 МРП на 31 декабря",
        TriggerBoughtOver => "имущество, приобретённое за год, свыше 20\u{202F}000 МРП",
        FlagNotLicensed => {
            "Нет лицензии МФЦА: иностранная площадка; продажи на ней считаются за рубежом, а активы на ней — зарубежными."
        }
        FlagUnknown => "Нет в списке площадок: проверьте, есть ли у неё лицензия МФЦА, и укажите статус.",
        FlagNoVenue => "Сделки без площадки: статус неизвестен; добавьте столбец exchange.",
        BorrowedFacts => "Нет сведений за {year}: показаны сведения за {from}.",
        Note => "Примечание",
        Unconfirmed => "U: не подтверждено",
        TriggerHoldsForeignSecurities => {
            "ценные бумаги иностранных эмитентов на 31 декабря (при любой стоимости, у любого брокера)"
        }
        TriggerForeignBankOver => {
            "деньги на счетах в иностранных банках свыше 1\u{202F}000 МРП на 31 декабря"
        }
        TriggerIncomeOver => "годовой доход свыше 8\u{202F}500 МРП",
        TriggerUniversal => "вы во всеобщем декларировании (ваша настройка)",
        TriggerDividendsOver => "дивиденды за год свыше 230\u{202F}000 МРП",
        TriggerForeignIncome => "дивиденды или вознаграждение от иностранных эмитентов за год",
        ForeignBankBalance => "Деньги в иностранных банках на 31 декабря, тенге",
        ForeignBank => "Деньги на счетах в иностранных банках",
        AnnualIncome => "Годовой доход",
        NoBankEntered => "не введено: укажите остаток выше, чтобы сравнить",
        NotCompared => "не сравнивается: МРП на этот год в изученном законодательстве нет",
        Excluded => "не учтено покупок цифровых активов: {n}",
        Universal => {
            "Всеобщее декларирование (госслужащий, работник квазигосударственного сектора, руководитель или учредитель юридического лица либо их супруг)"
        }
        UniversalHint => {
            "Тогда за налоговые годы по 2024 подаётся 270.00 до 15 сентября вместо 240.00; сохраняется в деле."
        }
        IssuerFromVenue => {
            "Ценных бумаг без ISIN: {n}; эмитент каждой считается иностранным, только если площадка за рубежом (не подтверждено)"
        }
    }
}
