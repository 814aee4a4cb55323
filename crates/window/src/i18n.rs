//! Every string the window shows, in one table: a key per string and a `match` per language.
//! English and Russian are complete (the compiler checks it); Kazakh covers the welcome text,
//! the menus and the tabs, and falls back to Russian elsewhere.
//!
//! Texts of the core library (warnings, assumptions, input problems) are worded here too, from
//! the data the core gives next to its English (see [`super::core_text`]); rule references come
//! in each language from `crates/core/assets/rules.toml`.

use serde::{Deserialize, Serialize};

/// A language of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Russian.
    Ru,
    /// Kazakh.
    Kk,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Kk];

    /// The language's own name (`Русский`).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Kk => "Қазақша",
        }
    }

    /// The language of a code such as `ru` or `kk` (for `SALYQ_LANG`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "kk" | "kz" => Some(Lang::Kk),
            _ => None,
        }
    }

    /// The text of `key` in this language.
    pub fn t(self, key: Key) -> &'static str {
        match self {
            Lang::En => en(key),
            Lang::Ru => ru(key),
            Lang::Kk => kk(key).unwrap_or_else(|| ru(key)),
        }
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn f(self, key: Key, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }
}

/// A text with each `{name}` replaced by its value (every string table of the window uses it).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// One user-visible string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each key's English text says what it is
pub enum Key {
    AppTitle,
    // Menus
    File,
    ImportTrades,
    ImportRates,
    ImportPrices,
    RecentFiles,
    NoRecentFiles,
    ExportDisposals,
    ExportSummary,
    LoadSample,
    ClearAll,
    Quit,
    Edit,
    Undo,
    Redo,
    Language,
    Help,
    About,
    // Tabs
    TabTrades,
    TabDisposals,
    TabSummary,
    TabWarnings,
    TabSettings,
    TabForms,
    TabCompliance,
    // Welcome and status
    WelcomeTitle,
    WelcomeText,
    Close,
    TradesLoaded,
    SampleInUse,
    Computing,
    Importing,
    ImportFile,
    Cancel,
    ImportDone,
    ImportCancelled,
    SampleReplaced,
    ExportDone,
    ExportFailed,
    NothingToExport,
    DropHere,
    NothingUndo,
    // Problems panel
    Problems,
    ImportProblems,
    ComputeProblems,
    CopyAll,
    MapColumns,
    MapTitle,
    MapFirstRows,
    MapColumnsHeading,
    MapNone,
    MapName,
    MapDate,
    MapDateFormat,
    MapSide,
    MapBuyWords,
    MapSellWords,
    MapSignedQuantity,
    MapAsset,
    MapCurrency,
    MapPair,
    MapQuantity,
    MapPrice,
    MapTotal,
    MapFee,
    MapFeeAsset,
    MapId,
    MapVenueColumn,
    MapVenueName,
    MapKind,
    MapDecimalComma,
    MapSuffixed,
    MapNegateFee,
    MapPreview,
    MapPreviewTrades,
    MapSaveImport,
    MapCannotRead,
    Copied,
    Found,
    Expected,
    // Common columns and words
    All,
    Source,
    Date,
    Side,
    Asset,
    Quantity,
    Total,
    Currency,
    Fee,
    Venue,
    Id,
    Kind,
    Note,
    ValueKzt,
    Buy,
    Sell,
    Crypto,
    Security,
    Other,
    Year,
    Yes,
    No,
    NoFigures,
    // Trades tab
    Filter,
    FilterHint,
    ClearFilters,
    ShowingTrades,
    ImportReport,
    ImportReportLine,
    ImportReportSkipped,
    ImportReportDuplicates,
    // Disposals tab
    Role,
    Sold,
    Spent,
    FeeRole,
    Proceeds,
    Cost,
    Gain,
    Uncovered,
    Trade,
    LotsOf,
    SelectDisposal,
    Acquired,
    ShowTrade,
    DisposalCount,
    // Summary tab
    TaxYear,
    AllYears,
    Disposals,
    Gains,
    Losses,
    Net,
    NetResult,
    Income,
    PropertyIncome,
    OtherIncome,
    Tax,
    Form,
    DueBy,
    PayBy,
    RulesUsed,
    Rule,
    Value,
    Reference,
    Confidence,
    ConfL,
    ConfO,
    ConfS,
    Unconfirmed,
    ChangedByYou,
    Assumptions,
    GainByMonth,
    GainByAsset,
    BorrowedRules,
    TaxRate,
    // Rules and settings
    Netting,
    PerSale,
    NetYear,
    FxRule,
    PreviousBusinessDay,
    AnnualAverage,
    Fees,
    FeesInclude,
    FeesExclude,
    CryptoTaxable,
    Method,
    MethodNote,
    Fifo,
    Lifo,
    Hifo,
    Average,
    TimeZone,
    TimeZoneHint,
    BadTimeZone,
    StablecoinsAtPar,
    StablecoinsNote,
    RulesPerYear,
    OtherIncomeFor,
    OtherIncomeNote,
    BadAmount,
    ResetRules,
    UndoHint,
    // Warnings tab
    WarningCount,
    WarningsHint,
    AssumptionsInForce,
    MissingPurchase,
    StalePrice,
    Duplicate,
    FiatExchange,
    NoRulesForYear,
    NotImported,
    BrokerFifoDiffers,
    TaxHavenZeroCost,
    WarnTaxHavenVenue,
    WarnTaxHavenAsset,
    WhatIfTax,
    WhatIfNote,
    StatusDeclared,
    StatusWhatIf,
    TaxHavens,
    TaxHavenVenue,
    TaxHavenNote,
    TaxHavenOn,
    TaxHavenAssets,
    TaxHavenAddAsset,
    TaxHavenAssetHint,
    TaxHavenRemove,
    AssumeExemptionRule,
    TimeZoneAssumed,
    Message,
    // Warnings from the calculation
    WarnMissingPurchase,
    WarnStalePrice,
    WarnDuplicate,
    WarnFiatExchange,
    WarnNoRules,
    WarnNotImported,
    WarnNotImportedAmount,
    WarnNotImportedTax,
    WarnBrokerFifo,
    WarnTimeZone,
    // Assumptions of a year
    AssumeBorrowed,
    AssumeMethod,
    AssumeFifo,
    AssumeForComparison,
    AssumeTaxDate,
    AssumeStablecoinsPar,
    AssumeStablecoinsPrices,
    AssumeFxRule,
    AssumeFees,
    AssumeNetting,
    AssumeCryptoTaxable,
    AssumeTaxRate,
    AssumeRateAbove,
    AssumeOtherIncome,
    AssumeExemptions,
    AssumeVenues,
    AssumePriceBasis,
    PriceBasisLabel,
    PriceBasisClose,
    PriceBasisOpen,
    PriceBasisHigh,
    PriceBasisLow,
    PriceBasisMean,
    PriceBasisNote,
    CountryKazakhstan,
    CountryAbroad,
    VenueCountries,
    VenueNotListed,
    VenueListNote,
    IncomeInKazakhstan,
    IncomeAbroad,
    // Input problems
    ProblemEmpty,
    ProblemHeaderNotUtf8,
    ProblemCellNotUtf8,
    ProblemCellTooLong,
    ProblemRowTooLong,
    ProblemFileTooLarge,
    ProblemMissingValue,
    ProblemMissingColumn,
    ProblemCsvUnreadable,
    ProblemReadFailed,
    ProblemCannotOpen,
    ProblemCancelled,
    ProblemFormat,
    ProblemMoreErrors,
    ProblemBadDate,
    ProblemUnknownSide,
    ProblemUnknownKind,
    ProblemNotACode,
    ProblemNotAnAssetCode,
    ProblemNotACurrencyCode,
    ProblemNotFiat,
    ProblemNotANumber,
    ProblemNotAPrice,
    ProblemNotARate,
    ProblemNotAQuant,
    ProblemNegative,
    ProblemZeroQuantity,
    ProblemTooLarge,
    ProblemProductTooLarge,
    ProblemNoPriceOrTotal,
    ProblemTotalMismatch,
    ProblemRateTwice,
    ProblemRateConflict,
    ProblemAnnualRateConflict,
    ProblemFeeNotBelow,
    ProblemUnknownPair,
    ProblemWrongUnit,
    ProblemJsonUnreadable,
    ProblemBadMapping,
    ProblemWrongSign,
    ProblemXmlUnreadable,
    ProblemPriceAssetUnknown,
    ProblemUnpairedTradeRows,
    ProblemCannotValue,
    ProblemOneMoreTrade,
    ProblemMoreTrades,
    GapNoRate,
    GapDailyRate,
    GapAnnualRate,
    GapNoPrice,
    GapNoFeePrice,
    GapTooLarge,
    // What an input should have been
    ExpHeaderRow,
    ExpUtf8,
    ExpShortCell,
    ExpShortRow,
    ExpSmallerFile,
    ExpTradeHeader,
    ExpPriceOrTotalColumn,
    ExpRateHeader,
    ExpPriceHeader,
    ExpKnownFormat,
    ExpDateTime,
    ExpDate,
    ExpRateDate,
    ExpBuyOrSell,
    ExpKindName,
    ExpCode,
    ExpAssetCode,
    ExpCurrencyCode,
    ExpFiatCurrency,
    ExpPositiveNumber,
    ExpNonNegativeNumber,
    ExpAtMostMax,
    ExpPrice,
    ExpRate,
    ExpQuant,
    ExpRealisticAmounts,
    ExpPriceOrTotal,
    ExpTotal,
    ExpEarlierRate,
    ExpFeeBelow,
    ExpBybitHeader,
    ExpBybitDateTime,
    ExpPair,
    ExpAmountIn,
    ExpFreedomReport,
    ExpHeaderLike,
    ExpClosestFormat,
    ExpAmountWithAsset,
    ExpNumber,
    ExpNotPositive,
    ExpOneTradePerGroup,
    ExpOneOf,
    ExpMapping,
    ExpDateFormat,
    ExpBankXml,
    ExpBankDate,
    ExpPriceAsset,
    ProblemQuoteNotClosed,
    ProblemBlankOnly,
    ProblemQuoteRunsOn,
    ProblemExtraFields,
    ProblemMissingFields,
    ProblemIdConflict,
    ProblemNotCsv,
    KindExcelWorkbook,
    KindOldExcelWorkbook,
    KindOpenDocument,
    KindZip,
    KindUtf16,
    KindPdf,
    KindBinary,
    ExpUtf8NotCodePage,
    ExpClosedQuote,
    ExpExtraFields,
    ExpMissingFields,
    ExpDistinctIds,
    ExpCsvFromWorkbook,
    ExpCsvFromZip,
    ExpCsvFromUtf16,
    ExpCsvFromPdf,
    ExpCsvFromBinary,
    ExpPositiveNumberComma,
    ExpNonNegativeNumberComma,
    ExpNumberComma,
    // About
    AboutText,
    Version,
    BuildDate,
    SampleDisclaimer,
}

