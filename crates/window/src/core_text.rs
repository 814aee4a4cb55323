//! The core library's texts in the window's language: warnings, the assumptions of a year, rule
//! references and input problems. The core keeps its English words (the command line's and the
//! JSON report's) and, next to them, the facts they state; this module words those facts
//! through the translation table. Values from the user's files (codes, cells, file names, dates)
//! are shown as they are; amounts the calculation produced are written the language's way.

use super::fmt;
use super::i18n::{Lang, Text};
use rust_decimal::Decimal;
use salyq_core::error::{Expectation, FileKind, InputError, Problem};
use salyq_core::fiat::USD_STABLECOINS;
use salyq_core::rates::{MAX_RATE_GAP_DAYS, RateWanted};
use salyq_core::rules::{Confidence, FeeRule, FxRule, Netting, Reference};
use salyq_core::settings::Method;
use salyq_core::valuation::ValueGap;
use salyq_core::warning::WarningDetail;
use salyq_core::yearly::Assumption;

/// A warning in words.
pub fn warning(lang: Lang, w: &WarningDetail) -> String {
    match w {
        WarningDetail::MissingPurchase {
            asset,
            date,
            quantity,
            held,
            uncovered,
        } => lang.f(
            Text::WarnMissingPurchase,
            &[
                ("quantity", &fmt::quantity(lang, *quantity)),
                ("asset", asset),
                ("date", &date.to_string()),
                ("held", &fmt::quantity(lang, *held)),
                ("uncovered", &fmt::quantity(lang, *uncovered)),
            ],
        ),
        WarningDetail::StalePrice { asset, date, used } => lang.f(
            Text::WarnStalePrice,
            &[
                ("asset", asset),
                ("date", &date.to_string()),
                ("used", &used.to_string()),
            ],
        ),
        WarningDetail::Duplicate { id, venue, first } => lang.f(
            Text::WarnDuplicate,
            &[("id", id), ("venue", venue), ("first", &first.to_string())],
        ),
        WarningDetail::FiatExchange { asset, currency } => lang.f(
            Text::WarnFiatExchange,
            &[("asset", asset), ("currency", currency)],
        ),
        WarningDetail::NoRulesForYear { year, from, mci } => lang.f(
            Text::WarnNoRules,
            &[
                ("year", &year.to_string()),
                ("from", &from.to_string()),
                ("mci", &fmt::money_whole(lang, *mci)),
            ],
        ),
        WarningDetail::NotImported {
            what,
            asset,
            date,
            amount,
            tax,
        } => {
            let amount = amount.as_deref().map_or_else(String::new, |a| {
                lang.f(Text::WarnNotImportedAmount, &[("amount", a)])
            });
            let tax = tax
                .as_deref()
                .map_or_else(String::new, |t| lang.f(Text::WarnNotImportedTax, &[("tax", t)]));
            lang.f(
                Text::WarnNotImported,
                &[
                    ("what", what),
                    ("asset", asset),
                    ("date", date),
                    ("amount", &amount),
                    ("tax", &tax),
                ],
            )
        }
        WarningDetail::UnknownOrigin { .. }
        | WarningDetail::UnpairedWithdrawal { .. }
        | WarningDetail::BalanceGap { .. }
        | WarningDetail::LedgerNoPrice { .. } => super::ledger_dialogs::warning(lang, w),
        WarningDetail::TaxHavenZeroCost {
            venue,
            asset,
            acquisitions,
            cost,
        } => {
            let (key, name) = match (venue, asset) {
                (Some(v), _) => (Text::WarnTaxHavenVenue, ("venue", v.as_str())),
                (None, a) => (Text::WarnTaxHavenAsset, ("asset", a.as_deref().unwrap_or("?"))),
            };
            lang.f(
                key,
                &[
                    name,
                    ("n", &acquisitions.to_string()),
                    ("cost", &fmt::money(lang, *cost)),
                ],
            )
        }
        WarningDetail::BrokerFifoDiffers {
            id,
            asset,
            date,
            currency,
            broker,
            ours,
            ours_kzt,
        } => lang.f(
            Text::WarnBrokerFifo,
            &[
                ("id", id),
                ("asset", asset),
                ("date", &date.to_string()),
                ("currency", currency),
                ("broker", &fmt::amount(lang, *broker)),
                ("ours", &fmt::amount(lang, *ours)),
                ("ours_kzt", &fmt::money(lang, *ours_kzt)),
            ],
        ),
        WarningDetail::TimeZoneAssumed { file } => lang.f(Text::WarnTimeZone, &[("file", file)]),
    }
}

/// A rule reference's text in `lang`: the language files' text under the reference's `text_id`
/// (Kazakh falling back to Russian), else the table's English.
pub fn reference_text(lang: Lang, r: &Reference) -> &str {
    if lang == Lang::En {
        return &r.text;
    }
    r.text_id
        .as_deref()
        .and_then(|id| lang.data(id))
        .unwrap_or(&r.text)
}

/// A reference with its confidence and whether the user changed the rule:
/// `text [S: secondary source; changed by you]`.
pub fn cite(lang: Lang, r: &Reference) -> String {
    let mut label = confidence_name(lang, r.confidence).to_string();
    if r.set_by_user {
        label.push_str("; ");
        label.push_str(lang.t(Text::ChangedByYou));
    }
    format!("{} [{label}]", reference_text(lang, r))
}

