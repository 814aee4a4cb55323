//! The window's words. Every message is in the Fluent files of `salyq_text` (one per domain:
//! window, case, compliance, forms, law, ledger, rates; English, Russian and Kazakh, falling back
//! kk → ru → en), looked up by its [`Text`] id: `lang.t(Text::Gains)`,
//! `lang.f(Text::TradesLoaded, &[("n", "36")])`, `lang.n(Text::…, count, args)` for plural forms.
//!
//! The functions here only pick the message of a value of the core (a licence status, an exemption
//! reason, a rule) and fill in its figures. Texts of the core library (warnings, assumptions, input
//! problems) are worded in [`super::core_text`]; rule references come in each language from
//! `crates/core/assets/rules.toml`.

pub use salyq_text::{Lang, Text};

use super::fmt;
use rust_decimal::Decimal;
use salyq_core::compliance::table::Trigger;
use salyq_core::compliance::venue_status::VenueFlag;
use salyq_core::exemptions::ExemptReason;
use salyq_core::forms::Note;
use salyq_core::forms::foreign_assets::{AssetKind, Operation};
use salyq_core::fx_gain::YearCounts;
use salyq_core::model::Kind;
use salyq_core::money::fmt_grouped_whole;
use salyq_core::rules::{FeeRule, FxGain, Reference, Rule};
use salyq_core::venues::LicenceStatus;
use salyq_core::yearly::{FeeEffect, FeeSetting};

/// A licence status in words.
pub fn status(lang: Lang, s: LicenceStatus) -> &'static str {
    lang.t(match s {
        LicenceStatus::AifcLicensed => Text::ComplianceStatusAifc,
        LicenceStatus::Foreign => Text::ComplianceStatusForeign,
        LicenceStatus::Unknown => Text::ComplianceStatusUnknown,
    })
}

/// Why a declaration is due, in words.
pub fn trigger(lang: Lang, tr: Trigger) -> &'static str {
    lang.t(match tr {
        Trigger::PropertyIncome => Text::ComplianceTriggerPropertyIncome,
        Trigger::SoldCrypto => Text::ComplianceTriggerSoldCrypto,
        Trigger::SoldSecurities => Text::ComplianceTriggerSoldSecurities,
        Trigger::HoldsCrypto => Text::ComplianceTriggerHoldsCrypto,
        Trigger::HoldsSecuritiesAbroad => Text::ComplianceTriggerHoldsSecuritiesAbroad,
        Trigger::ForeignOverThreshold => Text::ComplianceTriggerForeignOver,
        Trigger::BoughtOverThreshold => Text::ComplianceTriggerBoughtOver,
        Trigger::HoldsForeignSecurities => Text::ComplianceTriggerHoldsForeignSecurities,
        Trigger::ForeignBankOverThreshold => Text::ComplianceTriggerForeignBankOver,
        Trigger::IncomeOverThreshold => Text::ComplianceTriggerIncomeOver,
        Trigger::UniversalDeclaration => Text::ComplianceTriggerUniversal,
        Trigger::DividendsOverThreshold => Text::ComplianceTriggerDividendsOver,
        Trigger::ForeignIncome => Text::ComplianceTriggerForeignIncome,
    })
}

/// A venue's note, in words.
pub fn flag(lang: Lang, fl: VenueFlag) -> &'static str {
    lang.t(match fl {
        VenueFlag::NotLicensed => Text::ComplianceFlagNotLicensed,
        VenueFlag::UnknownStatus => Text::ComplianceFlagUnknown,
        VenueFlag::NoVenue => Text::ComplianceFlagNoVenue,
    })
}

/// An exemption reason in words.
pub fn reason(lang: Lang, r: ExemptReason) -> &'static str {
    lang.t(match r {
        ExemptReason::Kase => Text::FormsReasonKase,
        ExemptReason::Aix => Text::FormsReasonAix,
        ExemptReason::Government => Text::FormsReasonGovernment,
        ExemptReason::Fund => Text::FormsReasonFund,
        ExemptReason::Held3Years => Text::FormsReasonHeld3Years,
        ExemptReason::AgencyBonds => Text::FormsReasonAgencyBonds,
        ExemptReason::Debt3Years => Text::FormsReasonDebt3Years,
        ExemptReason::Mined => Text::FormsReasonMined,
    })
}

/// Column C of 270.04 in words.
pub fn asset_kind(lang: Lang, k: AssetKind) -> &'static str {
    lang.t(match k {
        AssetKind::DigitalAsset => Text::FormsDigitalAsset,
        AssetKind::ForeignSecurity => Text::FormsForeignSecurity,
    })
}

/// Acquired or disposed of, in words.
pub fn operation(lang: Lang, o: Operation) -> &'static str {
    lang.t(match o {
        Operation::Acquired => Text::FormsAcquired,
        Operation::Disposed => Text::FormsDisposed,
    })
}

