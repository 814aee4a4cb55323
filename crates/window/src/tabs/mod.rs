//! The tabs of the window, one file each, and the words they share.

pub mod compliance;
pub mod disposals;
pub mod forms;
pub mod income;
pub mod settings;
pub mod summary;
pub mod trades;
pub mod warnings;

use super::i18n::{Lang, Text};
pub use crate::core_text::{confidence_name, fee_name, fx_name, method_name, netting_name};
use salyq_core::legs::Role;
use salyq_core::model::{Kind, Side};
use salyq_core::rules::{Confidence, Reference};
use salyq_core::warning::WarningKind;
use serde::{Deserialize, Serialize};

/// A tab of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    /// Every trade.
    Trades,
    /// Every disposal with its lots.
    Disposals,
    /// The yearly figures.
    #[default]
    Summary,
    /// The declaration draft.
    Forms,
    /// Warnings and assumptions.
    Warnings,
    /// Method, time zone and rules.
    Settings,
    /// Holdings, thresholds, declarations, AIFC limits and venue statuses of a year.
    Compliance,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 7] = [
        Tab::Summary,
        Tab::Forms,
        Tab::Compliance,
        Tab::Trades,
        Tab::Disposals,
        Tab::Warnings,
        Tab::Settings,
    ];

    /// The tab's title.
    pub fn title(self, lang: Lang) -> &'static str {
        lang.t(match self {
            Tab::Trades => Text::TabTrades,
            Tab::Disposals => Text::TabDisposals,
            Tab::Summary => Text::TabSummary,
            Tab::Forms => Text::TabForms,
            Tab::Warnings => Text::TabWarnings,
            Tab::Settings => Text::TabSettings,
            Tab::Compliance => Text::TabCompliance,
        })
    }

    /// The tab named `name` (`summary`, `trades`...), for `SALYQ_START_TAB`.
    pub fn from_name(name: &str) -> Option<Tab> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "trades" => Tab::Trades,
            "disposals" => Tab::Disposals,
            "summary" => Tab::Summary,
            "forms" => Tab::Forms,
            "warnings" => Tab::Warnings,
            "settings" => Tab::Settings,
            "compliance" => Tab::Compliance,
            _ => return None,
        })
    }
}

/// A kind of property in words.
pub fn kind_name(lang: Lang, kind: Kind) -> &'static str {
    lang.t(match kind {
        Kind::Crypto => Text::Crypto,
        Kind::Security => Text::Security,
        Kind::Other => Text::Other,
    })
}

/// A side in words.
pub fn side_name(lang: Lang, side: Side) -> &'static str {
    lang.t(match side {
        Side::Buy => Text::Buy,
        Side::Sell => Text::Sell,
    })
}

/// Why an asset left, in words.
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    lang.t(match role {
        Role::Sold => Text::Sold,
        Role::Spent => Text::Spent,
        Role::Fee => Text::FeeRole,
    })
}

/// A warning kind in words.
pub fn warning_name(lang: Lang, k: WarningKind) -> &'static str {
    lang.t(match k {
        WarningKind::UnknownOrigin => return lang.t(Text::LedgerKindUnknownOrigin),
        WarningKind::UnpairedWithdrawal => return lang.t(Text::LedgerKindUnpairedWithdrawal),
        WarningKind::BalanceGap => return lang.t(Text::LedgerKindBalanceGap),
        WarningKind::LedgerNoPrice => return lang.t(Text::LedgerKindNoPrice),
        WarningKind::MissingPurchase => Text::MissingPurchase,
        WarningKind::StalePrice => Text::StalePrice,
        WarningKind::Duplicate => Text::Duplicate,
        WarningKind::FiatExchange => Text::FiatExchange,
        WarningKind::NoRulesForYear => Text::NoRulesForYear,
        WarningKind::NotImported => Text::NotImported,
        WarningKind::BrokerFifoDiffers => Text::BrokerFifoDiffers,
        WarningKind::TaxHavenZeroCost => Text::TaxHavenZeroCost,
        WarningKind::TimeZoneAssumed => Text::TimeZoneAssumed,
    })
}

/// Shows a rule's reference: its text, confidence (unconfirmed ones stand out) and whether the
/// user changed it.
pub fn reference_ui(ui: &mut egui::Ui, lang: Lang, r: &Reference) {
    ui.horizontal_wrapped(|ui| {
        let conf = confidence_name(lang, r.confidence);
        if r.confidence == Confidence::U {
            ui.colored_label(ui.visuals().warn_fg_color, conf);
        } else {
            ui.weak(conf);
        }
        if r.set_by_user {
            ui.colored_label(ui.visuals().selection.stroke.color, lang.t(Text::ChangedByYou));
        }
        ui.weak(super::core_text::reference_text(lang, r));
    });
}