/// One assumption of a year in words.
pub fn assumption(lang: Lang, a: &Assumption) -> String {
    match a {
        Assumption::BorrowedRules { year, from } => lang.f(
            Text::AssumeBorrowed,
            &[("year", &year.to_string()), ("from", &from.to_string())],
        ),
        Assumption::Method(m) => {
            let method = match m {
                Method::Fifo => lang.t(Text::AssumeFifo).to_string(),
                m => lang.f(Text::AssumeForComparison, &[("method", method_name(lang, *m))]),
            };
            lang.f(Text::AssumeMethod, &[("method", &method)])
        }
        Assumption::TaxDate(tz) => lang.f(Text::AssumeTaxDate, &[("tz", &tz.to_string())]),
        Assumption::StablecoinsAtPar(true) => lang.f(
            Text::AssumeStablecoinsPar,
            &[("list", &USD_STABLECOINS.join(", "))],
        ),
        Assumption::StablecoinsAtPar(false) => lang.t(Text::AssumeStablecoinsPrices).to_string(),
        Assumption::FxRule(r) => lang.f(
            Text::AssumeFxRule,
            &[
                ("rule", fx_name(lang, r.value)),
                ("reference", &cite(lang, &r.reference)),
            ],
        ),
        Assumption::Fees(r) => lang.f(
            Text::AssumeFees,
            &[
                ("rule", fee_name(lang, r.value)),
                ("reference", &cite(lang, &r.reference)),
            ],
        ),
        Assumption::Netting(n) => lang.f(
            Text::AssumeNetting,
            &[
                ("crypto", netting_name(lang, n.crypto)),
                ("security", netting_name(lang, n.security)),
                ("other", netting_name(lang, n.other)),
                ("reference", &cite(lang, &n.reference)),
            ],
        ),
        Assumption::CryptoTaxable { year, rule } => lang.f(
            Text::AssumeCryptoTaxable,
            &[
                ("year", &year.to_string()),
                ("answer", lang.t(if rule.value { Text::Yes } else { Text::No })),
                ("reference", &cite(lang, &rule.reference)),
            ],
        ),
        Assumption::TaxRate {
            scale,
            mci,
            reference,
        } => {
            let scale: Vec<String> = scale
                .iter()
                .map(|b| {
                    let rate = fmt::quantity(lang, b.rate * Decimal::ONE_HUNDRED);
                    if b.from_mci.is_zero() {
                        format!("{rate}%")
                    } else {
                        lang.f(
                            Text::AssumeRateAbove,
                            &[("rate", &rate), ("from", &fmt::quantity(lang, b.from_mci))],
                        )
                    }
                })
                .collect();
            lang.f(
                Text::AssumeTaxRate,
                &[
                    ("scale", &scale.join(", ")),
                    ("mci", &fmt::quantity(lang, *mci)),
                    ("reference", &cite(lang, reference)),
                ],
            )
        }
        Assumption::OtherIncome(x) => lang.f(Text::AssumeOtherIncome, &[("amount", &fmt::money(lang, *x))]),
        Assumption::FxGain { rule, counts } => {
            crate::i18n::assume_fx_gain(lang, rule, counts, &|r| cite(lang, r))
        }
        Assumption::FeeSetting {
            setting,
            rule,
            effect,
        } => crate::i18n::assume_fee_setting(
            lang,
            *setting,
            rule,
            effect.as_ref(),
            fee_name(lang, rule.value),
            &|r| cite(lang, r),
        ),
        Assumption::PoolSplit {
            kind,
            results,
            income,
        } => crate::i18n::assume_pool_split(lang, crate::i18n::pool_kind(lang, *kind), results, income),
        Assumption::ForeignIssuers { foreign, resident } => lang.f(
            Text::LawAssumeForeignIssuers,
            &[
                ("foreign", &foreign.to_string()),
                ("resident", &resident.to_string()),
            ],
        ),
        Assumption::BasicDeduction {
            months,
            amount,
            saving_if_claimed,
            reference,
        } => crate::i18n::assume_basic_deduction(
            lang,
            *months,
            *amount,
            *saving_if_claimed,
            &cite(lang, reference),
        ),
        Assumption::NoBasicDeduction { year, months } => lang.f(
            Text::LawAssumeNoBasicDeduction,
            &[("year", &year.to_string()), ("months", &months.to_string())],
        ),
        Assumption::Exemptions => lang.t(Text::AssumeExemptions).to_string(),
        Assumption::ExemptionRule { reason, reference } => lang.f(
            Text::AssumeExemptionRule,
            &[
                ("reason", crate::i18n::reason(lang, *reason)),
                ("reference", &cite(lang, reference)),
            ],
        ),
        Assumption::Venues { as_of, unknown } => lang.f(
            Text::AssumeVenues,
            &[
                ("as_of", as_of),
                (
                    "unknown",
                    lang.t(match unknown {
                        salyq_core::venues::Country::Kazakhstan => Text::CountryKazakhstan,
                        salyq_core::venues::Country::Abroad => Text::CountryAbroad,
                    }),
                ),
            ],
        ),
        Assumption::PriceBasis(basis) => lang.f(
            Text::AssumePriceBasis,
            &[(
                "basis",
                lang.t(match basis {
                    salyq_core::prices::PriceBasis::Close => Text::PriceBasisClose,
                    salyq_core::prices::PriceBasis::Open => Text::PriceBasisOpen,
                    salyq_core::prices::PriceBasis::High => Text::PriceBasisHigh,
                    salyq_core::prices::PriceBasis::Low => Text::PriceBasisLow,
                    salyq_core::prices::PriceBasis::Mean => Text::PriceBasisMean,
                }),
            )],
        ),
    }
}

