//! The words of the ledger in the window (transfers, rewards, balance gaps, opening positions):
//! English, Russian and Kazakh, kept beside the main table of [`super::i18n`].

use super::i18n::Lang;

/// A text about the ledger.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LKey {
    KindUnknownOrigin,
    KindUnpairedWithdrawal,
    KindBalanceGap,
    KindNoPrice,
    WarnUnknownOrigin,
    WarnUnknownCost,
    WarnUnpairedWithdrawal,
    WarnBalanceGap,
    WarnBalanceDiffers,
    WarnNoPrice,
    Pair,
    PairTitle,
    PairWith,
    NoCandidates,
    Unpair,
    Paired,
    Unpaired,
    Transfers,
    NoTransfers,
    EnterPurchase,
    OpeningPosition,
    OpeningTitle,
    Venue,
    MovedTo,
    BoughtOn,
    RewardsStatus,
    RestsOnOpening,
    ExpRewardKind,
    TransferLine,
    ImportEvents,
    Unconfirmed,
    SettingsHeading,
    NetworkFeeLabel,
    FeeReduce,
    FeeDispose,
    RewardCostLabel,
    RewardZero,
    RewardValue,
    WindowHours,
    FeePercent,
    RewardsRow,
    RewardsUnpriced,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: LKey) -> &'static str {
    let (en, ru, kk) = words(key);
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Kk => kk.unwrap_or(ru),
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn f(lang: Lang, key: LKey, args: &[(&str, &str)]) -> String {
    super::i18n::fill(t(lang, key), args)
}

