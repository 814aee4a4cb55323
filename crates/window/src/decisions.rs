//! The user's decisions in the window: a trade's menu (exempt, exclude, note), the review of
//! warnings one by one, the dialog that enters a missing purchase, and the case-file dialogs
//! (unsaved changes on quit, recovery of an autosaved copy). Every decision on figures is an
//! override in the settings, so Ctrl+Z undoes it like any other change.

use super::app_state::AppState;
use super::i18n::{Lang, Text};
use crate::action::Action;
use crate::override_record::with_override;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use salyq_core::case::{ReviewStatus, WarningKey};
use salyq_core::exemptions::{ExemptReason, TradeKey};
use salyq_core::model::{Kind, Trade};
use salyq_core::overrides::{Change, ExcludeWhy};
use salyq_core::settings::Settings;
use salyq_core::warning::{Warning, WarningDetail};

/// True when an override excludes the trade (the latest exclusion counts until removed).
pub fn is_excluded(settings: &Settings, key: &TradeKey) -> bool {
    settings
        .overrides
        .iter()
        .any(|o| matches!(&o.change, Change::Exclude { trade, .. } if trade == key))
}

/// The id of the reason field of a trade's menu (Enter on a trade opens the menu there).
pub const TRADE_REASON_ID: &str = "salyq_trade_reason";

/// A trade's context menu: exemption, exclusion, note — each with the reason typed in `draft`.
pub fn trade_menu(
    ui: &mut egui::Ui,
    state: &AppState,
    trade: &Trade,
    draft: &mut String,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let key = TradeKey::of(&trade.source());
    let s = &state.settings;
    ui.strong(trade.source().to_string());
    ui.horizontal(|ui| {
        let l = ui.label(lang.t(Text::CaseReason));
        ui.add(
            egui::TextEdit::singleline(draft)
                .id(egui::Id::unique(TRADE_REASON_ID))
                .hint_text(lang.t(Text::CaseReasonHint))
                .desired_width(240.0),
        )
        .labelled_by(l.id);
    });
    ui.separator();
    ui.label(lang.t(Text::FormsMarkExempt));
    let current = s.place(trade).exempt;
    let mut exempt = |ui: &mut egui::Ui, reason: Option<ExemptReason>, text: &str| {
        if ui.radio(current == reason, text).clicked() && current != reason {
            let change = Change::Exempt {
                trade: key.clone(),
                exemption: reason,
            };
            actions.push(Action::ApplySettings(Box::new(with_override(s, change, draft))));
            draft.clear();
            ui.close();
        }
    };
    exempt(ui, None, lang.t(Text::FormsNotExempt));
    for r in ExemptReason::ALL {
        exempt(ui, Some(r), crate::i18n::reason(lang, r));
    }
    ui.separator();
    if is_excluded(s, &key) {
        if ui.button(lang.t(Text::CaseInclude)).clicked() {
            let mut new = s.clone();
            new.overrides
                .retain(|o| !matches!(&o.change, Change::Exclude { trade, .. } if *trade == key));
            actions.push(Action::ApplySettings(Box::new(new)));
            ui.close();
        }
    } else {
        ui.label(lang.t(Text::CaseExclude));
        for (why, text) in [
            (ExcludeWhy::Duplicate, Text::CaseExcludeDuplicate),
            (ExcludeWhy::OwnTransfer, Text::CaseExcludeTransfer),
            (ExcludeWhy::Other, Text::CaseExcludeOther),
        ] {
            if ui.button(lang.t(text)).clicked() {
                let change = Change::Exclude {
                    trade: key.clone(),
                    why,
                };
                actions.push(Action::ApplySettings(Box::new(with_override(s, change, draft))));
                draft.clear();
                ui.close();
            }
        }
    }
    crate::issuer_menu::ui(ui, s, trade, draft, lang, actions);
    ui.separator();
    if let Some(n) = state.case.notes.on(&key) {
        ui.weak(format!(
            "{} — {}",
            n.text,
            lang.f(
                Text::CaseBy,
                &[("by", &n.by), ("at", &n.at.format("%Y-%m-%d %H:%M").to_string())]
            )
        ));
    }
    if ui
        .add_enabled(
            !draft.trim().is_empty(),
            egui::Button::new(lang.t(Text::CaseSaveNote)),
        )
        .clicked()
    {
        actions.push(Action::TradeNote(key, draft.trim().to_string()));
        draft.clear();
        ui.close();
    }
}