/// What is wrong with an input, in words.
pub fn problem(lang: Lang, p: &Problem) -> String {
    use Problem::*;
    let key = match p {
        Empty => Text::ProblemEmpty,
        HeaderNotUtf8 => Text::ProblemHeaderNotUtf8,
        CellNotUtf8 => Text::ProblemCellNotUtf8,
        CellTooLong => Text::ProblemCellTooLong,
        RowTooLong => Text::ProblemRowTooLong,
        FileTooLarge(n) => return lang.f(Text::ProblemFileTooLarge, &[("n", &n.to_string())]),
        MissingValue => Text::ProblemMissingValue,
        MissingColumn(column) => return lang.f(Text::ProblemMissingColumn, &[("column", column)]),
        CsvUnreadable(detail) => return lang.f(Text::ProblemCsvUnreadable, &[("detail", detail)]),
        ReadFailed(detail) => return lang.f(Text::ProblemReadFailed, &[("detail", detail)]),
        CannotOpen(detail) => return lang.f(Text::ProblemCannotOpen, &[("detail", detail)]),
        Cancelled => Text::ProblemCancelled,
        FormatNotRecognised => Text::ProblemFormat,
        MoreErrors(n) => return lang.f(Text::ProblemMoreErrors, &[("n", &n.to_string())]),
        BadDate => Text::ProblemBadDate,
        UnknownSide => Text::ProblemUnknownSide,
        UnknownKind => Text::ProblemUnknownKind,
        NotACode => Text::ProblemNotACode,
        NotAnAssetCode => Text::ProblemNotAnAssetCode,
        NotACurrencyCode => Text::ProblemNotACurrencyCode,
        NotFiat => Text::ProblemNotFiat,
        NotANumber => Text::ProblemNotANumber,
        NotAPrice => Text::ProblemNotAPrice,
        NotARate => Text::ProblemNotARate,
        NotAQuant => Text::ProblemNotAQuant,
        Negative => Text::ProblemNegative,
        ZeroQuantity => Text::ProblemZeroQuantity,
        TooLarge => Text::ProblemTooLarge,
        ProductTooLarge => Text::ProblemProductTooLarge,
        NoPriceOrTotal => Text::ProblemNoPriceOrTotal,
        TotalMismatch => Text::ProblemTotalMismatch,
        RateTwice {
            currency,
            date,
            first_line,
        } => {
            return lang.f(
                Text::ProblemRateTwice,
                &[
                    ("currency", currency),
                    ("date", date),
                    ("line", &first_line.to_string()),
                ],
            );
        }
        RateConflict { currency, date } => {
            return lang.f(
                Text::ProblemRateConflict,
                &[("currency", currency), ("date", &date.to_string())],
            );
        }
        AnnualRateConflict { currency, year } => {
            return lang.f(
                Text::ProblemAnnualRateConflict,
                &[("currency", currency), ("year", &year.to_string())],
            );
        }
        FeeNotBelowQuantity => Text::ProblemFeeNotBelow,
        UnknownPair => Text::ProblemUnknownPair,
        WrongUnit => Text::ProblemWrongUnit,
        JsonUnreadable(detail) => return lang.f(Text::ProblemJsonUnreadable, &[("detail", detail)]),
        BadMapping(detail) => return lang.f(Text::ProblemBadMapping, &[("detail", detail)]),
        WrongSign => Text::ProblemWrongSign,
        XmlUnreadable(detail) => return lang.f(Text::ProblemXmlUnreadable, &[("detail", detail)]),
        PriceAssetUnknown => Text::ProblemPriceAssetUnknown,
        UnpairedTradeRows(lines) => {
            return lang.f(
                Text::ProblemUnpairedTradeRows,
                &[("lines", &salyq_core::error::line_list(lines))],
            );
        }
        QuoteNotClosed => Text::ProblemQuoteNotClosed,
        BlankOnly(n) => return lang.f(Text::ProblemBlankOnly, &[("n", &n.to_string())]),
        QuoteRunsOn { line } => return lang.f(Text::ProblemQuoteRunsOn, &[("line", &line.to_string())]),
        ExtraFields {
            found,
            header,
            header_line,
        }
        | MissingFields {
            found,
            header,
            header_line,
        } => {
            let key = match p {
                ExtraFields { .. } => Text::ProblemExtraFields,
                _ => Text::ProblemMissingFields,
            };
            return lang.f(
                key,
                &[
                    ("found", &found.to_string()),
                    ("header", &header.to_string()),
                    ("line", &header_line.to_string()),
                ],
            );
        }
        IdConflict(c) => {
            return lang.f(
                Text::ProblemIdConflict,
                &[
                    ("id", &c.id),
                    ("venue", &c.venue),
                    ("file", &c.first_file),
                    ("line", &c.first_line.to_string()),
                ],
            );
        }
        NotCsv(kind) => return lang.f(Text::ProblemNotCsv, &[("kind", lang.t(file_kind(*kind)))]),
        CannotValue { more, gap } => {
            let more = match more {
                0 => String::new(),
                1 => lang.t(Text::ProblemOneMoreTrade).to_string(),
                n => lang.f(Text::ProblemMoreTrades, &[("n", &n.to_string())]),
            };
            return lang.f(
                Text::ProblemCannotValue,
                &[("more", &more), ("gap", &value_gap(lang, gap))],
            );
        }
    };
    lang.t(key).to_string()
}