fn en(key: Key) -> &'static str {
    use Key::*;
    match key {
        AppTitle => "Salyq — property income tax",
        File => "File",
        ImportTrades => "Import trades…",
        ImportRates => "Import official rates…",
        ImportPrices => "Import prices…",
        RecentFiles => "Recent files",
        NoRecentFiles => "No recent files",
        ExportDisposals => "Export disposals…",
        ExportSummary => "Export yearly summary…",
        LoadSample => "Load the sample",
        ClearAll => "Clear all",
        Quit => "Quit",
        Edit => "Edit",
        Undo => "Undo",
        Redo => "Redo",
        Language => "Language",
        Help => "Help",
        About => "About Salyq",
        TabTrades => "Trades",
        TabDisposals => "Disposals",
        TabSummary => "Summary",
        TabWarnings => "Warnings",
        TabSettings => "Settings",
        TabForms => "Forms",
        TabCompliance => "Compliance",
        WelcomeTitle => "Welcome to Salyq",
        WelcomeText => {
            "Salyq computes the property income and tax on your trades for the Kazakhstan declaration. A made-up sample is loaded so you can look around: the Summary tab shows its yearly tax. Import your own files with File → Import trades… or drop CSV files on this window; they replace the sample."
        }
        Close => "Close",
        TradesLoaded => "{n} trades",
        SampleInUse => "sample data (made up)",
        Computing => "Computing…",
        Importing => "Importing",
        ImportFile => "file {i} of {n}: {name}",
        Cancel => "Cancel",
        ImportDone => "{n} trades imported",
        ImportCancelled => "The import was cancelled: nothing changed",
        SampleReplaced => "The sample was replaced by your files",
        ExportDone => "Wrote {path}",
        ExportFailed => "Could not write {path}: {error}",
        NothingToExport => "Nothing to export: there are no figures yet",
        DropHere => "Drop CSV files to import them",
        NothingUndo => "Nothing to undo",
        Problems => "Problems",
        ImportProblems => "{n} problems: these files were not imported (the others were)",
        ComputeProblems => "{n} problems: the figures cannot be computed",
        CopyAll => "Copy all",
        MapColumns => "Map columns…",
        MapTitle => "Map the columns of {file}",
        MapFirstRows => "The file's header and first rows",
        MapColumnsHeading => "Which column holds what",
        MapNone => "—",
        MapName => "Mapping name",
        MapDate => "Date",
        MapDateFormat => "Date format (e.g. %d.%m.%Y %H:%M; empty: ISO)",
        MapSide => "Side (buy/sell)",
        MapBuyWords => "Words for a buy (comma-separated)",
        MapSellWords => "Words for a sell (comma-separated)",
        MapSignedQuantity => "Signed quantity (negative = sell)",
        MapAsset => "Asset",
        MapCurrency => "Currency",
        MapPair => "Pair (instead of asset and currency)",
        MapQuantity => "Quantity",
        MapPrice => "Price",
        MapTotal => "Total",
        MapFee => "Fee",
        MapFeeAsset => "Fee asset",
        MapId => "Trade id",
        MapVenueColumn => "Venue column",
        MapVenueName => "Or one venue name for all",
        MapKind => "Kind",
        MapDecimalComma => "Decimal comma (0,5)",
        MapSuffixed => "Numbers carry their asset (0.5BTC, 100 USDT)",
        MapNegateFee => "Fees written negative (−1.50 is a fee of 1.50)",
        MapPreview => "Preview",
        MapPreviewTrades => "{n} trades read; the first:",
        MapSaveImport => "Save and import",
        MapCannotRead => "The file cannot be read: {detail}",
        Copied => "Copied",
        Found => "found",
        Expected => "expected",
        All => "All",
        Source => "Source",
        Date => "Date",
        Side => "Side",
        Asset => "Asset",
        Quantity => "Quantity",
        Total => "Total",
        Currency => "Currency",
        Fee => "Fee",
        Venue => "Venue",
        Id => "Id",
        Kind => "Kind",
        Note => "Note",
        ValueKzt => "Value, tenge",
        Buy => "buy",
        Sell => "sell",
        Crypto => "crypto",
        Security => "securities",
        Other => "other",
        Year => "Year",
        Yes => "yes",
        No => "no",
        NoFigures => "No figures yet: fix the problems shown below, or import trades.",
        Filter => "Filter",
        FilterHint => "asset, venue, id, note or file",
        ClearFilters => "Clear filters",
        ShowingTrades => "{shown} of {total} trades",
        ImportReport => "What was read from each file",
        ImportReportLine => "{file}: {format}, {rows} rows, {trades} trades",
        ImportReportSkipped => "skipped (not trades): {list}",
        ImportReportDuplicates => "{count} duplicates dropped",
        Role => "What",
        Sold => "sold",
        Spent => "spent",
        FeeRole => "fee",
        Proceeds => "Proceeds",
        Cost => "Cost",
        Gain => "Gain",
        Uncovered => "Uncovered",
        Trade => "Trade",
        LotsOf => "Lots consumed by {trade} ({source})",
        SelectDisposal => {
            "Select a disposal to see the lots it consumed: its audit trail back to the purchases."
        }
        Acquired => "Acquired",
        ShowTrade => "Show trade",
        DisposalCount => "{n} disposals",
        TaxYear => "Tax year",
        AllYears => "All years",
        Disposals => "Disposals",
        Gains => "Gains",
        Losses => "Losses",
        Net => "Net result",
        NetResult => "net result",
        Income => "income",
        PropertyIncome => "Property income",
        OtherIncome => "Other annual income",
        Tax => "Tax",
        Form => "Declaration form",
        DueBy => "file by",
        PayBy => "pay by",
        RulesUsed => "Rules used for {year}",
        Rule => "Rule",
        Value => "Value",
        Reference => "Reference",
        Confidence => "Confidence",
        ConfL => "L: the law",
        ConfO => "O: official release",
        ConfS => "S: secondary source",
        Unconfirmed => "U: unconfirmed — a setting",
        ChangedByYou => "changed by you",
        Assumptions => "Assumptions behind the figures",
        GainByMonth => "Realised gain by month, tenge",
        GainByAsset => "Realised gain by asset, tenge",
        BorrowedRules => "No rules are known for {year}: those of {from} were applied",
        TaxRate => "Tax rate",
        Netting => "Netting",
        PerSale => "per sale",
        NetYear => "net over the year",
        FxRule => "Official rate",
        PreviousBusinessDay => "previous business day",
        AnnualAverage => "annual average",
        Fees => "Fees",
        FeesInclude => "included in cost",
        FeesExclude => "left out",
        CryptoTaxable => "Crypto gains taxed",
        Method => "Matching method: FIFO declared, another as a what-if",
        MethodNote => {
            "The declared figures (the forms and the tax) always use FIFO, the law's method for securities (NC Art. 387(5)–(6)) and digital assets. Another method adds its figures beside them as a what-if comparison; they never reach a form."
        }
        Fifo => "FIFO (first in, first out)",
        Lifo => "LIFO (last in, first out)",
        Hifo => "HIFO (highest cost first)",
        Average => "Average cost",
        TimeZone => "Time zone of tax dates (offset from UTC)",
        TimeZoneHint => "+05:00 is Kazakhstan's time; press Enter to apply",
        BadTimeZone => "not an offset: expected one such as +05:00 or +06:00",
        StablecoinsAtPar => "Stablecoins at par (1 USDT = 1 USD)",
        StablecoinsNote => "Off: stablecoins are valued from the price table.",
        RulesPerYear => "Rules per tax year",
        OtherIncomeFor => "Other annual income for {year}, tenge",
        OtherIncomeNote => "Used for the progressive scale only; press Enter to apply.",
        BadAmount => "not an amount: expected a number of 0 or more",
        ResetRules => "Reset every rule to the bundled table",
        UndoHint => "Every change here can be undone with Ctrl+Z (Edit → Undo).",
        WarningCount => "{n} warnings",
        WarningsHint => "Click a warning to review it: accept it with a reason, or fix its cause.",
        AssumptionsInForce => "Assumptions in force",
        MissingPurchase => "missing purchase",
        StalePrice => "stale price",
        Duplicate => "duplicate",
        FiatExchange => "fiat exchange",
        NoRulesForYear => "no rules for year",
        NotImported => "not imported",
        BrokerFifoDiffers => "broker's FIFO differs",
        TaxHavenZeroCost => "ZERO COST (tax haven)",
        WarnTaxHavenVenue => {
            "ZERO COST: venue \"{venue}\" is flagged as a tax-haven source (NC Art. 387(7) securities, Art. 389(5) digital assets): {n} acquisition(s) given zero cost instead of {cost}, so the gains of their sales are larger by that; which states are tax havens is not bundled [U]: remove the flag unless the source really is one"
        }
        WarnTaxHavenAsset => {
            "ZERO COST: asset {asset} is flagged as a tax-haven source (NC Art. 387(7) securities, Art. 389(5) digital assets): {n} acquisition(s) given zero cost instead of {cost}, so the gains of their sales are larger by that; which states are tax havens is not bundled [U]: remove the flag unless the source really is one"
        }
        WhatIfTax => "What-if {method} tax (not declared)",
        WhatIfNote => "{tax} ({diff} vs. FIFO)",
        StatusDeclared => "Declared: FIFO",
        StatusWhatIf => "what-if: {method}",
        TaxHavens => "Tax-haven sources: zero cost",
        TaxHavenVenue => "tax haven: zero cost",
        TaxHavenNote => {
            "NC Art. 387(7) and 389(5): securities registered in, and digital assets received from, a state with preferential taxation have a cost of zero [L]. Salyq bundles no list of such states or of the venues there [U]: flag only a venue or asset you know to be such a source."
        }
        TaxHavenOn => {
            "ZERO COST IS ON for {list}: every acquisition there costs 0 and the gains are larger by its cost"
        }
        TaxHavenAssets => "Assets flagged:",
        TaxHavenAddAsset => "Flag asset",
        TaxHavenAssetHint => "asset code, e.g. ABC",
        TaxHavenRemove => "remove {name}",
        TimeZoneAssumed => "time zone assumed",
        Message => "Message",
        WarnMissingPurchase => {
            "{quantity} {asset} disposed of on {date} but only {held} held: the missing {uncovered} {asset} got zero cost; import or enter the purchases"
        }
        WarnStalePrice => "no {asset} price for {date}: the price of {used} was used",
        WarnDuplicate => "trade {id} on {venue} appears twice (first at {first}): this copy was dropped",
        WarnFiatExchange => "{asset} exchanged for {currency}: both are money, so no tax event",
        WarnNoRules => {
            "Salyq has no rules for tax year {year}: the rules of {from} were applied; no MCI of {year} is in the rule book (none published in what was read), so the MCI of {from} ({mci}) was used for the 8,500 MCI threshold and the basic deduction: check the figures when the MCI of {year} is published"
        }
        WarnNotImported => {
            "not supported yet: {what} of {asset} on {date}{amount}{tax}; it was not imported: review it by hand"
        }
        WarnNotImportedAmount => ", amount {amount}",
        WarnNotImportedTax => ", tax {tax}",
        WarnBrokerFifo => {
            "sale {id} of {asset} on {date}: the broker's FIFO profit is {broker} {currency}, Salyq's is {ours} {currency} ({ours_kzt}): check the purchases, transfers and corporate actions behind it"
        }
        AssumeBorrowed => {
            "No rules for {year} are known: the rules of {from} were applied, its MCI included (no MCI of {year} is in the rule book yet)"
        }
        WarnTimeZone => {
            "{file} does not say its time zone (neither its header nor its name, as Binance writes it: \"…(UTC+5).csv\"): its times were read as UTC; if the export was made in another zone, give it with --tz-of \"{file}=+05:00\" (the zone chosen when exporting)"
        }
        AssumeMethod => "Matching method: {method}",
        AssumeFifo => {
            "FIFO (first in, first out): the declared figures; the law's method for securities (NC Art. 387(5)–(6)) and digital assets"
        }
        AssumeForComparison => {
            "{method} — a what-if comparison only, never declared; the law's method is FIFO"
        }
        AssumeExemptionRule => "Exemption {reason} — {reference}",
        AssumeTaxDate => "Tax date: the calendar date at UTC{tz}",
        AssumeStablecoinsPar => "Stablecoins ({list}) valued at 1 USD",
        AssumeStablecoinsPrices => "Stablecoins valued from the price table (not at par)",
        AssumeFxRule => "Official rate rule: {rule} — {reference}",
        AssumeFees => "Fees: {rule} — {reference}",
        AssumeNetting => "Netting: crypto {crypto}, securities {security}, other {other} — {reference}",
        AssumeCryptoTaxable => "Crypto gains taxed in {year}: {answer} — {reference}",
        AssumeTaxRate => "Tax rate: {scale} (MCI {mci} KZT) — {reference}",
        AssumeRateAbove => "{rate}% above {from} MCI",
        AssumeOtherIncome => {
            "Other annual income counted for the scale: {amount} (entered by you; how it combines with declared gains is unconfirmed)"
        }
        AssumeExemptions => {
            "Exempt sales (KASE open trades, AIX, government securities…) are declared as income and taken off as adjustments (E_1, E_4); each exempt sale counted alone, losses ignored, and kept out of the netting of taxable sales [U: unconfirmed]"
        }
        AssumeVenues => {
            "Gains split into Kazakhstan and abroad by venue: AIFC-licensed venues (list of {as_of}) count as Kazakhstan, unlisted venues as {unknown} [U: unconfirmed — a setting]"
        }
        AssumePriceBasis => {
            "Price of a day in a CoinMarketCap export: its {basis} [U: unconfirmed — the tax office names the daily weighted average price, which the export does not give; a setting]"
        }
        PriceBasisLabel => "Day's price in CoinMarketCap exports [U]",
        PriceBasisClose => "close",
        PriceBasisOpen => "open",
        PriceBasisHigh => "high",
        PriceBasisLow => "low",
        PriceBasisMean => "mean of open, high, low and close",
        PriceBasisNote => {
            "Unconfirmed: the tax office names the day's weighted average price, which CoinMarketCap exports do not give. Price tables and CoinGecko exports have one price a day."
        }
        CountryKazakhstan => "Kazakhstan",
        CountryAbroad => "abroad",
        VenueCountries => "Where each venue's sales count",
        VenueNotListed => "(not in the list of AIFC-licensed venues)",
        VenueListNote => {
            "AIFC-licensed venues count as Kazakhstan (list of {as_of}, from public reports) [U: unconfirmed — a setting]; the split decides the declaration lines for gains in Kazakhstan and abroad, not the tax."
        }
        IncomeInKazakhstan => "  of which in Kazakhstan (A_1_1)",
        IncomeAbroad => "  of which abroad (A_1_2)",
        ProblemEmpty => "the file is empty",
        ProblemHeaderNotUtf8 => "the header is not UTF-8 text",
        ProblemCellNotUtf8 => "the cell is not UTF-8 text",
        ProblemCellTooLong => "the cell is too long",
        ProblemRowTooLong => "the row is too long",
        ProblemFileTooLarge => "the file is larger than {n} bytes",
        ProblemMissingValue => "the value is missing",
        ProblemMissingColumn => "required column \"{column}\" is missing from the header",
        ProblemCsvUnreadable => "the CSV cannot be read: {detail}",
        ProblemReadFailed => "could not read the file: {detail}",
        ProblemCannotOpen => "cannot open the file: {detail}",
        ProblemCancelled => "the import was cancelled",
        ProblemFormat => "the file's format is not recognised",
        ProblemMoreErrors => "{n} more errors not listed",
        ProblemBadDate => "bad date",
        ProblemUnknownSide => "unknown side",
        ProblemUnknownKind => "unknown kind",
        ProblemNotACode => "not an asset or currency code",
        ProblemNotAnAssetCode => "not an asset code",
        ProblemNotACurrencyCode => "not a currency code",
        ProblemNotFiat => "not a fiat currency",
        ProblemNotANumber => "not a number",
        ProblemNotAPrice => "not a price",
        ProblemNotARate => "not a rate",
        ProblemNotAQuant => "not a quantity",
        ProblemNegative => "negative number",
        ProblemZeroQuantity => "zero quantity",
        ProblemTooLarge => "number too large",
        ProblemProductTooLarge => "quantity × price is too large",
        ProblemNoPriceOrTotal => "neither price nor total is given",
        ProblemTotalMismatch => "total disagrees with quantity × price",
        ProblemRateTwice => "the {currency} rate for {date} is given twice (first on line {line})",
        ProblemRateConflict => "the {currency} rate for {date} is given twice with different values",
        ProblemAnnualRateConflict => {
            "the {currency} annual average for {year} is given twice with different values"
        }
        ProblemFeeNotBelow => "the fee is not smaller than the quantity received",
        ProblemUnknownPair => "the pair cannot be split into two codes",
        ProblemWrongUnit => "the amount is in the wrong unit",
        ProblemJsonUnreadable => "the JSON cannot be read: {detail}",
        ProblemBadMapping => "the column mapping cannot be used: {detail}",
        ProblemWrongSign => "the sign does not fit the operation",
        ProblemXmlUnreadable => "the XML cannot be read: {detail}",
        ProblemPriceAssetUnknown => "the file does not say which asset its prices are for",
        ProblemUnpairedTradeRows => {
            "the trade rows at this time and account (lines {lines}) do not make one trade"
        }
        ProblemCannotValue => "cannot value this trade in tenge{more}: {gap}",
        ProblemOneMoreTrade => " (and 1 more trade)",
        ProblemMoreTrades => " (and {n} more trades)",
        GapNoRate => "no official {currency} rate: need {wanted} (rule: {rule})",
        GapDailyRate => "a daily rate published before {date} (within {days} days)",
        GapAnnualRate => "the annual average rate for {year} (a row with date {year})",
        GapNoPrice => {
            "neither {asset} nor {currency} is fiat, and the price table has no price for either on {date} (add a row date,asset,price,currency to a price file)"
        }
        GapNoFeePrice => "the fee is paid in {asset}, which has no price on {date} (add it to a price file)",
        GapTooLarge => "{a} × {b} is beyond 10^20 tenge: check the amounts",
        ExpHeaderRow => "a header row",
        ExpUtf8 => "a UTF-8 file (save it as \"CSV UTF-8\")",
        ExpShortCell => "at most {n} bytes",
        ExpShortRow => "a row of at most {n} bytes (is a quote left open?)",
        ExpSmallerFile => "a file of at most {n} bytes",
        ExpTradeHeader => {
            "a header with date, side, asset, quantity, price or total, currency (see docs/formats.md)"
        }
        ExpPriceOrTotalColumn => "a \"price\" or a \"total\" column",
        ExpRateHeader => "a header date,currency,rate[,quant]",
        ExpPriceHeader => "a header date,asset,price[,currency]",
        ExpKnownFormat => {
            "the generic trade columns (date, side, asset, quantity, price or total, currency), a rate table (date,currency,rate) or a price table (date,asset,price); see docs/formats.md"
        }
        ExpDateTime => {
            "an ISO 8601 date such as 2025-03-07, 2025-03-07T10:38:36Z or 2025-03-07 10:38:36+05:00"
        }
        ExpDate => "a date such as 2025-03-07",
        ExpRateDate => "a date such as 2024-03-05, or a year such as 2025 for the annual average",
        ExpBuyOrSell => "buy or sell",
        ExpKindName => "crypto, security or other",
        ExpCode => "a code of letters and digits such as BTC, USDT or KZT",
        ExpAssetCode => "a code such as BNB",
        ExpCurrencyCode => "a code such as USD",
        ExpFiatCurrency => "a fiat currency such as USD or KZT",
        ExpPositiveNumber => "a number greater than 0 with \".\" as the decimal point",
        ExpNonNegativeNumber => "a number of 0 or more with \".\" as the decimal point",
        ExpAtMostMax => "at most 1000000000000000 (10^15)",
        ExpPrice => "a number of 0 or more (at most 10^15)",
        ExpRate => "a number greater than 0 (at most 10^15)",
        ExpQuant => "a number greater than 0, such as 1 or 100",
        ExpRealisticAmounts => "realistic amounts",
        ExpPriceOrTotal => "a price or a total",
        ExpTotal => "{total} (quantity × price), within rounding",
        ExpEarlierRate => "{rate}, as in an earlier rate file",
        ExpFeeBelow => "a fee below {quantity} {asset}",
        ExpBybitHeader => {
            "a Bybit spot trade history header: Spot Pairs, Direction, Filled Value, Filled Price, Filled Quantity, Fees, Transaction ID, Timestamp (UTC)"
        }
        ExpBybitDateTime => "a time and date such as 14:35 2024-11-16 or 2024-11-16 14:35:02",
        ExpPair => {
            "a pair such as BTCUSDT or BTC/USDT, quoted in an asset Salyq knows (USDT, USDC, BTC, ETH, EUR, ...)"
        }
        ExpAmountIn => "an amount in {asset}",
        ExpFreedomReport => "a Freedom Finance broker report saved as JSON (Broker report → json)",
        ExpHeaderLike => "a header such as {header}",
        ExpClosestFormat => {
            "the header of a known format: the closest is {format} ({header}); this file lacks its columns {missing}"
        }
        ExpAmountWithAsset => "a number followed by its asset, such as 0.001BNB",
        ExpNumber => "a number with \".\" as the decimal point",
        ExpNotPositive => "a number of 0 or less (an amount leaving the account)",
        ExpOneTradePerGroup => {
            "one coin received and one coin given per time and account, with fees in one coin; for such trades import the spot trade history instead"
        }
        ExpOneOf => "one of {values}",
        ExpDateFormat => "a date written as {format}",
        ExpBankXml => {
            "the National Bank's rates XML (<rates><date>dd.mm.yyyy</date><item>…</item></rates>) or its RSS"
        }
        ExpBankDate => "a date such as 31.07.2026",
        ExpPriceAsset => {
            "the asset at the end of the file name (…_coinmarketcap_BTC.csv, btc-usd-max.csv: rename the file), or chosen with --price-asset FILE=CODE"
        }
        ProblemBlankOnly => "the file holds no rows: its {n} bytes are only blank lines and spaces",
        ProblemQuoteNotClosed => {
            "the quote that opens this cell is never closed, so the rest of the file would be read as this one cell"
        }
        ProblemQuoteRunsOn => {
            "the quote that opens this cell is not closed on its line: the cell runs on to line {line}, which looks like a row of its own"
        }
        ProblemExtraFields => {
            "the row has {found} fields, more than the {header} of the header (line {line})"
        }
        ProblemMissingFields => {
            "the row has {found} fields, fewer than the {header} of the header (line {line})"
        }
        ProblemIdConflict => {
            "trade id \"{id}\" of {venue} is also on line {line} of {file}, for a different trade"
        }
        ProblemNotCsv => "this is {kind}, not a CSV text file",
        KindExcelWorkbook => "an Excel workbook (.xlsx)",
        KindOldExcelWorkbook => "an Excel 97-2003 workbook (.xls) or another old Office file",
        KindOpenDocument => "an OpenDocument spreadsheet (.ods)",
        KindZip => "a ZIP archive",
        KindUtf16 => "UTF-16 text (as Excel's \"Unicode Text\" saves)",
        KindPdf => "a PDF document",
        KindBinary => "binary data",
        ExpUtf8NotCodePage => {
            "UTF-8 text; the file seems saved in another encoding (such as Windows-1251, as Excel's plain \"CSV\" is in a Russian locale): save it again as \"CSV UTF-8 (Comma delimited)\""
        }
        ExpClosedQuote => {
            "a closing quote (\") before the end of the cell: close the quote at this place in the file, or export the file again from its source"
        }
        ExpExtraFields => {
            "as many fields as the header: a value that holds the delimiter must be in quotes (\"1,5\"); correct the row or export the file again"
        }
        ExpMissingFields => {
            "as many fields as the header: the row looks cut short (an interrupted download or copy?); take the whole file again from its source"
        }
        ExpDistinctIds => {
            "each id once per venue: if both rows are real trades, give one of them another id or leave its id empty; if one is a mistake, remove it"
        }
        ExpCsvFromWorkbook => {
            "a CSV file: open it in Excel or LibreOffice and save it as \"CSV UTF-8 (Comma delimited)\", then import that file"
        }
        ExpCsvFromZip => "a CSV file: unpack the archive and import the CSV file inside",
        ExpCsvFromUtf16 => {
            "UTF-8 text: open it in Excel and save it as \"CSV UTF-8 (Comma delimited)\", or convert it to UTF-8 in a text editor"
        }
        ExpCsvFromPdf => {
            "a CSV export: download the trade history as CSV from the exchange or broker (Salyq does not read PDF reports)"
        }
        ExpCsvFromBinary => "a CSV text file exported from the exchange or broker",
        ExpPositiveNumberComma => {
            "a number greater than 0 such as 1 234,56 (this file's numbers are read as Excel writes them in a Russian locale: \",\" is the decimal point and spaces group thousands)"
        }
        ExpNonNegativeNumberComma => {
            "a number of 0 or more such as 1 234,56 (this file's numbers are read as Excel writes them in a Russian locale: \",\" is the decimal point and spaces group thousands)"
        }
        ExpNumberComma => {
            "a number such as -1 234,56 (this file's numbers are read as Excel writes them in a Russian locale: \",\" is the decimal point and spaces group thousands)"
        }
        ExpMapping => "a column mapping as described in docs/formats.md (\"Column mappings\")",
        AboutText => {
            "Salyq computes Kazakhstan property income and its tax from your trade history: each sale matched to the purchases it came from, valued in tenge at the official rate, summed per tax year under that year's rules."
        }
        Version => "Version",
        BuildDate => "Built on",
        SampleDisclaimer => "The bundled sample is made up: its rates and prices are not official figures.",
    }
}