/// A missing purchase being entered.
#[derive(Debug, Clone, Default)]
pub struct PurchaseDialog {
    /// Asset code.
    pub asset: String,
    /// Its kind.
    pub kind: Kind,
    /// Date typed.
    pub date: String,
    /// Quantity typed.
    pub quantity: String,
    /// Cost typed.
    pub cost: String,
    /// The sale it covers.
    pub for_trade: Option<TradeKey>,
    /// Why (kept with the override).
    pub reason: String,
    /// The venue, when known (a deposit's, a balance gap's).
    pub venue: Option<String>,
    /// True for an opening position (a balance gap's).
    pub opening: bool,
}

impl PurchaseDialog {
    /// A dialog prefilled from a missing-purchase warning.
    pub fn for_warning(w: &Warning, trade: Option<&Trade>) -> Option<PurchaseDialog> {
        // A deposit or a purchase of unknown cost: the purchase behind it, which then replaces
        // its zero-cost lot; a balance gap: an opening position on its venue.
        let ledger =
            |asset: &str, quantity: Decimal, date: NaiveDate, venue: &str, opening: bool| PurchaseDialog {
                asset: asset.to_string(),
                kind: Kind::Crypto,
                date: if opening {
                    date.pred_opt().unwrap_or(date)
                } else {
                    date
                }
                .to_string(),
                quantity: quantity.normalize().to_string(),
                cost: String::new(),
                for_trade: if opening {
                    None
                } else {
                    w.source.as_ref().map(TradeKey::of)
                },
                reason: String::new(),
                venue: Some(venue.to_string()),
                opening,
            };
        match &w.detail {
            WarningDetail::UnknownOrigin {
                asset,
                quantity,
                venue,
                date,
                ..
            } => return Some(ledger(asset, *quantity, *date, venue, false)),
            WarningDetail::BalanceGap {
                venue,
                asset,
                quantity,
                date,
                stated: None,
            } => return Some(ledger(asset, *quantity, *date, venue, true)),
            _ => {}
        }
        let WarningDetail::MissingPurchase {
            asset,
            uncovered,
            date,
            ..
        } = &w.detail
        else {
            return None;
        };
        Some(PurchaseDialog {
            asset: asset.clone(),
            kind: trade.map_or(Kind::Crypto, |t| t.kind),
            date: date.pred_opt().unwrap_or(*date).to_string(),
            quantity: uncovered.normalize().to_string(),
            cost: String::new(),
            for_trade: trade.map(|t| TradeKey::of(&t.source())),
            reason: String::new(),
            venue: None,
            opening: false,
        })
    }

    /// The override this dialog makes, when every field reads.
    pub fn change(&self) -> Option<Change> {
        let date = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").ok()?;
        let quantity = salyq_core::parse::decimal(self.quantity.trim()).filter(|q| *q > Decimal::ZERO)?;
        let cost = salyq_core::parse::decimal(self.cost.trim()).filter(|c| !c.is_sign_negative())?;
        let asset = self.asset.trim();
        (!asset.is_empty()).then(|| Change::AddPurchase {
            asset: asset.to_uppercase(),
            kind: self.kind,
            date,
            quantity,
            cost_kzt: cost,
            venue: self.venue.clone(),
            for_trade: self.for_trade.clone(),
        })
    }

