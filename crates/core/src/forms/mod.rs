//! Declaration drafts: the figures of form 240.00 or 270.00 for one tax year, each with its value
//! in whole tenge, the formula in words and the disposals it sums; the rows of appendix 270.04;
//! deadlines and assumptions. The layout of each form (line codes, words, confidence) is data:
//! `crates/core/assets/forms.toml`. Renderers: [`json`], [`csv`], [`xml`] (experimental cabinet import) and
//! [`html`] (the printable one-page report).

pub mod csv;
mod figures;
pub mod foreign_assets;
pub mod html;
pub mod json;
pub mod layout;
pub mod split;
pub mod text;
pub mod xml;

use crate::engine::Computation;
use crate::import::Inputs;
use crate::rules::Reference;
use crate::settings::Settings;
use crate::taxpayer::{NameParts, Taxpayer};
use crate::yearly::{self, YearResult};
use chrono::NaiveDate;
pub use foreign_assets::ForeignAsset;
pub use layout::{FormCode, LineId};
use rust_decimal::Decimal;

/// What a figure sums.
#[derive(Debug, Clone, PartialEq)]
pub enum Sums {
    /// These disposals (indices into [`Computation::disposals`]).
    Disposals(Vec<usize>),
    /// These other lines of the form.
    Lines(Vec<LineId>),
    /// A value the user entered.
    Entered,
    /// Dividends or interest that broker reports hold (the year's income table), and for the
    /// foreign tax credit the tax withheld on them.
    Income,
    /// Nothing Salyq computes: zero.
    NotComputed,
}

/// One figure of a declaration draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Which figure.
    pub id: LineId,
    /// Its code on the form; `None`: line code unconfirmed.
    pub code: Option<String>,
    /// What the line holds, in English.
    pub label: String,
    /// What the line holds, in Russian.
    pub label_ru: String,
    /// Its value in whole tenge.
    pub value: Decimal,
    /// How it is reached, in English words.
    pub formula: String,
    /// How it is reached, in Russian words.
    pub formula_ru: String,
    /// What it sums.
    pub sums: Sums,
}

/// A remark on a draft that the person filing must read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The tax H is computed from the whole-tenge line G, as the form does, and differs from
    /// the report's tax (computed before rounding) by `difference` tenge.
    RoundingDiffers {
        /// The report's tax.
        report_tax: Decimal,
        /// H − the report's tax.
        difference: Decimal,
    },
    /// The foreign tax credit was capped at the Kazakh tax on the foreign income.
    ForeignCreditCapped {
        /// What was entered.
        entered: Decimal,
        /// The cap.
        cap: Decimal,
    },
    /// A foreign tax credit needs an apostilled certificate of the foreign tax paid.
    ForeignCreditNeedsCertificate,
    /// B_1_4 and B_1_5 come from the broker reports: gross amounts as the broker wrote them
    /// [U], payments by Kazakhstan issuers left out (taxed at source) [U], each at the year's
    /// rate rule.
    IncomeFromBrokerReports {
        /// How many payments the year had.
        payments: usize,
    },
    /// The tax withheld abroad on dividends and interest was capped at the Kazakh tax on that
    /// income (NC Art. 413).
    WithholdingCapped {
        /// The tax withheld, whole tenge.
        withheld: Decimal,
        /// The cap.
        cap: Decimal,
    },
    /// Which trades appendix 270.04 lists is an assumption: digital assets on every venue, and
    /// securities on venues abroad.
    ForeignAssetsScope,
    /// The year's rules name another form: this draft is for comparison.
    OtherFormThanRules {
        /// The form the year's rules name.
        rules_form: FormCode,
    },
    /// A disposal of the year consumed an opening position the user entered.
    RestsOnOpening,
    /// A disposal of the year consumed a lot of unknown (zero) cost: a deposit no withdrawal
    /// explains, or a purchase without its price.
    RestsOnUnknownCost,
    /// The year has a basic deduction: the months entered and the amount on F_1; with no month
    /// entered, the tax claiming it for 12 months would save.
    BasicDeduction {
        /// Months entered (0 to 12).
        months: u8,
        /// F_1, whole tenge.
        amount: Decimal,
        /// With no month entered: the tax a 12-month claim would save.
        saving: Option<Decimal>,
    },
}