/// The words for what a file that is not CSV text is.
fn file_kind(kind: FileKind) -> Text {
    match kind {
        FileKind::ExcelWorkbook => Text::KindExcelWorkbook,
        FileKind::OldExcelWorkbook => Text::KindOldExcelWorkbook,
        FileKind::OpenDocument => Text::KindOpenDocument,
        FileKind::Zip => Text::KindZip,
        FileKind::Utf16 => Text::KindUtf16,
        FileKind::Pdf => Text::KindPdf,
        FileKind::Binary => Text::KindBinary,
    }
}

/// What a trade cannot be valued without, in words.
fn value_gap(lang: Lang, gap: &ValueGap) -> String {
    match gap {
        ValueGap::NoRate {
            currency,
            wanted,
            rule,
        } => {
            let wanted = match wanted {
                RateWanted::DailyBefore(date) => lang.f(
                    Text::GapDailyRate,
                    &[
                        ("date", &date.to_string()),
                        ("days", &MAX_RATE_GAP_DAYS.to_string()),
                    ],
                ),
                RateWanted::AnnualAverage(year) => {
                    lang.f(Text::GapAnnualRate, &[("year", &year.to_string())])
                }
            };
            lang.f(
                Text::GapNoRate,
                &[
                    ("currency", currency),
                    ("wanted", &wanted),
                    ("rule", fx_name(lang, *rule)),
                ],
            )
        }
        ValueGap::NoPrice {
            asset,
            currency,
            date,
        } => lang.f(
            Text::GapNoPrice,
            &[
                ("asset", asset),
                ("currency", currency),
                ("date", &date.to_string()),
            ],
        ),
        ValueGap::NoFeePrice { asset, date } => lang.f(
            Text::GapNoFeePrice,
            &[("asset", asset), ("date", &date.to_string())],
        ),
        ValueGap::TooLarge(a, b) => {
            lang.f(Text::GapTooLarge, &[("a", &a.to_string()), ("b", &b.to_string())])
        }
    }
}

/// What an input should have been, in words. Numbers are written as the file must write them.
pub fn expectation(lang: Lang, e: &Expectation) -> String {
    use Expectation::*;
    let key = match e {
        HeaderRow => Text::ExpHeaderRow,
        Utf8 => Text::ExpUtf8,
        ShortCell => {
            let n = salyq_core::import::table::MAX_CELL_BYTES.to_string();
            return lang.f(Text::ExpShortCell, &[("n", &n)]);
        }
        ShortRow => {
            let n = salyq_core::import::table::MAX_ROW_BYTES.to_string();
            return lang.f(Text::ExpShortRow, &[("n", &n)]);
        }
        SmallerFile(n) => return lang.f(Text::ExpSmallerFile, &[("n", &n.to_string())]),
        TradeHeader => Text::ExpTradeHeader,
        PriceOrTotalColumn => Text::ExpPriceOrTotalColumn,
        RateHeader => Text::ExpRateHeader,
        PriceHeader => Text::ExpPriceHeader,
        KnownFormat => Text::ExpKnownFormat,
        DateTime => Text::ExpDateTime,
        Date => Text::ExpDate,
        RateDate => Text::ExpRateDate,
        BuyOrSell => Text::ExpBuyOrSell,
        KindName => Text::ExpKindName,
        RewardKindName => {
            return lang.t(Text::LedgerExpRewardKind).to_string();
        }
        Code => Text::ExpCode,
        AssetCode => Text::ExpAssetCode,
        CurrencyCode => Text::ExpCurrencyCode,
        FiatCurrency => Text::ExpFiatCurrency,
        PositiveNumber => Text::ExpPositiveNumber,
        NonNegativeNumber => Text::ExpNonNegativeNumber,
        AtMostMax => Text::ExpAtMostMax,
        Price => Text::ExpPrice,
        Rate => Text::ExpRate,
        Quant => Text::ExpQuant,
        RealisticAmounts => Text::ExpRealisticAmounts,
        PriceOrTotal => Text::ExpPriceOrTotal,
        Total(total) => return lang.f(Text::ExpTotal, &[("total", &total.to_string())]),
        EarlierRate(rate) => return lang.f(Text::ExpEarlierRate, &[("rate", &rate.to_string())]),
        FeeBelow(quantity, asset) => {
            return lang.f(
                Text::ExpFeeBelow,
                &[("quantity", &quantity.to_string()), ("asset", asset)],
            );
        }
        BybitHeader => Text::ExpBybitHeader,
        BybitDateTime => Text::ExpBybitDateTime,
        Pair => Text::ExpPair,
        AmountIn(asset) => return lang.f(Text::ExpAmountIn, &[("asset", asset)]),
        FreedomReport => Text::ExpFreedomReport,
        HeaderLike(header) => return lang.f(Text::ExpHeaderLike, &[("header", header)]),
        ClosestFormat {
            format,
            header,
            missing,
        } => {
            return lang.f(
                Text::ExpClosestFormat,
                &[
                    ("format", format),
                    ("header", header),
                    ("missing", &missing.join(", ")),
                ],
            );
        }
        AmountWithAsset => Text::ExpAmountWithAsset,
        Number => Text::ExpNumber,
        NotPositive => Text::ExpNotPositive,
        OneTradePerGroup => Text::ExpOneTradePerGroup,
        OneOf(values) => return lang.f(Text::ExpOneOf, &[("values", values)]),
        Mapping => Text::ExpMapping,
        DateFormat(format) => return lang.f(Text::ExpDateFormat, &[("format", format)]),
        BankXml => Text::ExpBankXml,
        BankDate => Text::ExpBankDate,
        PriceAsset => Text::ExpPriceAsset,
        Utf8NotCodePage => Text::ExpUtf8NotCodePage,
        ClosedQuote => Text::ExpClosedQuote,
        ExtraFields => Text::ExpExtraFields,
        MissingFields => Text::ExpMissingFields,
        DistinctIds => Text::ExpDistinctIds,
        SavedAsCsv(kind) => match kind {
            FileKind::ExcelWorkbook | FileKind::OldExcelWorkbook | FileKind::OpenDocument => {
                Text::ExpCsvFromWorkbook
            }
            FileKind::Zip => Text::ExpCsvFromZip,
            FileKind::Utf16 => Text::ExpCsvFromUtf16,
            FileKind::Pdf => Text::ExpCsvFromPdf,
            FileKind::Binary => Text::ExpCsvFromBinary,
        },
        PositiveNumberComma => Text::ExpPositiveNumberComma,
        NonNegativeNumberComma => Text::ExpNonNegativeNumberComma,
        NumberComma => Text::ExpNumberComma,
    };
    lang.t(key).to_string()
}