/// A draft's note in words (the English as the command line writes it).
pub fn note(lang: Lang, n: &Note) -> String {
    let g = |d: &Decimal| fmt_grouped_whole(*d);
    match n {
        Note::RoundingDiffers {
            report_tax,
            difference,
        } => lang.f(
            Text::FormsNoteRoundingDiffers,
            &[
                ("difference", &difference.normalize().to_string()),
                ("tax", &g(report_tax)),
            ],
        ),
        Note::ForeignCreditCapped { entered, cap } => lang.f(
            Text::FormsNoteForeignCreditCapped,
            &[("entered", &g(entered)), ("cap", &g(cap))],
        ),
        Note::ForeignCreditNeedsCertificate => lang.t(Text::FormsNoteForeignCreditCertificate).to_string(),
        Note::IncomeFromBrokerReports { payments } => lang.n(
            Text::FormsNoteIncomeFromBrokerReports,
            *payments as u64,
            &[("payments", &payments.to_string())],
        ),
        Note::WithholdingCapped { withheld, cap } => lang.f(
            Text::FormsNoteWithholdingCapped,
            &[("withheld", &g(withheld)), ("cap", &g(cap))],
        ),
        Note::ForeignAssetsScope => lang.t(Text::FormsNoteForeignAssetsScope).to_string(),
        Note::OtherFormThanRules { rules_form } => lang.f(
            Text::FormsNoteOtherFormThanRules,
            &[("form", &rules_form.to_string())],
        ),
        Note::RestsOnOpening => lang.t(Text::FormsNoteRestsOnOpening).to_string(),
        Note::RestsOnUnknownCost => lang.t(Text::FormsNoteRestsOnUnknownCost).to_string(),
        Note::BasicDeduction {
            months,
            amount,
            saving,
        } => match saving {
            Some(s) => lang.f(Text::LawNoteDeductionSaving, &[("saving", &g(s))]),
            None => lang.n(
                Text::LawNoteDeductionClaimed,
                u64::from(*months),
                &[("months", &months.to_string()), ("amount", &g(amount))],
            ),
        },
    }
}

/// A foreign-currency gain rule in words.
pub fn fx_gain_name(lang: Lang, g: FxGain) -> &'static str {
    lang.t(match g {
        FxGain::PerLeg => Text::LawPerLeg,
        FxGain::SaleYearAverage => Text::LawSaleYearAverage,
    })
}

/// The assumption of the year's foreign-currency rule, with its counts.
pub fn assume_fx_gain(
    lang: Lang,
    rule: &Rule<FxGain>,
    c: &YearCounts,
    cite: &dyn Fn(&Reference) -> String,
) -> String {
    let mut s = lang.f(
        Text::LawAssumeFxGain,
        &[
            ("rule", fx_gain_name(lang, rule.value)),
            ("reference", &cite(&rule.reference)),
        ],
    );
    if rule.value == FxGain::SaleYearAverage {
        let n = |x: usize| x.to_string();
        s.push_str("; ");
        s.push_str(&lang.f(Text::LawFxInCurrency, &[("n", &n(c.in_currency))]));
        if c.other_currency > 0 {
            s.push_str("; ");
            s.push_str(&lang.f(Text::LawFxOtherCurrency, &[("n", &n(c.other_currency))]));
        }
        if c.priced > 0 {
            s.push_str("; ");
            s.push_str(&lang.f(Text::LawFxPriced, &[("n", &n(c.priced))]));
        }
        if c.average_method {
            s.push_str("; ");
            s.push_str(lang.t(Text::LawFxAverage));
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
    let what = lang.t(match setting {
        FeeSetting::SaleFees => Text::LawSaleFees,
        FeeSetting::CryptoFees => Text::LawCryptoFees,
    });
    let mut s = lang.f(
        Text::LawAssumeFeeSetting,
        &[
            ("what", what),
            ("rule", rule_name),
            ("reference", &cite(&rule.reference)),
        ],
    );
    if let Some(e) = effect {
        let other = lang.t(match e.used {
            FeeRule::Include => Text::LawWithoutThem,
            FeeRule::Exclude => Text::LawWithThem,
        });
        s.push_str("; ");
        s.push_str(&lang.f(
            Text::LawFeeEffect,
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
    lang.f(
        Text::LawAssumePoolSplit,
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
    lang.t(match kind {
        Kind::Security => Text::LawPoolSecurities,
        Kind::Crypto => Text::LawPoolCrypto,
        Kind::Other => Text::LawPoolOther,
    })
}

/// The assumption of the basic deduction.
pub fn assume_basic_deduction(
    lang: Lang,
    months: u8,
    amount: Decimal,
    saving: Option<Decimal>,
    reference: &str,
) -> String {
    let mut s = lang.f(
        Text::LawAssumeBasicDeduction,
        &[
            ("months", &months.to_string()),
            ("amount", &fmt::money(lang, amount)),
            ("reference", reference),
        ],
    );
    if let Some(saving) = saving {
        s.push_str("; ");
        s.push_str(&lang.f(
            Text::LawBasicDeductionSaving,
            &[("saving", &fmt::money_whole(lang, saving))],
        ));
    }
    s
}

/// How a disposal was valued in its currency, in words.
pub fn valued_in_currency(lang: Lang, g: &salyq_core::fx_gain::CurrencyGain) -> String {
    let r = salyq_core::money::round_tiyn;
    lang.f(
        Text::LawValuedInCurrency,
        &[
            ("currency", &g.currency),
            ("proceeds", &fmt::amount(lang, r(g.proceeds))),
            ("cost", &fmt::amount(lang, r(g.cost))),
            ("rate", &fmt::amount(lang, g.rate)),
        ],
    )
}
