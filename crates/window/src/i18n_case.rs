//! The words of case files, overrides, notes and reviews in the window, English and Russian
//! (Kazakh shows Russian), kept beside the main table of [`super::i18n`].

use super::i18n::Lang;

/// A text about case files and decisions.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CKey {
    NewCase,
    ExportPack,
    OpenCase,
    SaveCase,
    SaveCaseAs,
    RecentCases,
    NoRecentCases,
    Saved,
    SavedWithout,
    SaveFailed,
    Opened,
    OpenFailed,
    Unsaved,
    UnsavedText,
    Save,
    DontSave,
    Cancel,
    RecoveryTitle,
    RecoveryText,
    OpenCopy,
    DiscardCopy,
    Untitled,
    Reason,
    ReasonHint,
    Exclude,
    ExcludeDuplicate,
    ExcludeTransfer,
    ExcludeOther,
    Include,
    Excluded,
    Note,
    SaveNote,
    By,
    Review,
    Status,
    Accept,
    MarkResolved,
    Reopen,
    StatusOpen,
    StatusAccepted,
    StatusResolved,
    NextOpen,
    OpenWarnings,
    EnterPurchase,
    EnterPurchaseTitle,
    Asset,
    Date,
    Quantity,
    CostKzt,
    Add,
    Decisions,
    NoDecisions,
    Undo,
    CaseNote,
    Residency,
    Resident,
    NonResident,
    NonResidentWarn,
    LastChange,
    TaxYear,
    NotWritten,
    NotWrittenFile,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: CKey) -> &'static str {
    let (en, ru) = words(key);
    if lang == Lang::En { en } else { ru }
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn f(lang: Lang, key: CKey, args: &[(&str, &str)]) -> String {
    super::i18n::fill(t(lang, key), args)
}

fn words(key: CKey) -> (&'static str, &'static str) {
    use CKey::*;
    match key {
        NewCase => ("New case", "Новое дело"),
        ExportPack => ("Export review pack…", "Выгрузить пакет для проверки…"),
        OpenCase => ("Open case…", "Открыть дело…"),
        SaveCase => ("Save case", "Сохранить дело"),
        SaveCaseAs => ("Save case as…", "Сохранить дело как…"),
        RecentCases => ("Recent cases", "Недавние дела"),
        NoRecentCases => ("No recent cases", "Нет недавних дел"),
        Saved => ("Case saved to {path}", "Дело сохранено: {path}"),
        SavedWithout => (
            "Case saved to {path}, without {files}: larger than 512 MiB, not embedded — keep the file beside the case",
            "Дело сохранено: {path}, без {files}: больше 512 МиБ, не встроен — храните файл рядом с делом",
        ),
        SaveFailed => (
            "Could not save {path}: {error}",
            "Не удалось сохранить {path}: {error}",
        ),
        Opened => ("Case opened from {path}", "Дело открыто: {path}"),
        OpenFailed => (
            "Could not open the case: {error}",
            "Не удалось открыть дело: {error}",
        ),
        Unsaved => ("Unsaved changes", "Несохранённые изменения"),
        UnsavedText => (
            "The case {name} has changes that are not saved. Save them before closing?",
            "В деле {name} есть несохранённые изменения. Сохранить их перед закрытием?",
        ),
        Save => ("Save", "Сохранить"),
        DontSave => ("Don't save", "Не сохранять"),
        Cancel => ("Cancel", "Отмена"),
        RecoveryTitle => ("Recovered changes", "Восстановленные изменения"),
        RecoveryText => (
            "An autosaved copy of {name} is newer than the file: Salyq may have closed before it saved. Open the autosaved copy (then save it), or discard it and open the file as saved?",
            "Автосохранённая копия {name} новее файла: возможно, Salyq закрылся до сохранения. Открыть автосохранённую копию (и затем сохранить) или удалить её и открыть файл как есть?",
        ),
        OpenCopy => ("Open the autosaved copy", "Открыть автосохранённую копию"),
        DiscardCopy => ("Discard it, open the file", "Удалить её, открыть файл"),
        Untitled => ("untitled case", "новое дело"),
        Reason => ("Why:", "Почему:"),
        ReasonHint => (
            "reason (kept with the decision)",
            "причина (сохраняется вместе с решением)",
        ),
        Exclude => ("Leave out of the calculation:", "Исключить из расчёта:"),
        ExcludeDuplicate => ("a duplicate of another trade", "дубликат другой сделки"),
        ExcludeTransfer => ("a transfer between own accounts", "перевод между своими счетами"),
        ExcludeOther => ("other reason", "другая причина"),
        Include => ("Include it again", "Снова включить"),
        Excluded => ("excluded", "исключена"),
        Note => ("Note:", "Заметка:"),
        SaveNote => ("Save note", "Сохранить заметку"),
        By => ("by {by}, {at}", "{by}, {at}"),
        Review => ("Review:", "Проверка:"),
        Status => ("Review", "Проверка"),
        Accept => ("Accept (with the reason)", "Принять (с причиной)"),
        MarkResolved => ("Mark resolved", "Отметить устранённым"),
        Reopen => ("Reopen", "Вернуть в непроверенные"),
        StatusOpen => ("open", "не проверено"),
        StatusAccepted => ("accepted", "принято"),
        StatusResolved => ("resolved", "устранено"),
        NextOpen => ("Next open warning ▶", "Следующее непроверенное ▶"),
        OpenWarnings => ("{n} open", "не проверено: {n}"),
        EnterPurchase => ("Enter the missing purchase…", "Ввести недостающую покупку…"),
        EnterPurchaseTitle => ("Enter a purchase the files lack", "Покупка, которой нет в файлах"),
        Asset => ("Asset", "Актив"),
        Date => ("Date (YYYY-MM-DD)", "Дата (ГГГГ-ММ-ДД)"),
        Quantity => ("Quantity", "Количество"),
        CostKzt => ("Cost in tenge, fees included", "Стоимость в тенге с комиссиями"),
        Add => ("Add", "Добавить"),
        Decisions => ("Decisions ({n})", "Решения ({n})"),
        NoDecisions => ("No decisions yet.", "Решений пока нет."),
        Undo => ("Undo", "Отменить"),
        CaseNote => ("Notes on the case", "Заметки по делу"),
        Residency => ("Tax residency", "Налоговое резидентство"),
        Resident => ("resident of Kazakhstan", "резидент РК"),
        NonResident => ("non-resident", "нерезидент"),
        NonResidentWarn => (
            "Salyq's rules are those of residents: a non-resident's figures need other rules",
            "Правила Salyq — для резидентов: для нерезидента нужны другие правила",
        ),
        LastChange => ("last saved {at}", "сохранено {at}"),
        TaxYear => ("tax year {year}", "{year} год"),
        NotWritten => ("Not written", "Не записано"),
        NotWrittenFile => ("{path} was not written:", "{path} не записан:"),
    }
}