/// An input error after its location: `"date": bad date — found "2025-13-01"; expected a date
/// such as 2025-03-07`. The column name and the value found are shown as in the file.
pub fn input_error(lang: Lang, e: &InputError) -> String {
    let mut s = String::new();
    if let Some((_, name)) = &e.column {
        s.push_str(&format!("\"{name}\": "));
    }
    s.push_str(&problem(lang, &e.problem));
    if let Some(found) = &e.found {
        s.push_str(&format!(" — {} \"{found}\"", lang.t(Text::Found)));
    }
    if let Some(expected) = &e.expectation {
        s.push_str(&format!(
            "; {} {}",
            lang.t(Text::Expected),
            expectation(lang, expected)
        ));
    }
    s
}

// The core's rule and method names in words (the tabs use them too).

/// A matching method in words.
pub fn method_name(lang: Lang, m: Method) -> &'static str {
    lang.t(match m {
        Method::Fifo => Text::Fifo,
        Method::Lifo => Text::Lifo,
        Method::Hifo => Text::Hifo,
        Method::Average => Text::Average,
    })
}

/// A netting rule in words.
pub fn netting_name(lang: Lang, n: Netting) -> &'static str {
    match n {
        Netting::PerSale => lang.t(Text::PerSale),
        Netting::NetYear => lang.t(Text::NetYear),
        Netting::NetPool => lang.t(Text::LawNetPool),
        Netting::NetForeignIssuers => lang.t(Text::LawNetForeignIssuers),
    }
}

/// A rate rule in words.
pub fn fx_name(lang: Lang, r: FxRule) -> &'static str {
    lang.t(match r {
        FxRule::PreviousBusinessDay => Text::PreviousBusinessDay,
        FxRule::AnnualAverage => Text::AnnualAverage,
    })
}

/// A fee rule in words.
pub fn fee_name(lang: Lang, r: FeeRule) -> &'static str {
    lang.t(match r {
        FeeRule::Include => Text::FeesInclude,
        FeeRule::Exclude => Text::FeesExclude,
    })
}

