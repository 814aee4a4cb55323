//! The ledger in the window: its warnings in words, the Pair… dialog, the list of paired
//! transfers (with Unpair), and a lot's path for the Disposals tab. Every decision is an
//! override added through the settings, so Undo takes it back.

use super::app_state::AppState;
use super::fmt;
use super::i18n::{Lang, Text};
use super::override_record::with_override;
use crate::action::Action;
use salyq_core::exemptions::TradeKey;
use salyq_core::ledger::{Entry, EntryKind};
use salyq_core::overrides::Change;
use salyq_core::settings::Settings;
use salyq_core::warning::{Warning, WarningDetail, long_date};

/// A day as the English message writes it (`10 Jan 2024`), ISO in the other languages.
fn day(lang: Lang, d: chrono::NaiveDate) -> String {
    if lang == Lang::En {
        long_date(d)
    } else {
        d.to_string()
    }
}

/// A ledger warning in words.
pub fn warning(lang: Lang, w: &WarningDetail) -> String {
    match w {
        WarningDetail::UnknownOrigin {
            asset,
            quantity,
            venue,
            date,
            how,
        } => {
            let args = [
                ("quantity", fmt::quantity(lang, *quantity)),
                ("asset", asset.clone()),
                ("venue", venue.clone()),
                ("date", day(lang, *date)),
                ("how", how.clone().unwrap_or_default()),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let key = if how.is_some() {
                Text::LedgerWarnUnknownCost
            } else {
                Text::LedgerWarnUnknownOrigin
            };
            lang.f(key, &args)
        }
        WarningDetail::UnpairedWithdrawal {
            asset,
            quantity,
            venue,
            date,
        } => lang.f(
            Text::LedgerWarnUnpairedWithdrawal,
            &[
                ("quantity", &fmt::quantity(lang, *quantity)),
                ("asset", asset),
                ("venue", venue),
                ("date", &day(lang, *date)),
            ],
        ),
        WarningDetail::BalanceGap {
            venue,
            asset,
            quantity,
            date,
            stated: None,
        } => lang.f(
            Text::LedgerWarnBalanceGap,
            &[
                ("quantity", &fmt::quantity(lang, *quantity)),
                ("asset", asset),
                ("venue", venue),
                ("date", &date.to_string()),
            ],
        ),
        WarningDetail::BalanceGap {
            venue,
            asset,
            quantity,
            date,
            stated: Some(stated),
        } => lang.f(
            Text::LedgerWarnBalanceDiffers,
            &[
                ("asset", asset),
                ("venue", venue),
                ("date", &date.to_string()),
                ("stated", &fmt::quantity(lang, *stated)),
                ("ours", &fmt::quantity(lang, *stated - *quantity)),
            ],
        ),
        WarningDetail::LedgerNoPrice { asset, date, what } => lang.f(
            Text::LedgerWarnNoPrice,
            &[("asset", asset), ("date", &date.to_string()), ("what", what)],
        ),
        other => other.to_string(),
    }
}

/// True when a warning can be resolved by pairing a transfer.
pub fn can_pair(w: &Warning) -> bool {
    matches!(
        w.detail,
        WarningDetail::UnknownOrigin { how: None, .. } | WarningDetail::UnpairedWithdrawal { .. }
    )
}

/// The Pair… dialog: the row the warning is about and the rows of the other side it may pair
/// with, best first.
#[derive(Debug, Clone)]
pub struct PairDialog {
    /// The row the warning is about (a deposit or a withdrawal).
    pub row: TradeKey,
    /// Its words.
    pub about: String,
    /// The candidates: (withdrawal, deposit, words).
    pub candidates: Vec<(TradeKey, TradeKey, String)>,
    /// Why (kept with the override).
    pub reason: String,
}

fn words(lang: Lang, e: &Entry) -> String {
    format!(
        "{} {} {} {} {} ({})",
        e.time.format("%Y-%m-%d %H:%M"),
        e.kind.as_str(),
        fmt::quantity(lang, e.quantity),
        e.asset,
        e.venue_name(),
        e.source
    )
}

impl PairDialog {
    /// The dialog for warning `w` of `state`'s computation, when it is about a transfer row.
    pub fn for_warning(state: &AppState, w: &Warning, lang: Lang) -> Option<PairDialog> {
        let c = state.computed.as_ref()?;
        let out = c.inputs.ledger.outcome.as_ref()?;
        let src = w.source.as_ref()?;
        let k = out.entries.iter().position(|e| e.source == *src)?;
        let e = &out.entries[k];
        let taken: std::collections::HashSet<usize> =
            out.pairs.iter().flat_map(|p| [p.out, p.into]).collect();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        match e.kind {
            EntryKind::TransferOut => {
                for d in salyq_core::ledger::transfers::candidates_for(&out.entries, k, &out.pairs) {
                    candidates.push((k, d));
                }
            }
            EntryKind::TransferIn => {
                for (i, wd) in out.entries.iter().enumerate() {
                    if wd.kind == EntryKind::TransferOut
                        && !taken.contains(&i)
                        && wd.asset == e.asset
                        && wd.venue_name() != e.venue_name()
                        && e.quantity <= wd.quantity
                    {
                        candidates.push((i, k));
                    }
                }
                candidates.sort_by_key(|&(i, _)| (out.entries[i].utc() - e.utc()).num_seconds().abs());
            }
            _ => return None,
        }
        Some(PairDialog {
            row: salyq_core::ledger::key(e),
            about: words(lang, e),
            candidates: candidates
                .into_iter()
                .take(20)
                .map(|(wi, di)| {
                    let other = if wi == k { di } else { wi };
                    (
                        salyq_core::ledger::key(&out.entries[wi]),
                        salyq_core::ledger::key(&out.entries[di]),
                        words(lang, &out.entries[other]),
                    )
                })
                .collect(),
            reason: String::new(),
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
        egui::Window::new(lang.t(Text::LedgerPairTitle))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(&self.about);
                ui.horizontal(|ui| {
                    let l = ui.label(lang.t(Text::CaseReason));
                    ui.text_edit_singleline(&mut self.reason).labelled_by(l.id);
                });
                ui.separator();
                if self.candidates.is_empty() {
                    ui.label(lang.t(Text::LedgerNoCandidates));
                }
                for (w, d, text) in &self.candidates {
                    ui.horizontal(|ui| {
                        if ui.button(lang.t(Text::LedgerPairWith)).clicked() {
                            let change = Change::PairTransfer {
                                withdrawal: w.clone(),
                                deposit: d.clone(),
                            };
                            actions.push(Action::ApplySettings(Box::new(with_override(
                                settings,
                                change,
                                &self.reason,
                            ))));
                            done = true;
                        }
                        ui.label(text);
                    });
                }
            });
        open && !done
    }
}

/// The paired transfers, each with Unpair.
pub fn transfers(ui: &mut egui::Ui, state: &AppState, lang: Lang, actions: &mut Vec<Action>) {
    let Some(c) = &state.computed else { return };
    let list = &c.computation.ledger.transfers;
    egui::CollapsingHeader::new(format!("{} ({})", lang.t(Text::LedgerTransfers), list.len()))
        .id_salt("ledger_transfers")
        .show(ui, |ui| {
            if list.is_empty() {
                ui.weak(lang.t(Text::LedgerNoTransfers));
            }
            egui::ScrollArea::vertical().max_height(160.0).show(ui, |ui| {
                for p in list {
                    ui.horizontal(|ui| {
                        if ui.small_button(lang.t(Text::LedgerUnpair)).clicked() {
                            let change = Change::UnpairTransfer {
                                withdrawal: TradeKey::of(&p.withdrawal),
                                deposit: TradeKey::of(&p.deposit),
                            };
                            actions.push(Action::ApplySettings(Box::new(with_override(
                                &state.settings,
                                change,
                                "",
                            ))));
                        }
                        ui.label(lang.f(
                            Text::LedgerTransferLine,
                            &[
                                ("quantity", &fmt::quantity(lang, p.quantity)),
                                ("asset", &p.asset),
                                ("from", &p.from),
                                ("to", &p.to),
                                ("withdrawal", &p.withdrawal.to_string()),
                                ("deposit", &p.deposit.to_string()),
                                ("fee", &fmt::quantity(lang, p.fee)),
                            ],
                        ));
                    });
                }
            });
        });
}

/// A lot's venue and path in words ("acquired on Binance; moved Binance → Bybit on
/// 2024-02-01"), and what a lot made from a ledger row is ("reward: Staking Rewards").
pub fn lot_path(c: &super::worker::Computed, lot: usize, sale: usize, lang: Lang) -> String {
    let made = c
        .inputs
        .ledger
        .outcome
        .as_ref()
        .and_then(|o| o.made_of(lot))
        .and_then(|_| c.inputs.trades.get(lot))
        .and_then(|t| t.note.as_deref())
        .map(|n| format!("{n}; "))
        .unwrap_or_default();
    let hops = salyq_core::ledger::path(&c.inputs, lot, sale, c.settings.tz);
    if hops.is_empty() {
        let venue = c.inputs.trades.get(lot).and_then(|t| t.exchange.as_deref());
        return match venue {
            Some(v) => format!("{made}{}", lang.f(Text::LedgerBoughtOn, &[("venue", v)])),
            None => made.trim_end_matches("; ").to_string(),
        };
    }
    let mut s = made;
    s.push_str(&lang.f(Text::LedgerBoughtOn, &[("venue", &hops[0].from)]));
    for h in &hops {
        s.push_str("; ");
        s.push_str(&lang.f(
            Text::LedgerMovedTo,
            &[("from", &h.from), ("to", &h.to), ("date", &h.date.to_string())],
        ));
    }
    s
}

/// The ledger's settings: network fee and reward cost for every year (unconfirmed rules, with
/// their references), and the pairing tolerances.
pub fn settings_section(ui: &mut egui::Ui, s: &mut salyq_core::ledger::LedgerSettings, lang: Lang) {
    use salyq_core::ledger::{FeeTreatment, RewardCost, rules::bundled};
    let b = bundled();
    let reference = |ui: &mut egui::Ui, en: &str, id: &str| {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, lang.t(Text::LedgerUnconfirmed));
            ui.weak(match lang {
                Lang::En => en,
                _ => lang.data(id).unwrap_or(en),
            });
        });
    };
    ui.heading(lang.t(Text::LedgerSettingsHeading));
    ui.label(lang.t(Text::LedgerNetworkFeeLabel));
    ui.horizontal_wrapped(|ui| {
        let mut v = s.network_fee_all.unwrap_or(b.network_fee.default);
        ui.radio_value(&mut v, FeeTreatment::Reduce, lang.t(Text::LedgerFeeReduce));
        ui.radio_value(&mut v, FeeTreatment::Dispose, lang.t(Text::LedgerFeeDispose));
        if v != s.network_fee_all.unwrap_or(b.network_fee.default) {
            s.network_fee_all = Some(v);
        }
    });
    reference(ui, &b.network_fee.reference, &b.network_fee.reference_id);
    ui.label(lang.t(Text::LedgerRewardCostLabel));
    ui.horizontal_wrapped(|ui| {
        let mut v = s.reward_cost_all.unwrap_or(b.reward_cost.default);
        ui.radio_value(&mut v, RewardCost::Zero, lang.t(Text::LedgerRewardZero));
        ui.radio_value(&mut v, RewardCost::Value, lang.t(Text::LedgerRewardValue));
        if v != s.reward_cost_all.unwrap_or(b.reward_cost.default) {
            s.reward_cost_all = Some(v);
        }
    });
    reference(ui, &b.reward_cost.reference, &b.reward_cost.reference_id);
    ui.horizontal(|ui| {
        let l = ui.label(lang.t(Text::LedgerWindowHours));
        ui.add(egui::DragValue::new(&mut s.window_hours).range(1..=720))
            .labelled_by(l.id);
        ui.add_space(12.0);
        let l = ui.label(lang.t(Text::LedgerFeePercent));
        // In tenths of a percent, so no float touches the tolerance.
        let mut tenths =
            rust_decimal::prelude::ToPrimitive::to_u32(&(s.fee_percent * rust_decimal::Decimal::TEN).round())
                .unwrap_or(20);
        if ui
            .add(
                egui::DragValue::new(&mut tenths)
                    .range(0..=500)
                    .custom_formatter(|n, _| format!("{:.1}", n / 10.0))
                    .custom_parser(|t| {
                        t.trim()
                            .replace(',', ".")
                            .parse::<f64>()
                            .ok()
                            .map(|x| (x * 10.0).round())
                    }),
            )
            .labelled_by(l.id)
            .changed()
        {
            s.fee_percent = rust_decimal::Decimal::new(i64::from(tenths), 1);
        }
    });
}