/// The draft of one declaration for one tax year.
#[derive(Debug, Clone)]
pub struct FormDraft {
    /// The form drafted.
    pub form: FormCode,
    /// The form the year's rules name.
    pub rules_form: FormCode,
    /// The tax year.
    pub year: i32,
    /// Who it is for.
    pub taxpayer: Taxpayer,
    /// The form's title, English and Russian.
    pub title: (String, String),
    /// Where the layout comes from, with its confidence.
    pub layout_reference: Reference,
    /// The figures, in form order.
    pub figures: Vec<Figure>,
    /// Rows of appendix 270.04 section B (foreign securities and digital assets acquired or
    /// disposed of in the year); listed for 240.00 too, for information.
    pub foreign_assets: Vec<ForeignAsset>,
    /// Rows of appendix 270.04 section E: digital assets and securities of foreign issuers
    /// held on 31 December (the compliance view's holdings).
    pub holdings: Vec<foreign_assets::YearEndHolding>,
    /// The taxpayer's name in the declaration's three parts (split from the name; the command
    /// line may give them apart).
    pub name_parts: NameParts,
    /// The spouse split, when asked for: the figures above are then the taxpayer's half.
    pub split: Option<split::Split>,
    /// Filing deadline (of the year's rules).
    pub due: NaiveDate,
    /// Payment deadline (of the year's rules).
    pub pay_by: NaiveDate,
    /// Who files this form, with its reference.
    pub who_files: Reference,
    /// Remarks to read before filing.
    pub notes: Vec<Note>,
    /// The year's result the figures come from.
    pub year_result: YearResult,
    /// Warnings of the computation still open (every one, unless a case's reviews settled some:
    /// set it with [`crate::case::open_count`]); the report and the CSV say the figures are
    /// incomplete while it is not zero.
    pub open_warnings: usize,
}

impl FormDraft {
    /// The figure of a line, if the form has it.
    pub fn figure(&self, id: LineId) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// The value of a line (zero when the form has no such line).
    pub fn value(&self, id: LineId) -> Decimal {
        self.figure(id).map_or(Decimal::ZERO, |f| f.value)
    }
}

