//! A security's issuer country in a trade's menu: what Salyq takes it to be and from where (the
//! user's decision, the broker's instrument data, the ISIN), and a field to set it — an
//! `issuer_country` override with the reason typed in the menu, undoable like every settings
//! change. It wins in the 2025 netting, the filing triggers, 270.04 and the dividend lines.

use crate::action::Action;
use crate::i18n::{Lang, Text};
use crate::override_record::with_override;
use salyq_core::issuer::{IssuerBasis, issuer_country};
use salyq_core::model::{Kind, Trade};
use salyq_core::overrides::{Change, parse_issuer_country};
use salyq_core::settings::Settings;

/// The id of the country field (its draft lives in egui's memory under it).
pub const COUNTRY_FIELD_ID: &str = "salyq_issuer_country";

/// The name a decision gives the security: its ISIN when the trade names one, else its code.
pub fn security_name(trade: &Trade) -> String {
    salyq_core::issuer::isin_of_trade(trade)
        .unwrap_or(&trade.asset)
        .to_string()
}

/// The settings with the issuer country of `trade`'s security set to `typed` (two letters, any
/// case) for `reason`; `None` when `typed` is not a country code or the reason is empty.
pub fn with_issuer_country(s: &Settings, trade: &Trade, typed: &str, reason: &str) -> Option<Settings> {
    let country = parse_issuer_country(typed)?;
    if reason.trim().is_empty() {
        return None;
    }
    let change = Change::IssuerCountry {
        security: security_name(trade),
        country,
    };
    Some(with_override(s, change, reason))
}

/// The menu's issuer part, for a security only.
pub fn ui(
    ui: &mut egui::Ui,
    s: &Settings,
    trade: &Trade,
    reason: &mut String,
    lang: Lang,
    actions: &mut Vec<Action>,
) {
    if trade.kind != Kind::Security || salyq_core::fiat::is_fiat(&trade.asset) {
        return;
    }
    ui.separator();
    let known = issuer_country(trade, &s.overrides);
    let now = match known {
        Some((c, basis)) => lang.f(
            Text::CaseIssuerCountry,
            &[("country", c), ("from", lang.t(basis_text(basis)))],
        ),
        None => lang.t(Text::CaseIssuerUnknown).to_string(),
    };
    ui.label(now);
    let id = egui::Id::unique("salyq_issuer_country_draft");
    let mut typed: String = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_default();
    ui.horizontal(|ui| {
        let l = ui.label(lang.t(Text::CaseIssuerField));
        ui.add(
            egui::TextEdit::singleline(&mut typed)
                .id(egui::Id::unique(COUNTRY_FIELD_ID))
                .char_limit(2)
                .desired_width(36.0),
        )
        .labelled_by(l.id);
        let ready = parse_issuer_country(&typed).is_some() && !reason.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(lang.t(Text::CaseIssuerSet)))
            .on_hover_text(lang.t(Text::CaseIssuerHint))
            .on_disabled_hover_text(lang.t(Text::CaseIssuerHint))
            .clicked()
            && let Some(new) = with_issuer_country(s, trade, &typed, reason)
        {
            actions.push(Action::ApplySettings(Box::new(new)));
            reason.clear();
            typed.clear();
            ui.close();
        }
    });
    ui.data_mut(|d| d.insert_temp(id, typed));
}

fn basis_text(b: IssuerBasis) -> Text {
    match b {
        IssuerBasis::User => Text::CaseIssuerFromUser,
        IssuerBasis::Broker => Text::CaseIssuerFromBroker,
        IssuerBasis::Isin => Text::CaseIssuerFromIsin,
        IssuerBasis::Venue => Text::CaseIssuerFromVenue,
    }
}