fn ru(key: Key) -> &'static str {
    use Key::*;
    match key {
        AppTitle => "Salyq — налог на имущественный доход",
        File => "Файл",
        ImportTrades => "Импорт сделок…",
        ImportRates => "Импорт курсов…",
        ImportPrices => "Импорт цен…",
        RecentFiles => "Недавние файлы",
        NoRecentFiles => "Недавних файлов нет",
        ExportDisposals => "Экспорт выбытий…",
        ExportSummary => "Экспорт годовой сводки…",
        LoadSample => "Загрузить пример",
        ClearAll => "Очистить всё",
        Quit => "Выход",
        Edit => "Правка",
        Undo => "Отменить",
        Redo => "Повторить",
        Language => "Язык",
        Help => "Справка",
        About => "О программе Salyq",
        TabTrades => "Сделки",
        TabDisposals => "Выбытия",
        TabSummary => "Сводка",
        TabWarnings => "Предупреждения",
        TabSettings => "Настройки",
        TabForms => "Декларация",
        TabCompliance => "Обязательства",
        WelcomeTitle => "Добро пожаловать в Salyq",
        WelcomeText => {
            "Salyq рассчитывает имущественный доход и налог по вашим сделкам для декларации в Казахстане. Загружен вымышленный пример, чтобы было что посмотреть: на вкладке «Сводка» — его налог по годам. Импортируйте свои файлы через Файл → Импорт сделок… или перетащите CSV-файлы в окно; они заменят пример."
        }
        Close => "Закрыть",
        TradesLoaded => "сделок: {n}",
        SampleInUse => "пример (вымышленные данные)",
        Computing => "Расчёт…",
        Importing => "Импорт",
        ImportFile => "файл {i} из {n}: {name}",
        Cancel => "Отмена",
        ImportDone => "Импортировано сделок: {n}",
        ImportCancelled => "Импорт отменён: ничего не изменилось",
        SampleReplaced => "Пример заменён вашими файлами",
        ExportDone => "Записан файл {path}",
        ExportFailed => "Не удалось записать {path}: {error}",
        NothingToExport => "Экспортировать нечего: расчёта ещё нет",
        DropHere => "Отпустите CSV-файлы, чтобы импортировать их",
        NothingUndo => "Отменять нечего",
        Problems => "Ошибки",
        ImportProblems => "Ошибок: {n}. Эти файлы не импортированы (остальные импортированы)",
        ComputeProblems => "Ошибок: {n}. Рассчитать показатели нельзя",
        CopyAll => "Копировать всё",
        MapColumns => "Сопоставить столбцы…",
        MapTitle => "Сопоставление столбцов: {file}",
        MapFirstRows => "Заголовок и первые строки файла",
        MapColumnsHeading => "Какой столбец что содержит",
        MapNone => "—",
        MapName => "Название сопоставления",
        MapDate => "Дата",
        MapDateFormat => "Формат даты (напр. %d.%m.%Y %H:%M; пусто: ISO)",
        MapSide => "Направление (покупка/продажа)",
        MapBuyWords => "Слова для покупки (через запятую)",
        MapSellWords => "Слова для продажи (через запятую)",
        MapSignedQuantity => "Количество со знаком (минус = продажа)",
        MapAsset => "Актив",
        MapCurrency => "Валюта",
        MapPair => "Пара (вместо актива и валюты)",
        MapQuantity => "Количество",
        MapPrice => "Цена",
        MapTotal => "Сумма",
        MapFee => "Комиссия",
        MapFeeAsset => "Валюта комиссии",
        MapId => "Номер сделки",
        MapVenueColumn => "Столбец площадки",
        MapVenueName => "Или одна площадка для всех",
        MapKind => "Вид",
        MapDecimalComma => "Десятичная запятая (0,5)",
        MapSuffixed => "К числам приписан актив (0.5BTC, 100 USDT)",
        MapNegateFee => "Комиссии записаны со знаком минус (−1,50 — комиссия 1,50)",
        MapPreview => "Предпросмотр",
        MapPreviewTrades => "Прочитано сделок: {n}; первые:",
        MapSaveImport => "Сохранить и импортировать",
        MapCannotRead => "Файл не читается: {detail}",
        Copied => "Скопировано",
        Found => "найдено",
        Expected => "ожидалось:",
        All => "Все",
        Source => "Источник",
        Date => "Дата",
        Side => "Сторона",
        Asset => "Актив",
        Quantity => "Количество",
        Total => "Сумма",
        Currency => "Валюта",
        Fee => "Комиссия",
        Venue => "Площадка",
        Id => "Номер",
        Kind => "Вид",
        Note => "Примечание",
        ValueKzt => "Стоимость, тенге",
        Buy => "покупка",
        Sell => "продажа",
        Crypto => "криптоактивы",
        Security => "ценные бумаги",
        Other => "прочее",
        Year => "Год",
        Yes => "да",
        No => "нет",
        NoFigures => "Расчёта пока нет: исправьте ошибки, показанные ниже, или импортируйте сделки.",
        Filter => "Фильтр",
        FilterHint => "актив, площадка, номер, примечание или файл",
        ClearFilters => "Сбросить фильтры",
        ShowingTrades => "{shown} из {total} сделок",
        ImportReport => "Что прочитано из каждого файла",
        ImportReportLine => "{file}: {format}; строк: {rows}, сделок: {trades}",
        ImportReportSkipped => "пропущено (не сделки): {list}",
        ImportReportDuplicates => "отброшено дубликатов: {count}",
        Role => "Что",
        Sold => "продано",
        Spent => "потрачено",
        FeeRole => "комиссия",
        Proceeds => "Выручка",
        Cost => "Стоимость приобретения",
        Gain => "Прирост",
        Uncovered => "Без покупки",
        Trade => "Сделка",
        LotsOf => "Партии, израсходованные сделкой {trade} ({source})",
        SelectDisposal => "Выберите выбытие, чтобы увидеть израсходованные партии: путь назад к покупкам.",
        Acquired => "Приобретено",
        ShowTrade => "Показать сделку",
        DisposalCount => "выбытий: {n}",
        TaxYear => "Налоговый год",
        AllYears => "Все годы",
        Disposals => "Выбытия",
        Gains => "Прибыль",
        Losses => "Убытки",
        Net => "Итог",
        NetResult => "итог",
        Income => "доход",
        PropertyIncome => "Имущественный доход",
        OtherIncome => "Прочий годовой доход",
        Tax => "Налог",
        Form => "Форма декларации",
        DueBy => "подать до",
        PayBy => "уплатить до",
        RulesUsed => "Правила, применённые за {year}",
        Rule => "Правило",
        Value => "Значение",
        Reference => "Основание",
        Confidence => "Достоверность",
        ConfL => "L: закон",
        ConfO => "O: официальное разъяснение",
        ConfS => "S: вторичный источник",
        Unconfirmed => "U: не подтверждено — это настройка",
        ChangedByYou => "изменено вами",
        Assumptions => "Допущения расчёта",
        GainByMonth => "Реализованный прирост по месяцам, тенге",
        GainByAsset => "Реализованный прирост по активам, тенге",
        BorrowedRules => "Правила за {year} неизвестны: применены правила {from} года",
        TaxRate => "Ставка налога",
        Netting => "Сальдирование",
        PerSale => "по каждой продаже",
        NetYear => "итог за год",
        FxRule => "Официальный курс",
        PreviousBusinessDay => "предыдущего рабочего дня",
        AnnualAverage => "среднегодовой",
        Fees => "Комиссии",
        FeesInclude => "включаются в расходы",
        FeesExclude => "не учитываются",
        CryptoTaxable => "Прирост по криптоактивам облагается",
        Method => "Метод сопоставления: декларируется ФИФО, другой — как «что если»",
        MethodNote => {
            "Декларируемые суммы (формы и налог) всегда по ФИФО — методу закона для ценных бумаг (ст. 387 п. 5–6 НК\u{a0}2025\u{a0}г.) и цифровых активов. Другой метод добавляет рядом свои суммы как сравнение «что если»; в формы они не попадают."
        }
        Fifo => "ФИФО (первым пришёл — первым ушёл)",
        Lifo => "ЛИФО (последним пришёл — первым ушёл)",
        Hifo => "ХИФО (сначала самые дорогие)",
        Average => "Средняя стоимость",
        TimeZone => "Часовой пояс налоговых дат (смещение от UTC)",
        TimeZoneHint => "+05:00 — время Казахстана; нажмите Enter, чтобы применить",
        BadTimeZone => "это не смещение: ожидается, например, +05:00 или +06:00",
        StablecoinsAtPar => "Стейблкоины по номиналу (1 USDT = 1 USD)",
        StablecoinsNote => "Если выключено, стейблкоины оцениваются по таблице цен.",
        RulesPerYear => "Правила по налоговым годам",
        OtherIncomeFor => "Прочий годовой доход за {year}, тенге",
        OtherIncomeNote => "Нужен только для прогрессивной шкалы; нажмите Enter, чтобы применить.",
        BadAmount => "это не сумма: ожидается число 0 или больше",
        ResetRules => "Вернуть все правила из встроенной таблицы",
        UndoHint => "Любое изменение здесь можно отменить: Ctrl+Z (Правка → Отменить).",
        WarningCount => "предупреждений: {n}",
        WarningsHint => {
            "Щёлкните предупреждение, чтобы проверить его: принять с причиной или устранить причину."
        }
        AssumptionsInForce => "Действующие допущения",
        MissingPurchase => "нет покупки",
        StalePrice => "устаревшая цена",
        Duplicate => "дубликат",
        FiatExchange => "обмен валют",
        NoRulesForYear => "нет правил за год",
        NotImported => "не импортировано",
        BrokerFifoDiffers => "расхождение с ФИФО брокера",
        TaxHavenZeroCost => "НУЛЕВАЯ СТОИМОСТЬ (льготное государство)",
        WarnTaxHavenVenue => {
            "НУЛЕВАЯ СТОИМОСТЬ: площадка «{venue}» отмечена как источник в государстве с льготным налогообложением (ст. 387 п. 7 — ценные бумаги, ст. 389 п. 5 — цифровые активы НК\u{a0}2025\u{a0}г.): приобретений по нулевой стоимости: {n} вместо {cost}, прирост при их продаже больше на эту сумму; список таких государств не поставляется [U]: снимите отметку, если источник не такой"
        }
        WarnTaxHavenAsset => {
            "НУЛЕВАЯ СТОИМОСТЬ: актив {asset} отмечен как полученный из источника в государстве с льготным налогообложением (ст. 387 п. 7 — ценные бумаги, ст. 389 п. 5 — цифровые активы НК\u{a0}2025\u{a0}г.): приобретений по нулевой стоимости: {n} вместо {cost}, прирост при их продаже больше на эту сумму; список таких государств не поставляется [U]: снимите отметку, если источник не такой"
        }
        WhatIfTax => "Налог при {method} (не декларируется)",
        WhatIfNote => "{tax} ({diff} к ФИФО)",
        StatusDeclared => "Декларируется: ФИФО",
        StatusWhatIf => "что если: {method}",
        TaxHavens => "Источники в льготных государствах: нулевая стоимость",
        TaxHavenVenue => "льготное государство: нулевая стоимость",
        TaxHavenNote => {
            "Ст. 387 п. 7 и ст. 389 п. 5 НК\u{a0}2025\u{a0}г.: ценные бумаги, зарегистрированные в государстве с льготным налогообложением, и цифровые активы, полученные из источников там, имеют нулевую стоимость приобретения [L]. Salyq не поставляет список таких государств и площадок [U]: отмечайте только площадку или актив, о которых вы знаете, что это такой источник."
        }
        TaxHavenOn => {
            "НУЛЕВАЯ СТОИМОСТЬ ВКЛЮЧЕНА для {list}: каждое приобретение там стоит 0, прирост больше на его стоимость"
        }
        TaxHavenAssets => "Отмеченные активы:",
        TaxHavenAddAsset => "Отметить актив",
        TaxHavenAssetHint => "код актива, например ABC",
        TaxHavenRemove => "снять {name}",
        TimeZoneAssumed => "часовой пояс не указан",
        Message => "Сообщение",
        WarnMissingPurchase => {
            "{date} выбыло {quantity} {asset}, а было только {held}: недостающие {uncovered} {asset} учтены по нулевой стоимости; импортируйте или внесите покупки"
        }
        WarnStalePrice => "нет цены {asset} на {date}: взята цена на {used}",
        WarnDuplicate => {
            "сделка {id} на площадке {venue} встречается дважды (впервые — {first}): эта копия отброшена"
        }
        WarnFiatExchange => "обмен {asset} на {currency}: обе стороны — деньги, налогового события нет",
        WarnNoRules => {
            "В Salyq нет правил за {year} налоговый год: применены правила {from} года; МРП на {year} год в своде правил нет (в изученных источниках не опубликован), поэтому для порога 8\u{202f}500 МРП и базового вычета взят МРП {from} года ({mci}): проверьте расчёт, когда МРП на {year} год будет опубликован"
        }
        WarnNotImported => {
            "пока не поддерживается: {what} по {asset} от {date}{amount}{tax}; запись не импортирована — проверьте её вручную"
        }
        WarnNotImportedAmount => ", сумма {amount}",
        WarnNotImportedTax => ", налог {tax}",
        WarnBrokerFifo => {
            "продажа {id} ({asset}) от {date}: прибыль ФИФО по данным брокера — {broker} {currency}, по расчёту Salyq — {ours} {currency} ({ours_kzt}): проверьте покупки, переводы и корпоративные действия"
        }
        AssumeBorrowed => {
            "Правила за {year} год неизвестны: применены правила {from} года, включая МРП (МРП на {year} год в своде правил пока нет)"
        }
        WarnTimeZone => {
            "в файле {file} не указан часовой пояс (ни в заголовке, ни в имени файла, как пишет Binance: «…(UTC+5).csv»): время прочитано как UTC; если выгрузка сделана в другом поясе, укажите его: --tz-of \"{file}=+05:00\" (пояс, выбранный при выгрузке)"
        }
        AssumeMethod => "Метод сопоставления: {method}",
        AssumeFifo => {
            "ФИФО (первым пришёл — первым ушёл): декларируемые суммы; метод закона для ценных бумаг (ст. 387 п. 5–6 НК\u{a0}2025\u{a0}г.) и цифровых активов"
        }
        AssumeForComparison => {
            "{method} — только сравнение «что если», не декларируется; метод закона — ФИФО"
        }
        AssumeExemptionRule => "Освобождение «{reason}» — {reference}",
        AssumeTaxDate => "Налоговая дата: календарная дата по UTC{tz}",
        AssumeStablecoinsPar => "Стейблкоины ({list}) оцениваются в 1 USD",
        AssumeStablecoinsPrices => "Стейблкоины оцениваются по таблице цен (не по номиналу)",
        AssumeFxRule => "Официальный курс: {rule} — {reference}",
        AssumeFees => "Комиссии: {rule} — {reference}",
        AssumeNetting => {
            "Сальдирование (криптоактивы / ценные бумаги / прочее): {crypto} / {security} / {other} — {reference}"
        }
        AssumeCryptoTaxable => "Прирост по криптоактивам облагается в {year} году: {answer} — {reference}",
        AssumeTaxRate => "Ставка налога: {scale} (1 МРП = {mci} ₸) — {reference}",
        AssumeRateAbove => "{rate}% свыше {from} МРП",
        AssumeOtherIncome => {
            "Прочий годовой доход, учтённый для шкалы: {amount} (введён вами; как он суммируется с задекларированным приростом, не подтверждено)"
        }
        AssumeExemptions => {
            "Освобождённые продажи (открытые торги KASE, AIX, государственные ценные бумаги…) декларируются как доход и исключаются корректировками (E_1, E_4); каждая такая продажа учитывается отдельно, убытки не учитываются и не сальдируются с облагаемыми продажами [U: не подтверждено]"
        }
        AssumeVenues => {
            "Прирост разделён на полученный в Казахстане и за рубежом по площадке: площадки с лицензией МФЦА (список на {as_of}) — Казахстан, прочие — {unknown} [U: не подтверждено — это настройка]"
        }
        AssumePriceBasis => {
            "Цена дня в выгрузке CoinMarketCap: {basis} [U: не подтверждено — налоговый орган называет средневзвешенную цену дня, которой в выгрузке нет; это настройка]"
        }
        PriceBasisLabel => "Цена дня в выгрузках CoinMarketCap [U]",
        PriceBasisClose => "цена закрытия",
        PriceBasisOpen => "цена открытия",
        PriceBasisHigh => "максимум",
        PriceBasisLow => "минимум",
        PriceBasisMean => "среднее открытия, максимума, минимума и закрытия",
        PriceBasisNote => {
            "Не подтверждено: налоговый орган называет средневзвешенную цену дня, которой нет в выгрузках CoinMarketCap. В таблицах цен и выгрузках CoinGecko одна цена в день."
        }
        CountryKazakhstan => "Казахстан",
        CountryAbroad => "за рубежом",
        VenueCountries => "Где учитываются продажи на каждой площадке",
        VenueNotListed => "(нет в списке площадок с лицензией МФЦА)",
        VenueListNote => {
            "Площадки с лицензией МФЦА считаются казахстанскими (список на {as_of}, по открытым источникам) [U: не подтверждено — это настройка]; разделение определяет строки декларации о приросте в Казахстане и за рубежом, но не сумму налога."
        }
        IncomeInKazakhstan => "  в т. ч. в Казахстане (A_1_1)",
        IncomeAbroad => "  в т. ч. за рубежом (A_1_2)",
        ProblemEmpty => "файл пуст",
        ProblemHeaderNotUtf8 => "заголовок не в кодировке UTF-8",
        ProblemCellNotUtf8 => "текст ячейки не в кодировке UTF-8",
        ProblemCellTooLong => "ячейка слишком длинная",
        ProblemRowTooLong => "строка слишком длинная",
        ProblemFileTooLarge => "файл больше {n} байт",
        ProblemMissingValue => "значение не указано",
        ProblemMissingColumn => "в заголовке нет обязательного столбца \"{column}\"",
        ProblemCsvUnreadable => "не удаётся разобрать CSV: {detail}",
        ProblemReadFailed => "не удалось прочитать файл: {detail}",
        ProblemCannotOpen => "не удаётся открыть файл: {detail}",
        ProblemCancelled => "импорт отменён",
        ProblemFormat => "формат файла не распознан",
        ProblemMoreErrors => "ещё ошибок, не вошедших в список: {n}",
        ProblemBadDate => "неверная дата",
        ProblemUnknownSide => "неизвестная сторона сделки",
        ProblemUnknownKind => "неизвестный вид имущества",
        ProblemNotACode => "это не код актива или валюты",
        ProblemNotAnAssetCode => "это не код актива",
        ProblemNotACurrencyCode => "это не код валюты",
        ProblemNotFiat => "это не фиатная валюта",
        ProblemNotANumber => "это не число",
        ProblemNotAPrice => "это не цена",
        ProblemNotARate => "это не курс",
        ProblemNotAQuant => "это не количество единиц",
        ProblemNegative => "отрицательное число",
        ProblemZeroQuantity => "нулевое количество",
        ProblemTooLarge => "слишком большое число",
        ProblemProductTooLarge => "количество × цена — слишком большое число",
        ProblemNoPriceOrTotal => "не указаны ни цена, ни сумма",
        ProblemTotalMismatch => "сумма не равна произведению количество × цена",
        ProblemRateTwice => "курс {currency} на {date} указан дважды (впервые в строке {line})",
        ProblemRateConflict => "курс {currency} на {date} указан дважды с разными значениями",
        ProblemAnnualRateConflict => {
            "среднегодовой курс {currency} за {year} год указан дважды с разными значениями"
        }
        ProblemFeeNotBelow => "комиссия не меньше полученного количества",
        ProblemUnknownPair => "пару не удаётся разделить на два кода",
        ProblemWrongUnit => "сумма указана не в той единице",
        ProblemJsonUnreadable => "не удаётся разобрать JSON: {detail}",
        ProblemBadMapping => "сопоставление столбцов нельзя использовать: {detail}",
        ProblemWrongSign => "знак не соответствует операции",
        ProblemXmlUnreadable => "не удаётся разобрать XML: {detail}",
        ProblemPriceAssetUnknown => "в файле не сказано, к какому активу относятся цены",
        ProblemUnpairedTradeRows => {
            "строки сделки с этим временем и счётом (строки {lines}) не складываются в одну сделку"
        }
        ProblemCannotValue => "не удаётся оценить сделку в тенге{more}: {gap}",
        ProblemOneMoreTrade => " (и ещё одну сделку)",
        ProblemMoreTrades => " (и ещё сделки: {n})",
        GapNoRate => "нет официального курса {currency}: нужен {wanted} (правило курса: {rule})",
        GapDailyRate => "дневной курс, опубликованный до {date} (не более чем за {days} дней до неё)",
        GapAnnualRate => "среднегодовой курс за {year} год (строка с датой {year})",
        GapNoPrice => {
            "ни {asset}, ни {currency} не фиатные валюты, а в таблице цен нет цены ни одного из них на {date} (добавьте строку date,asset,price,currency в файл цен)"
        }
        GapNoFeePrice => "комиссия уплачена в {asset}, а цены {asset} на {date} нет (добавьте её в файл цен)",
        GapTooLarge => "{a} × {b} — больше 10^20 тенге: проверьте суммы",
        ExpHeaderRow => "строка заголовка",
        ExpUtf8 => "файл в кодировке UTF-8 (сохраните его как «CSV UTF-8»)",
        ExpShortCell => "не более {n} байт",
        ExpShortRow => "строка не длиннее {n} байт (не осталась ли незакрытая кавычка?)",
        ExpSmallerFile => "файл не больше {n} байт",
        ExpTradeHeader => {
            "заголовок со столбцами date, side, asset, quantity, price или total, currency (см. docs/formats.md)"
        }
        ExpPriceOrTotalColumn => "столбец \"price\" или \"total\"",
        ExpRateHeader => "заголовок date,currency,rate[,quant]",
        ExpPriceHeader => "заголовок date,asset,price[,currency]",
        ExpKnownFormat => {
            "столбцы общего формата сделок (date, side, asset, quantity, price или total, currency), таблица курсов (date,currency,rate) или таблица цен (date,asset,price); см. docs/formats.md"
        }
        ExpDateTime => {
            "дата ISO 8601, например 2025-03-07, 2025-03-07T10:38:36Z или 2025-03-07 10:38:36+05:00"
        }
        ExpDate => "дата вида 2025-03-07",
        ExpRateDate => "дата вида 2024-03-05 или год вида 2025 для среднегодового курса",
        ExpBuyOrSell => "buy или sell",
        ExpKindName => "crypto, security или other",
        ExpCode => "код из букв и цифр, например BTC, USDT или KZT",
        ExpAssetCode => "код, например BNB",
        ExpCurrencyCode => "код, например USD",
        ExpFiatCurrency => "фиатная валюта, например USD или KZT",
        ExpPositiveNumber => "число больше 0 с точкой «.» в качестве десятичного разделителя",
        ExpNonNegativeNumber => "число 0 или больше с точкой «.» в качестве десятичного разделителя",
        ExpAtMostMax => "не более 1000000000000000 (10^15)",
        ExpPrice => "число 0 или больше (не более 10^15)",
        ExpRate => "число больше 0 (не более 10^15)",
        ExpQuant => "число больше 0, например 1 или 100",
        ExpRealisticAmounts => "реалистичные суммы",
        ExpPriceOrTotal => "цена или сумма",
        ExpTotal => "{total} (количество × цена) с точностью до округления",
        ExpEarlierRate => "{rate}, как в ранее загруженном файле курсов",
        ExpFeeBelow => "комиссия меньше {quantity} {asset}",
        ExpBybitHeader => {
            "заголовок истории спотовых сделок Bybit: Spot Pairs, Direction, Filled Value, Filled Price, Filled Quantity, Fees, Transaction ID, Timestamp (UTC)"
        }
        ExpBybitDateTime => "время и дата, например 14:35 2024-11-16 или 2024-11-16 14:35:02",
        ExpPair => {
            "пара вида BTCUSDT или BTC/USDT с котируемым активом, который знает Salyq (USDT, USDC, BTC, ETH, EUR, ...)"
        }
        ExpAmountIn => "сумма в {asset}",
        ExpFreedomReport => "брокерский отчёт Freedom Finance в формате JSON (Брокерский отчёт → json)",
        ExpHeaderLike => "заголовок вида {header}",
        ExpClosestFormat => {
            "заголовок известного формата: ближе всего {format} ({header}); в файле нет его столбцов {missing}"
        }
        ExpAmountWithAsset => "число и актив сразу после него, например 0.001BNB",
        ExpNumber => "число с точкой «.» в качестве десятичного разделителя",
        ExpNotPositive => "число 0 или меньше (сумма, списанная со счёта)",
        ExpOneTradePerGroup => {
            "один полученный и один отданный актив на каждое время и счёт, комиссия в одном активе; для таких сделок импортируйте историю спотовых сделок"
        }
        ExpOneOf => "одно из значений: {values}",
        ExpDateFormat => "дата в виде {format}",
        ExpBankXml => {
            "XML курсов Национального банка (<rates><date>дд.мм.гггг</date><item>…</item></rates>) или его RSS"
        }
        ExpBankDate => "дата вида 31.07.2026",
        ExpPriceAsset => {
            "актив в конце имени файла (…_coinmarketcap_BTC.csv, btc-usd-max.csv: переименуйте файл) или выбранный через --price-asset ФАЙЛ=КОД"
        }
        ProblemBlankOnly => "в файле нет строк: все его байты ({n}) — пустые строки и пробелы",
        ProblemQuoteNotClosed => {
            "кавычка, открывающая эту ячейку, нигде не закрыта, и весь остаток файла был бы прочитан как одна ячейка"
        }
        ProblemQuoteRunsOn => {
            "кавычка, открывающая эту ячейку, не закрыта в своей строке: ячейка продолжается до строки {line}, которая похожа на отдельную строку таблицы"
        }
        ProblemExtraFields => "в строке {found} полей — больше, чем {header} в заголовке (строка {line})",
        ProblemMissingFields => "в строке {found} полей — меньше, чем {header} в заголовке (строка {line})",
        ProblemIdConflict => {
            "номер сделки «{id}» площадки {venue} есть и в строке {line} файла {file}, у другой сделки"
        }
        ProblemNotCsv => "это {kind}, а не текстовый файл CSV",
        KindExcelWorkbook => "книга Excel (.xlsx)",
        KindOldExcelWorkbook => "книга Excel 97-2003 (.xls) или другой старый файл Office",
        KindOpenDocument => "таблица OpenDocument (.ods)",
        KindZip => "архив ZIP",
        KindUtf16 => "текст в UTF-16 (так Excel сохраняет «Текст Юникод»)",
        KindPdf => "документ PDF",
        KindBinary => "двоичные данные",
        ExpUtf8NotCodePage => {
            "текст в UTF-8; файл, видимо, сохранён в другой кодировке (например, Windows-1251, как Excel сохраняет простой «CSV» в русской локали): сохраните его заново как «CSV UTF-8 (разделитель — запятая)»"
        }
        ExpClosedQuote => {
            "закрывающая кавычка (\") до конца ячейки: закройте кавычку в этом месте файла или выгрузите файл заново"
        }
        ExpExtraFields => {
            "столько же полей, сколько в заголовке: значение с разделителем внутри должно быть в кавычках («\"1,5\"»); исправьте строку или выгрузите файл заново"
        }
        ExpMissingFields => {
            "столько же полей, сколько в заголовке: строка, похоже, обрезана (прерванная загрузка или копирование?); возьмите файл целиком заново"
        }
        ExpDistinctIds => {
            "каждый номер один раз на площадку: если обе строки — настоящие сделки, дайте одной другой номер или оставьте его пустым; если одна ошибочна, удалите её"
        }
        ExpCsvFromWorkbook => {
            "файл CSV: откройте его в Excel или LibreOffice, сохраните как «CSV UTF-8 (разделитель — запятая)» и импортируйте этот файл"
        }
        ExpCsvFromZip => "файл CSV: распакуйте архив и импортируйте файл CSV из него",
        ExpCsvFromUtf16 => {
            "текст в UTF-8: откройте файл в Excel и сохраните как «CSV UTF-8 (разделитель — запятая)» или перекодируйте его в UTF-8 в текстовом редакторе"
        }
        ExpCsvFromPdf => {
            "выгрузка в CSV: скачайте историю сделок в формате CSV у биржи или брокера (Salyq не читает отчёты PDF)"
        }
        ExpCsvFromBinary => "текстовый файл CSV, выгруженный у биржи или брокера",
        ExpPositiveNumberComma => {
            "число больше 0, например 1 234,56 (числа этого файла читаются так, как их пишет Excel в русской локали: «,» — десятичный знак, пробелы разделяют разряды)"
        }
        ExpNonNegativeNumberComma => {
            "число 0 или больше, например 1 234,56 (числа этого файла читаются так, как их пишет Excel в русской локали: «,» — десятичный знак, пробелы разделяют разряды)"
        }
        ExpNumberComma => {
            "число, например -1 234,56 (числа этого файла читаются так, как их пишет Excel в русской локали: «,» — десятичный знак, пробелы разделяют разряды)"
        }
        ExpMapping => "файл сопоставления столбцов, как описано в docs/formats.md («Column mappings»)",
        AboutText => {
            "Salyq рассчитывает имущественный доход и налог по истории ваших сделок в Казахстане: каждая продажа сопоставляется с покупками, из которых она сделана, оценивается в тенге по официальному курсу и суммируется по налоговым годам по правилам своего года."
        }
        Version => "Версия",
        BuildDate => "Дата сборки",
        SampleDisclaimer => "Встроенный пример вымышлен: его курсы и цены не являются официальными.",
    }
}

