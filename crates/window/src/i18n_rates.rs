//! The words of the official-rates dialog, in English, Russian and Kazakh, kept beside the main
//! table of [`super::i18n`].

use super::i18n::Lang;

/// A text of the official-rates dialog.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RKey {
    GetRates,
    Title,
    MissingCurrencies,
    MissingDates,
    MissingYears,
    More,
    WillAsk,
    OnlyDates,
    Cache,
    NoCache,
    Fetch,
    Cancel,
    Close,
    Progress,
    Done,
    Failed,
    TryAgain,
    Cancelled,
    SameCommand,
    PriceHint,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: RKey) -> &'static str {
    let (en, ru, kk) = words(key);
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
        Lang::Kk => kk,
    }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn f(lang: Lang, key: RKey, args: &[(&str, &str)]) -> String {
    super::i18n::fill(t(lang, key), args)
}

fn words(key: RKey) -> (&'static str, &'static str, &'static str) {
    use RKey::*;
    match key {
        GetRates => (
            "Get official rates…",
            "Получить официальные курсы…",
            "Ресми бағамдарды алу…",
        ),
        Title => (
            "Official rates of the National Bank",
            "Официальные курсы Национального банка",
            "Ұлттық банктің ресми бағамдары",
        ),
        MissingCurrencies => (
            "Rates missing for: {currencies}",
            "Не хватает курсов: {currencies}",
            "Бағамдар жетіспейді: {currencies}",
        ),
        MissingDates => (
            "Trade dates that need the rate of a day before them: {dates}",
            "Даты сделок, которым нужен курс предшествующего дня: {dates}",
            "Алдыңғы күннің бағамы қажет мәміле күндері: {dates}",
        ),
        MissingYears => (
            "Annual average rates of: {years}",
            "Среднегодовые курсы за: {years}",
            "Жылдық орташа бағамдар: {years}",
        ),
        More => ("… and {n} more", "… и ещё {n}", "… және тағы {n}"),
        WillAsk => (
            "Salyq will ask {url} for each of {n} days between {from} and {to}: one request a day, a short pause between them; days fetched before come from the cache and are not asked again.",
            "Salyq запросит {url} за каждый из {n} дней в промежутке с {from} по {to}: один запрос на день, с короткой паузой; уже полученные дни берутся из кэша и повторно не запрашиваются.",
            "Salyq {url} мекенжайынан {from} және {to} аралығындағы {n} күннің әрқайсысын сұрайды: күніне бір сұрау, арасында қысқа үзіліс; бұрын алынған күндер кэштен алынады, қайта сұралмайды.",
        ),
        OnlyDates => (
            "Only the dates leave this computer: nothing about your trades, files or case is sent.",
            "С компьютера уходят только даты: ничего о ваших сделках, файлах или деле не отправляется.",
            "Компьютерден тек күндер жіберіледі: мәмілелеріңіз, файлдарыңыз немесе ісіңіз туралы ештеңе жіберілмейді.",
        ),
        Cache => ("Cache: {dir}", "Кэш: {dir}", "Кэш: {dir}"),
        NoCache => (
            "No data folder: fetched days are not kept.",
            "Нет папки данных: полученные дни не сохраняются.",
            "Деректер қалтасы жоқ: алынған күндер сақталмайды.",
        ),
        Fetch => ("Fetch", "Получить", "Алу"),
        Cancel => ("Cancel", "Отмена", "Бас тарту"),
        Close => ("Close", "Закрыть", "Жабу"),
        Progress => (
            "Day {done} of {total}: {date}",
            "День {done} из {total}: {date}",
            "{total} күннің {done}-і: {date}",
        ),
        Done => (
            "Fetched {n} daily rates. They are added to the case as {file}, and the figures are computed again.",
            "Получено дневных курсов: {n}. Они добавлены в дело как {file}, показатели пересчитываются.",
            "{n} күндік бағам алынды. Олар іске {file} ретінде қосылды, көрсеткіштер қайта есептеледі.",
        ),
        Failed => (
            "The rates could not be fetched: {error}",
            "Не удалось получить курсы: {error}",
            "Бағамдарды алу мүмкін болмады: {error}",
        ),
        TryAgain => ("Try again", "Повторить", "Қайталау"),
        Cancelled => (
            "Cancelled: nothing was added.",
            "Отменено: ничего не добавлено.",
            "Тоқтатылды: ештеңе қосылмады.",
        ),
        PriceHint => (
            "Prices missing for {assets}: download each asset's daily history from CoinMarketCap (Historical Data → Download CSV, named …_coinmarketcap_CODE.csv) or CoinGecko (Historical Data → export CSV) and import it with File → Import prices…",
            "Нет цен для {assets}: скачайте дневную историю каждого актива с CoinMarketCap (Historical Data → Download CSV, имя …_coinmarketcap_КОД.csv) или CoinGecko (Historical Data → экспорт CSV) и импортируйте её через Файл → Импорт цен…",
            "{assets} үшін бағалар жоқ: әр активтің күндік тарихын CoinMarketCap (Historical Data → Download CSV, аты …_coinmarketcap_КОД.csv) немесе CoinGecko (Historical Data → CSV экспорты) сайтынан жүктеп, Файл → Бағаларды импорттау… арқылы импорттаңыз",
        ),
        SameCommand => (
            "The same from the command line:",
            "То же из командной строки:",
            "Командалық жолдан да солай:",
        ),
    }
}