fn words(key: LKey) -> (&'static str, &'static str, Option<&'static str>) {
    use LKey::*;
    match key {
        KindUnknownOrigin => (
            "Unknown origin",
            "Происхождение неизвестно",
            Some("Шығу тегі белгісіз"),
        ),
        KindUnpairedWithdrawal => ("Unpaired withdrawal", "Вывод без пары", Some("Жұбы жоқ шығару")),
        KindBalanceGap => ("Balance gap", "Разрыв баланса", Some("Баланс алшақтығы")),
        KindNoPrice => ("No price", "Нет цены", Some("Баға жоқ")),
        WarnUnknownOrigin => (
            "{quantity} {asset} arrived on {venue} on {date} with no known purchase: enter it, pair it, or import the account it came from (until then it has zero cost)",
            "{quantity} {asset} поступили на {venue} {date} без известной покупки: введите её, свяжите с выводом или загрузите счёт, откуда они пришли (пока их стоимость — ноль)",
            Some(
                "{quantity} {asset} {date} күні {venue} алаңына белгісіз сатып алумен түсті: оны енгізіңіз, шығарумен жұптаңыз немесе келген шотты жүктеңіз (әзірге құны нөл)",
            ),
        ),
        WarnUnknownCost => (
            "{quantity} {asset} bought on {venue} on {date} ({how}) without the price paid in this file: enter the purchase or import its history (until then it has zero cost)",
            "{quantity} {asset} куплены на {venue} {date} ({how}), цены покупки в этом файле нет: введите покупку или загрузите её историю (пока стоимость — ноль)",
            None,
        ),
        WarnUnpairedWithdrawal => (
            "{quantity} {asset} left {venue} on {date} with no matching deposit: counted as still yours, not as a sale; pair it, or import the account it went to",
            "{quantity} {asset} выведены с {venue} {date} без парного зачисления: считаются по-прежнему вашими, а не проданными; свяжите вывод или загрузите счёт, куда они ушли",
            Some(
                "{quantity} {asset} {date} күні {venue} алаңынан жұпсыз шығарылды: әлі сіздікі деп саналады, сату емес; жұптаңыз немесе барған шотты жүктеңіз",
            ),
        ),
        WarnBalanceGap => (
            "history missing before {date} on {venue} for {quantity} {asset}: the balance goes below zero there; import the earlier history or enter an opening position",
            "до {date} на {venue} не хватает истории на {quantity} {asset}: баланс там уходит ниже нуля; загрузите более раннюю историю или введите начальный остаток",
            Some(
                "{date} дейін {venue} алаңында {quantity} {asset} тарихы жоқ: баланс нөлден төмен түседі; ертерек тарихты жүктеңіз немесе бастапқы қалдықты енгізіңіз",
            ),
        ),
        WarnBalanceDiffers => (
            "{asset} on {venue} on {date}: the file states a balance of {stated}, the history gives {ours}: a row is missing or doubled",
            "{asset} на {venue} {date}: в файле указан баланс {stated}, по истории выходит {ours}: строка пропущена или повторена",
            None,
        ),
        WarnNoPrice => (
            "no {asset} price on {date} for a {what}: add it to a price file",
            "нет цены {asset} на {date} ({what}): добавьте её в файл цен",
            None,
        ),
        Pair => ("Pair…", "Связать…", Some("Жұптау…")),
        PairTitle => ("Pair a transfer", "Связать перевод", Some("Аударымды жұптау")),
        PairWith => ("Pair with", "Связать с", Some("Жұптау")),
        NoCandidates => (
            "No row of the other side fits: import the account the coins came from or went to.",
            "Подходящей строки нет: загрузите счёт, откуда пришли или куда ушли монеты.",
            None,
        ),
        Unpair => ("Unpair", "Разъединить", Some("Ажырату")),
        Paired => ("Transfer paired", "Перевод связан", None),
        Unpaired => ("Transfer unpaired", "Перевод разъединён", None),
        Transfers => (
            "Transfers between your accounts",
            "Переводы между вашими счетами",
            Some("Шоттарыңыз арасындағы аударымдар"),
        ),
        NoTransfers => ("No transfers paired.", "Связанных переводов нет.", None),
        EnterPurchase => ("Enter purchase…", "Ввести покупку…", Some("Сатып алуды енгізу…")),
        OpeningPosition => (
            "Opening position…",
            "Начальный остаток…",
            Some("Бастапқы қалдық…"),
        ),
        OpeningTitle => (
            "Enter an opening position (coins held when the history starts)",
            "Начальный остаток (монеты на начало истории)",
            None,
        ),
        Venue => ("Venue", "Площадка", Some("Алаң")),
        MovedTo => (
            "moved {from} → {to} on {date}",
            "перемещено {from} → {to} {date}",
            Some("{from} → {to} {date} көшірілді"),
        ),
        BoughtOn => (
            "acquired on {venue}",
            "приобретено на {venue}",
            Some("{venue} алаңында алынған"),
        ),
        RewardsStatus => (
            "unconfirmed: whether a reward is income when received is not settled; shown, not added to property income",
            "не подтверждено: является ли вознаграждение доходом при получении, не урегулировано; показано, но не добавлено к имущественному доходу",
            None,
        ),
        RestsOnOpening => (
            "These figures rest on opening positions you entered.",
            "Эти суммы опираются на введённые вами начальные остатки.",
            None,
        ),
        TransferLine => (
            "{quantity} {asset} {from} → {to} ({withdrawal} → {deposit}), network fee {fee}",
            "{quantity} {asset} {from} → {to} ({withdrawal} → {deposit}), комиссия сети {fee}",
            Some("{quantity} {asset} {from} → {to} ({withdrawal} → {deposit}), желі комиссиясы {fee}"),
        ),
        ImportEvents => (
            "events (transfers, rewards...): {list}",
            "события (переводы, вознаграждения…): {list}",
            Some("оқиғалар (аударымдар, сыйақылар…): {list}"),
        ),
        Unconfirmed => (
            "[U: unconfirmed — a setting]",
            "[U: не подтверждено — это настройка]",
            Some("[U: расталмаған — бұл баптау]"),
        ),
        SettingsHeading => (
            "Transfers and rewards",
            "Переводы и вознаграждения",
            Some("Аударымдар мен сыйақылар"),
        ),
        NetworkFeeLabel => (
            "Network fee of a transfer (every year):",
            "Комиссия сети при переводе (все годы):",
            Some("Аударым кезіндегі желі комиссиясы (барлық жылдар):"),
        ),
        FeeReduce => (
            "reduces the lot (its cost stays with the coins that arrive)",
            "уменьшает партию (её стоимость остаётся за поступившими монетами)",
            None,
        ),
        FeeDispose => (
            "is a disposal at its value on the day",
            "выбытие по стоимости на день",
            None,
        ),
        RewardCostLabel => (
            "Cost of rewards (every year):",
            "Стоимость вознаграждений (все годы):",
            Some("Сыйақылардың құны (барлық жылдар):"),
        ),
        RewardZero => ("0 (NC Art. 389(6))", "0 (НК ст. 389 п. 6)", None),
        RewardValue => (
            "their value on the day (included in income)",
            "их стоимость на день получения (включены в доход)",
            None,
        ),
        WindowHours => (
            "Pair a deposit arriving within (hours):",
            "Связывать зачисление, пришедшее в течение (часов):",
            None,
        ),
        FeePercent => ("largest network fee, %:", "наибольшая комиссия сети, %:", None),
        RewardsRow => (
            "Rewards received (not in income) [U]",
            "Получено вознаграждений (не в доходе) [U]",
            Some("Алынған сыйақылар (табысқа кірмейді) [U]"),
        ),
        RewardsUnpriced => (
            "(+{n} without a price)",
            "(+{n} без цены)",
            Some("(+{n} бағасыз)"),
        ),
        ExpRewardKind => (
            "interest, staking, launchpool, airdrop, distribution, cashback, referral, mining or other",
            "interest, staking, launchpool, airdrop, distribution, cashback, referral, mining или other",
            None,
        ),
    }
}