fn kk(key: Key) -> Option<&'static str> {
    use Key::*;
    Some(match key {
        AppTitle => "Salyq — мүліктік табыс салығы",
        File => "Файл",
        ImportTrades => "Мәмілелерді импорттау…",
        ImportRates => "Ресми бағамдарды импорттау…",
        ImportPrices => "Бағаларды импорттау…",
        RecentFiles => "Соңғы файлдар",
        LoadSample => "Үлгіні жүктеу",
        ClearAll => "Барлығын тазарту",
        Quit => "Шығу",
        Edit => "Түзету",
        Undo => "Болдырмау",
        Redo => "Қайталау",
        Language => "Тіл",
        Help => "Анықтама",
        About => "Salyq туралы",
        TabTrades => "Мәмілелер",
        TabDisposals => "Шығулар",
        TabSummary => "Қорытынды",
        TabWarnings => "Ескертулер",
        TabSettings => "Баптаулар",
        TabForms => "Декларация",
        WelcomeTitle => "Salyq-қа қош келдіңіз",
        WelcomeText => {
            "Salyq Қазақстандағы декларация үшін сіздің мәмілелеріңіз бойынша мүліктік табысты және салықты есептейді. Қарап шығу үшін ойдан құрастырылған үлгі жүктелді: «Қорытынды» қойындысында оның жылдық салығы көрсетілген. Өз файлдарыңызды Файл → Мәмілелерді импорттау… арқылы импорттаңыз немесе CSV файлдарын осы терезеге сүйреп әкеліңіз; олар үлгіні ауыстырады."
        }
        Close => "Жабу",
        Cancel => "Болдырмау",
        Tax => "Салық",
        TaxYear => "Салық жылы",
        AllYears => "Барлық жылдар",
        PropertyIncome => "Мүліктік табыс",
        Version => "Нұсқа",
        BuildDate => "Жинақталған күні",
        TaxHavenZeroCost => "НӨЛДІК ҚҰН (жеңілдікті мемлекет)",
        StatusDeclared => "Декларацияланады: ФИФО",
        StatusWhatIf => "салыстыру: {method}",
        WhatIfTax => "{method} бойынша салық (декларацияланбайды)",
        TaxHavens => "Жеңілдікті салық салынатын мемлекеттердегі көздер: нөлдік құн",
        TaxHavenVenue => "жеңілдікті мемлекет: нөлдік құн",
        TaxHavenOn => "НӨЛДІК ҚҰН ҚОСУЛЫ: {list} — ондағы әрбір сатып алу 0 тұрады",
        TaxHavenAssets => "Белгіленген активтер:",
        TaxHavenAddAsset => "Активті белгілеу",
        TaxHavenRemove => "{name} алып тастау",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(Lang::En.f(Key::TradesLoaded, &[("n", "36")]), "36 trades");
        assert_eq!(Lang::Ru.f(Key::TradesLoaded, &[("n", "36")]), "сделок: 36");
    }

    #[test]
    fn kazakh_has_the_welcome_and_falls_back_to_russian() {
        assert!(Lang::Kk.t(Key::WelcomeText).contains("Қазақстан"));
        assert_eq!(Lang::Kk.t(Key::Gains), Lang::Ru.t(Key::Gains));
    }
}