/// Drafts `form` (or, when `None`, the form the year's rules name) for tax `year`.
pub fn draft(
    form: Option<FormCode>,
    year: i32,
    inputs: &Inputs,
    computation: &Computation,
    settings: &Settings,
    taxpayer: &Taxpayer,
) -> FormDraft {
    let year_result = computation
        .years
        .iter()
        .find(|y| y.year == year)
        .cloned()
        .unwrap_or_else(|| {
            // The figures of a form are the declared ones: FIFO whatever method is chosen.
            let declared = Settings {
                method: crate::settings::Method::Fifo,
                ..settings.clone()
            };
            yearly::empty_year(year, &declared)
        });
    let rules = &year_result.rules;
    let rules_form = FormCode::parse(&rules.form.code).unwrap_or(FormCode::F270);
    let form = form.unwrap_or(rules_form);
    let layout = layout::Layout::bundled();
    let form_layout = layout.form(form);
    let (values, mut notes) = figures::compute(&year_result, computation.income_of(year), settings);
    let lists = figures::disposal_lists(year, inputs, computation, settings);
    let figures = form_layout
        .lines
        .iter()
        .map(|line| Figure {
            id: line.id,
            code: line.code.clone(),
            label: line.label.clone(),
            label_ru: line.label_ru.clone(),
            value: values.get(line.id),
            formula: line.formula.clone(),
            formula_ru: line.formula_ru.clone(),
            sums: figures::sums_of(form, line.id, &lists),
        })
        .collect();
    if form != rules_form {
        notes.push(Note::OtherFormThanRules { rules_form });
    }
    if let Some(l) = computation.ledger.year(year) {
        if l.rests_on_opening {
            notes.push(Note::RestsOnOpening);
        }
        if l.rests_on_unknown_cost {
            notes.push(Note::RestsOnUnknownCost);
        }
    }
    let foreign_assets = foreign_assets::rows(year, inputs, computation, settings);
    let holdings = foreign_assets::year_end(year, inputs, computation, settings);
    if !foreign_assets.is_empty() || !holdings.is_empty() {
        notes.push(Note::ForeignAssetsScope);
    }
    FormDraft {
        form,
        rules_form,
        year,
        taxpayer: taxpayer.clone(),
        title: (form_layout.title.clone(), form_layout.title_ru.clone()),
        layout_reference: form_layout.reference.clone(),
        figures,
        foreign_assets,
        holdings,
        name_parts: taxpayer.name_parts(),
        split: None,
        due: rules.form.due,
        pay_by: rules.form.pay_by,
        who_files: rules.form.reference.clone(),
        notes,
        year_result,
        open_warnings: computation.warnings.len(),
    }
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::money::fmt_grouped_whole;
        match self {
            Note::RoundingDiffers {
                report_tax,
                difference,
            } => write!(
                f,
                "H is computed from the whole-tenge taxable income G, as the form does; it differs by {} KZT \
                 from the tax in the report ({} KZT), which is computed before rounding",
                difference.normalize(),
                fmt_grouped_whole(*report_tax)
            ),
            Note::ForeignCreditCapped { entered, cap } => write!(
                f,
                "The foreign tax credit is capped at the Kazakh tax on the foreign income: {} KZT entered, {} KZT \
                 allowed",
                fmt_grouped_whole(*entered),
                fmt_grouped_whole(*cap)
            ),
            Note::ForeignCreditNeedsCertificate => f.write_str(
                "A foreign tax credit needs an apostilled certificate of the tax paid abroad, issued by the \
                 foreign tax authority",
            ),
            Note::IncomeFromBrokerReports { payments } => write!(
                f,
                "B_1_4 and B_1_5 sum {payments} dividend and interest payment(s) of the broker reports: the amounts as \
                 the broker wrote them, read as gross (before the tax withheld) [U]; payments by Kazakhstan issuers \
                 (ISIN KZ…) are left out, as taxed at source [U]; check them against the broker's tax statement"
            ),
            Note::WithholdingCapped { withheld, cap } => write!(
                f,
                "The tax withheld abroad on dividends and interest is credited up to the Kazakh tax on that income \
                 (NC Art. 413): {} KZT withheld, {} KZT credited",
                fmt_grouped_whole(*withheld),
                fmt_grouped_whole(*cap)
            ),
            Note::ForeignAssetsScope => f.write_str(
                "Appendix 270.04 lists the digital assets of every venue and the securities of foreign issuers (by \
                 the ISIN's country, else the venue's) that were acquired or disposed of in the year (section B) or \
                 held on 31 December (section E) [U: which of them the tax office expects is unconfirmed]",
            ),
            Note::OtherFormThanRules { rules_form } => write!(
                f,
                "For this tax year the rules name form {rules_form}: this draft is for comparison only"
            ),
            Note::RestsOnOpening => f.write_str(
                "These figures rest on opening positions you entered (coins held when the history starts): \
                 keep the records of those purchases",
            ),
            Note::RestsOnUnknownCost => f.write_str(
                "These figures rest on coins of unknown origin, given zero cost: enter their purchases, pair \
                 the transfers or import the accounts they came from (see the warnings)",
            ),
            Note::BasicDeduction {
                months,
                amount,
                saving,
            } => match saving {
                Some(saving) => write!(
                    f,
                    "No basic deduction is claimed (F_1 = 0). For the months no employer applied it you may claim \
                     30 MCI a month, at most 360 MCI (NC Arts. 401(2)(2), 403): for 12 months it would save {} KZT \
                     of tax (--basic-deduction-months N)",
                    fmt_grouped_whole(*saving)
                ),
                None => write!(
                    f,
                    "Basic deduction claimed for {months} month(s) no employer applied it: F_1 = {} KZT (30 MCI a \
                     month, at most 360 MCI, at most the income; NC Arts. 401(2)(2), 403) — claim only months no \
                     employer applied it",
                    fmt_grouped_whole(*amount)
                ),
            },
        }
    }
}