    /// Draws the dialog; returns false when it is closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        settings: &Settings,
        lang: Lang,
        actions: &mut Vec<Action>,
    ) -> bool {
        let mut open = true;
        let mut done = false;
        let title = if self.opening {
            lang.t(Text::LedgerOpeningTitle)
        } else {
            lang.t(Text::CaseEnterPurchaseTitle)
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("purchase_grid").num_columns(2).show(ui, |ui| {
                    for (key, text) in [
                        (Text::CaseAsset, &mut self.asset),
                        (Text::CaseDate, &mut self.date),
                        (Text::CaseQuantity, &mut self.quantity),
                        (Text::CaseCostKzt, &mut self.cost),
                        (Text::CaseReason, &mut self.reason),
                    ] {
                        let l = ui.label(lang.t(key));
                        ui.add(egui::TextEdit::singleline(text).desired_width(200.0))
                            .labelled_by(l.id);
                        ui.end_row();
                    }
                });
                let change = self.change();
                if ui
                    .add_enabled(change.is_some(), egui::Button::new(lang.t(Text::CaseAdd)))
                    .clicked()
                    && let Some(change) = change
                {
                    actions.push(Action::ApplySettings(Box::new(with_override(
                        settings,
                        change,
                        &self.reason,
                    ))));
                    done = true;
                }
            });
        open && !done
    }
}

/// The review status of a warning in words.
pub fn status_name(lang: Lang, s: ReviewStatus) -> &'static str {
    lang.t(match s {
        ReviewStatus::Open => Text::CaseStatusOpen,
        ReviewStatus::Accepted => Text::CaseStatusAccepted,
        ReviewStatus::Resolved => Text::CaseStatusResolved,
    })
}

/// The review of one warning: its status, reason and the buttons that decide.
pub fn review_controls(
    ui: &mut egui::Ui,
    state: &AppState,
    w: &Warning,
    draft: &mut String,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let status = salyq_core::case::review::status_of(&state.case.reviews, w);
    ui.horizontal_wrapped(|ui| {
        ui.strong(lang.t(Text::CaseReview));
        ui.label(status_name(lang, status));
        let l = ui.label(lang.t(Text::CaseReason));
        ui.add(
            egui::TextEdit::singleline(draft)
                .hint_text(lang.t(Text::CaseReasonHint))
                .desired_width(260.0),
        )
        .labelled_by(l.id);
        for (s, key) in [
            (ReviewStatus::Accepted, Text::CaseAccept),
            (ReviewStatus::Resolved, Text::CaseMarkResolved),
            (ReviewStatus::Open, Text::CaseReopen),
        ] {
            let needs_reason = s == ReviewStatus::Accepted && draft.trim().is_empty();
            if ui
                .add_enabled(s != status && !needs_reason, egui::Button::new(lang.t(key)))
                .clicked()
            {
                actions.push(Action::ReviewWarning(
                    WarningKey::of(w),
                    s,
                    draft.trim().to_string(),
                ));
                draft.clear();
            }
        }
    });
}