/// A confidence label; `U` reads "unconfirmed — a setting".
pub fn confidence_name(lang: Lang, c: Confidence) -> &'static str {
    lang.t(match c {
        Confidence::L => Text::ConfL,
        Confidence::O => Text::ConfO,
        Confidence::S => Text::ConfS,
        Confidence::U => Text::Unconfirmed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;
    use salyq_core::model::Source;
    use salyq_core::rules::{FxRule, RuleBook};
    use salyq_core::settings::Settings;

    fn day(s: &str) -> NaiveDate {
        salyq_core::parse::date(s).unwrap()
    }

    fn details() -> Vec<WarningDetail> {
        vec![
            WarningDetail::MissingPurchase {
                asset: "BTC".into(),
                date: day("2025-03-04"),
                quantity: dec!(2.5),
                held: dec!(1),
                uncovered: dec!(1.5),
            },
            WarningDetail::StalePrice {
                asset: "BNB".into(),
                date: day("2025-03-10"),
                used: day("2025-03-07"),
            },
            WarningDetail::Duplicate {
                id: "A-1".into(),
                venue: "Ataix".into(),
                first: Source {
                    file: "t.csv".into(),
                    line: 3,
                },
            },
            WarningDetail::FiatExchange {
                asset: "USD".into(),
                currency: "KZT".into(),
            },
            WarningDetail::NoRulesForYear {
                year: 2030,
                from: 2026,
                mci: rust_decimal::Decimal::from(4325),
            },
            WarningDetail::NotImported {
                what: "Dividends".into(),
                asset: "AAPL.US".into(),
                date: "2024-05-16".into(),
                amount: Some("12.5 USD".into()),
                tax: Some("1.88 USD".into()),
            },
            WarningDetail::NotImported {
                what: "Split".into(),
                asset: "NVDA.US".into(),
                date: "2024-06-10".into(),
                amount: None,
                tax: None,
            },
            WarningDetail::BrokerFifoDiffers {
                id: "123".into(),
                asset: "AAPL.US".into(),
                date: day("2024-05-20"),
                currency: "USD".into(),
                broker: dec!(250),
                ours: dec!(197.8),
                ours_kzt: dec!(148950),
            },
            WarningDetail::TaxHavenZeroCost {
                venue: Some("offshore x".into()),
                asset: None,
                acquisitions: 2,
                cost: dec!(1000000),
            },
            WarningDetail::TaxHavenZeroCost {
                venue: None,
                asset: Some("ABC".into()),
                acquisitions: 1,
                cost: dec!(500.5),
            },
            WarningDetail::TimeZoneAssumed {
                file: "Binance-Spot-Trade-History.csv".into(),
            },
        ]
    }

    #[test]
    fn english_warnings_read_as_the_command_line_writes_them() {
        for d in details() {
            assert_eq!(warning(Lang::En, &d), d.to_string());
        }
    }

    #[test]
    fn russian_warnings_with_russian_numbers() {
        let d = details();
        assert_eq!(
            warning(Lang::Ru, &d[0]),
            "2025-03-04 выбыло 2,5 BTC, а было только 1: недостающие 1,5 BTC учтены по нулевой \
             стоимости; импортируйте или внесите покупки"
        );
        assert_eq!(
            warning(Lang::Ru, &d[2]),
            "сделка A-1 на площадке Ataix встречается дважды (впервые — t.csv:3): эта копия отброшена"
        );
        assert_eq!(
            warning(Lang::Ru, &d[4]),
            "В Salyq нет правил за 2030 налоговый год: применены правила 2026 года; МРП на 2030 год в своде \
             правил нет (в изученных источниках не опубликован), поэтому для порога 8\u{202f}500 МРП и базового \
             вычета взят МРП 2026 года (4\u{202f}325\u{a0}₸): проверьте расчёт, когда МРП на 2030 год будет \
             опубликован"
        );
        // Kazakh has words of its own.
        assert_eq!(
            warning(Lang::Kk, &d[1]),
            "2025-03-10 күнге BNB бағасы жоқ: 2025-03-07 күнгі баға алынды"
        );
        let ru: Vec<String> = d.iter().map(|d| warning(Lang::Ru, d)).collect();
        assert!(ru.contains(
            &"пока не поддерживается: Dividends по AAPL.US от 2024-05-16, сумма 12.5 USD, налог 1.88 USD; \
              запись не импортирована — проверьте её вручную"
                .to_string()
        ));
        assert!(ru.contains(
            &"продажа 123 (AAPL.US) от 2024-05-20: прибыль ФИФО по данным брокера — 250,00 USD, по расчёту \
              Salyq — 197,80 USD (148\u{202f}950,00\u{a0}₸): проверьте покупки, переводы и корпоративные действия"
                .to_string()
        ));
    }

    #[test]
    fn references_come_from_the_language_files_by_their_id() {
        let mut r = RuleBook::bundled().for_year(2025).rules.form.reference.clone();
        assert_eq!(r.text_id.as_deref(), Some("ref-rule-2025-form"));
        assert_eq!(reference_text(Lang::En, &r), r.text);
        assert!(reference_text(Lang::Ru, &r).starts_with("Декларация о доходах и имуществе"));
        assert!(reference_text(Lang::Kk, &r).starts_with("Табыс және мүлік туралы декларация"));
        // A reference without an id (a rule the user wrote) keeps its English.
        r.text_id = None;
        assert_eq!(reference_text(Lang::Ru, &r), r.text);
        assert_eq!(reference_text(Lang::Kk, &r), r.text);
        r.text_id = Some("ref-rule-2025-form".into());
        r.set_by_user = true;
        // The 2025 form rule is read in the law (NC Arts. 416–419).
        assert!(cite(Lang::Ru, &r).ends_with("[L: закон; изменено вами]"));
    }

    #[test]
    fn every_assumption_of_the_bundled_years_is_in_russian() {
        let mut s = Settings {
            method: Method::Hifo,
            stablecoins_at_par: false,
            ..Settings::default()
        };
        s.other_income.insert(2026, dec!(1234567.5));
        for year in [2022, 2023, 2024, 2025, 2026] {
            let y = &salyq_core::yearly::yearly(&[disposal(year)], &s)[0];
            assert_eq!(y.assumption_items.len(), y.assumptions.len());
            for a in &y.assumption_items {
                let ru = assumption(Lang::Ru, a);
                // No English words left: every Latin word is a code, a name or an abbreviation.
                for word in ru.split(|c: char| !c.is_ascii_alphabetic()) {
                    assert!(
                        word.len() < 3 || word.chars().all(|c| c.is_ascii_uppercase()) || word == "Salyq",
                        "{word:?} in {ru}"
                    );
                }
            }
        }
        let y = &salyq_core::yearly::yearly(&[disposal(2026)], &s)[0];
        let ru: Vec<String> = y
            .assumption_items
            .iter()
            .map(|a| assumption(Lang::Ru, a))
            .collect();
        assert!(ru.contains(&"Метод сопоставления: ХИФО (сначала самые дорогие) — только сравнение «что если», не декларируется; метод закона — ФИФО".to_string()), "{ru:#?}");
        assert!(
            ru.iter().any(|a| a.starts_with(
                "Ставка налога: 10%, 15% свыше 8\u{202F}500 МРП (1 МРП = 4\u{202F}325 ₸) — П. 1 ст. 363 НК\u{a0}2025\u{a0}г."
            )),
            "{ru:#?}"
        );
        assert!(
            ru.iter().any(|a| a.contains("1\u{202F}234\u{202F}567,50\u{a0}₸")),
            "{ru:#?}"
        );
    }

    #[test]
    fn english_assumptions_keep_the_command_line_words_where_they_are_not_rule_names() {
        let y = &salyq_core::yearly::yearly(&[disposal(2024)], &Settings::default())[0];
        let en: Vec<String> = y
            .assumption_items
            .iter()
            .map(|a| assumption(Lang::En, a))
            .collect();
        // Method, tax date, stablecoins and the crypto rule read word for word as the report's
        // (after them: the rate rule 3, the currency rule 4, the three fee rules 5–7, netting 8).
        for i in [0, 1, 2, 9] {
            assert_eq!(en[i], y.assumptions[i]);
        }
        assert_eq!(
            en[3],
            "Official rate rule: previous business day — Market exchange rate of the last business day \
             before the transaction (OC Art. 1(1)(11) defines the rate) [S: secondary source]"
        );
    }

    fn disposal(year: i32) -> salyq_core::matching::Disposal {
        salyq_core::matching::Disposal {
            trade: 0,
            kind: salyq_core::model::Kind::Crypto,
            role: salyq_core::legs::Role::Sold,
            date: NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
            quantity: dec!(1),
            proceeds: dec!(2),
            cost: dec!(1),
            lots: 0..0,
        }
    }

    fn problems() -> Vec<(Problem, Option<Expectation>)> {
        use Expectation as E;
        use Problem as P;
        vec![
            (P::Empty, Some(E::HeaderRow)),
            (P::HeaderNotUtf8, Some(E::Utf8)),
            (P::CellTooLong, Some(E::ShortCell)),
            (P::RowTooLong, Some(E::ShortRow)),
            (P::FileTooLarge(1 << 27), Some(E::SmallerFile(1 << 27))),
            (P::MissingColumn("side".into()), Some(E::TradeHeader)),
            (P::MissingColumn("price".into()), Some(E::PriceOrTotalColumn)),
            (P::FormatNotRecognised, Some(E::KnownFormat)),
            (P::MoreErrors(30), None),
            (P::BadDate, Some(E::DateTime)),
            (P::BadDate, Some(E::RateDate)),
            (P::NotANumber, Some(E::NonNegativeNumber)),
            (P::TotalMismatch, Some(E::Total(dec!(200000)))),
            (
                P::RateTwice {
                    currency: "USD".into(),
                    date: "2025-03-03".into(),
                    first_line: 2,
                },
                None,
            ),
            (
                P::AnnualRateConflict {
                    currency: "USD".into(),
                    year: 2025,
                },
                Some(E::EarlierRate(dec!(501))),
            ),
            (P::FeeNotBelowQuantity, Some(E::FeeBelow(dec!(1), "BTC".into()))),
            (P::UnknownPair, Some(E::Pair)),
            (P::WrongUnit, Some(E::AmountIn("BTC".into()))),
            (P::MissingColumn("fees".into()), Some(E::BybitHeader)),
            (P::BadDate, Some(E::BybitDateTime)),
            (
                P::JsonUnreadable("EOF while parsing".into()),
                Some(E::FreedomReport),
            ),
            (
                P::MissingColumn("pair".into()),
                Some(E::HeaderLike("Date(UTC),Pair".into())),
            ),
            (P::NotACode, Some(E::AmountWithAsset)),
            (P::NotANumber, Some(E::Number)),
            (P::WrongSign, Some(E::NotPositive)),
            (P::UnpairedTradeRows(vec![4, 5, 6, 9]), Some(E::OneTradePerGroup)),
            (P::UnknownSide, Some(E::OneOf("Покупка, Продажа".into()))),
            (
                P::JsonUnreadable("field \"side\": missing".into()),
                Some(E::Mapping),
            ),
            (
                P::BadMapping("\"price\": give \"price\" or \"total\"".into()),
                Some(E::Mapping),
            ),
            (P::BadDate, Some(E::DateFormat("%d.%m.%Y %H:%M".into()))),
            (P::CellNotUtf8, Some(E::Utf8NotCodePage)),
            (P::QuoteNotClosed, Some(E::ClosedQuote)),
            (P::BlankOnly(3000), Some(E::HeaderRow)),
            (P::QuoteRunsOn { line: 7 }, Some(E::ClosedQuote)),
            (
                P::ExtraFields {
                    found: 12,
                    header: 11,
                    header_line: 1,
                },
                Some(E::ExtraFields),
            ),
            (
                P::MissingFields {
                    found: 9,
                    header: 11,
                    header_line: 1,
                },
                Some(E::MissingFields),
            ),
            (
                P::IdConflict(Box::new(salyq_core::error::IdConflict {
                    id: "A-1".into(),
                    venue: "Ataix".into(),
                    first_file: "a.csv".into(),
                    first_line: 2,
                })),
                Some(E::DistinctIds),
            ),
            (
                P::NotCsv(FileKind::ExcelWorkbook),
                Some(E::SavedAsCsv(FileKind::ExcelWorkbook)),
            ),
            (
                P::NotCsv(FileKind::OldExcelWorkbook),
                Some(E::SavedAsCsv(FileKind::OldExcelWorkbook)),
            ),
            (
                P::NotCsv(FileKind::OpenDocument),
                Some(E::SavedAsCsv(FileKind::OpenDocument)),
            ),
            (P::NotCsv(FileKind::Zip), Some(E::SavedAsCsv(FileKind::Zip))),
            (P::NotCsv(FileKind::Utf16), Some(E::SavedAsCsv(FileKind::Utf16))),
            (P::NotCsv(FileKind::Pdf), Some(E::SavedAsCsv(FileKind::Pdf))),
            (P::NotCsv(FileKind::Binary), Some(E::SavedAsCsv(FileKind::Binary))),
            (P::NotANumber, Some(E::PositiveNumberComma)),
            (P::NotANumber, Some(E::NonNegativeNumberComma)),
            (P::NotANumber, Some(E::NumberComma)),
            (
                P::XmlUnreadable("ill-formed document: expected `</item>`".into()),
                Some(E::BankXml),
            ),
            (P::BadDate, Some(E::BankDate)),
            (P::PriceAssetUnknown, Some(E::PriceAsset)),
            (
                P::CannotValue {
                    more: 8,
                    gap: Box::new(ValueGap::NoRate {
                        currency: "USD".into(),
                        wanted: RateWanted::AnnualAverage(2024),
                        rule: FxRule::AnnualAverage,
                    }),
                },
                None,
            ),
            (
                P::CannotValue {
                    more: 0,
                    gap: Box::new(ValueGap::NoRate {
                        currency: "USD".into(),
                        wanted: RateWanted::DailyBefore(day("2024-01-10")),
                        rule: FxRule::PreviousBusinessDay,
                    }),
                },
                None,
            ),
            (
                P::CannotValue {
                    more: 1,
                    gap: Box::new(ValueGap::NoPrice {
                        asset: "SOL".into(),
                        currency: "XRP".into(),
                        date: day("2025-03-07"),
                    }),
                },
                None,
            ),
            (
                P::CannotValue {
                    more: 0,
                    gap: Box::new(ValueGap::NoFeePrice {
                        asset: "BNB".into(),
                        date: day("2025-03-03"),
                    }),
                },
                None,
            ),
        ]
    }

    #[test]
    fn english_problems_read_as_the_command_line_writes_them_but_for_rule_names() {
        for (p, e) in problems() {
            let cli = p
                .to_string()
                .replace("previous_business_day", "previous business day")
                .replace("annual_average", "annual average");
            assert_eq!(problem(Lang::En, &p), cli);
            if let Some(e) = e {
                assert_eq!(expectation(Lang::En, &e), e.to_string());
            }
        }
    }

    #[test]
    fn russian_problems_keep_the_file_s_values() {
        let e = InputError::line("bad_date.csv", 3, Problem::BadDate)
            .at_column(1, "date")
            .found("2025-13-01")
            .expected(Expectation::DateTime);
        assert_eq!(
            input_error(Lang::Ru, &e),
            "\"date\": неверная дата — найдено \"2025-13-01\"; ожидалось: дата ISO 8601, например \
             2025-03-07, 2025-03-07T10:38:36Z или 2025-03-07 10:38:36+05:00"
        );
        assert_eq!(
            input_error(Lang::En, &e),
            "\"date\": bad date — found \"2025-13-01\"; expected an ISO 8601 date such as 2025-03-07, \
             2025-03-07T10:38:36Z or 2025-03-07 10:38:36+05:00"
        );
        let texts: Vec<String> = problems()
            .iter()
            .map(|(p, e)| {
                let mut s = problem(Lang::Ru, p);
                if let Some(e) = e {
                    s.push_str(&expectation(Lang::Ru, e));
                }
                s
            })
            .collect();
        assert!(
            texts.contains(
                &"не удаётся оценить сделку в тенге (и ещё сделки: 8): нет официального курса USD: нужен \
              среднегодовой курс за 2024 год (строка с датой 2024) (правило курса: среднегодовой)"
                    .to_string()
            )
        );
        assert!(
            texts.contains(&"комиссия не меньше полученного количествакомиссия меньше 1 BTC".to_string())
        );
        assert!(texts.contains(&"сумма не равна произведению количество × цена200000 (количество × цена) с точностью до округления".to_string()));
    }
}