/// The dialogs of case files: unsaved changes on quit, recovery of an autosaved copy.
pub fn case_dialogs(
    ctx: &egui::Context,
    state: &AppState,
    asking_quit: bool,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    let name = state.case_path.as_ref().and_then(|p| p.file_name()).map_or_else(
        || lang.t(Text::CaseUntitled).to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if asking_quit {
        egui::Modal::new(egui::Id::unique("salyq_unsaved")).show(ctx, |ui| {
            ui.heading(lang.t(Text::CaseUnsaved));
            if state.case_path.is_some() {
                ui.label(lang.f(Text::CaseUnsavedText, &[("name", &name)]));
            } else {
                ui.label(lang.t(Text::CaseUnsavedUntitled));
            }
            ui.horizontal(|ui| {
                if ui.button(lang.t(Text::CaseSave)).clicked() {
                    actions.push(Action::Quit(QuitChoice::Save));
                }
                if ui.button(lang.t(Text::CaseDontSave)).clicked() {
                    actions.push(Action::Quit(QuitChoice::Discard));
                }
                if ui.button(lang.t(Text::CaseCancel)).clicked() {
                    actions.push(Action::Quit(QuitChoice::Stay));
                }
            });
        });
    }
    if let Some((_, path)) = &state.recovery {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        egui::Modal::new(egui::Id::unique("salyq_recovery")).show(ctx, |ui| {
            ui.heading(lang.t(Text::CaseRecoveryTitle));
            ui.label(lang.f(Text::CaseRecoveryText, &[("name", &name)]));
            ui.horizontal(|ui| {
                if ui.button(lang.t(Text::CaseOpenCopy)).clicked() {
                    actions.push(Action::Recover(true));
                }
                if ui.button(lang.t(Text::CaseDiscardCopy)).clicked() {
                    actions.push(Action::Recover(false));
                }
            });
        });
    }
}

/// The choices of the quit question (they live with the actions).
pub use crate::action::QuitChoice;

/// The case's own panel (top of the Settings tab): residency, the note on the case, and every
/// decision with who, when and why, each removable (an undoable change).
pub fn case_panel(
    ui: &mut egui::Ui,
    state: &AppState,
    note: &mut Option<String>,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    use salyq_core::case::Residency;
    ui.horizontal(|ui| {
        ui.strong(lang.t(Text::CaseResidency));
        for (r, key) in [
            (Residency::Resident, Text::CaseResident),
            (Residency::NonResident, Text::CaseNonResident),
        ] {
            if ui.radio(state.case.residency == r, lang.t(key)).clicked() && state.case.residency != r {
                actions.push(Action::SetResidency(r));
            }
        }
    });
    if state.case.residency == Residency::NonResident {
        ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::CaseNonResidentWarn));
    }
    ui.horizontal(|ui| {
        let l = ui.strong(lang.t(Text::CaseCaseNote));
        let text = note.get_or_insert_with(|| state.case.notes.case.clone());
        ui.add(
            egui::TextEdit::multiline(text)
                .desired_rows(2)
                .desired_width(520.0),
        )
        .labelled_by(l.id);
        if ui
            .add_enabled(
                *text != state.case.notes.case,
                egui::Button::new(lang.t(Text::CaseSaveNote)),
            )
            .clicked()
        {
            actions.push(Action::CaseNote(text.clone()));
        }
    });
    let list = &state.settings.overrides;
    egui::CollapsingHeader::new(lang.f(Text::CaseDecisions, &[("n", &list.len().to_string())]))
        .id_salt("decisions")
        .default_open(!list.is_empty())
        .show(ui, |ui| {
            if list.is_empty() {
                ui.weak(lang.t(Text::CaseNoDecisions));
            }
            egui::Grid::new("decisions_grid")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for o in list {
                        ui.label(format!("#{}", o.id));
                        ui.label(describe(lang, &o.change));
                        ui.weak(format!(
                            "{} — {}",
                            if o.reason.is_empty() { "—" } else { &o.reason },
                            lang.f(
                                Text::CaseBy,
                                &[("by", &o.by), ("at", &o.at.format("%Y-%m-%d %H:%M").to_string())]
                            )
                        ));
                        if ui.small_button(lang.t(Text::CaseUndo)).clicked() {
                            let mut s = state.settings.clone();
                            s.overrides.retain(|x| x.id != o.id);
                            actions.push(Action::ApplySettings(Box::new(s)));
                        }
                        ui.end_row();
                    }
                });
        });
    ui.separator();
}

/// A decision in a few words.
pub fn describe(lang: Lang, c: &Change) -> String {
    match c {
        Change::Exempt { trade, exemption } => format!(
            "{trade}: {}",
            exemption.map_or(lang.t(Text::FormsNotExempt), |r| crate::i18n::reason(lang, r))
        ),
        Change::Exclude { trade, why } => format!(
            "{trade}: {} ({})",
            lang.t(Text::CaseExcluded),
            lang.t(match why {
                ExcludeWhy::Duplicate => Text::CaseExcludeDuplicate,
                ExcludeWhy::OwnTransfer => Text::CaseExcludeTransfer,
                ExcludeWhy::Other => Text::CaseExcludeOther,
            })
        ),
        Change::AddPurchase {
            asset,
            date,
            quantity,
            cost_kzt,
            ..
        } => format!(
            "+ {} {asset} {date} {}",
            super::fmt::quantity(lang, *quantity),
            super::fmt::money(lang, *cost_kzt)
        ),
        Change::PairTransfer { withdrawal, deposit } => {
            format!("{withdrawal} ↔ {deposit}: {}", lang.t(Text::LedgerPaired))
        }
        Change::UnpairTransfer { withdrawal, deposit } => {
            format!("{withdrawal} ↔ {deposit}: {}", lang.t(Text::LedgerUnpaired))
        }
        Change::VenueCountry { venue, country } => format!("{venue}: {}", country.as_str()),
        Change::IssuerCountry { security, country } => format!("{security}: {country}"),
    }
}
