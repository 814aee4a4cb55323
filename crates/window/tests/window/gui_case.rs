//! Case files in the window, driven headless through egui_kittest (jobs run at once): save and
//! reopen, unsaved changes never lost silently, overrides from the menus, reviews, recovery.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use salyq_core::case::ReviewStatus;
use salyq_core::import::FileRole;
use salyq_window::tabs::Tab;

use salyq_window::{Action, App};

use crate::common::{empty, history};

fn tax_2025(h: &Harness<'static, App>) -> Decimal {
    h.state().state.computed.as_ref().unwrap().computation.years[0].tax
}

#[test]
fn a_case_saved_with_decisions_reopens_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = empty();
    h.state_mut().import_paths(&[history(dir.path())], FileRole::Auto);
    h.run();
    assert_eq!(tax_2025(&h), Decimal::from(110_000));
    assert!(h.state().state.is_dirty(), "an import is a change");
    // Enter the missing purchase from the warning's review: 0.5 BTC for 700,000 on 2024-12-02.
    // Gain 1,600,000 − 500,000 − 700,000 = 400,000; tax 40,000.
    h.state_mut().tab = Tab::Warnings;
    h.run();
    h.get_by_label("missing purchase").click();
    h.run();
    h.get_by_label("Enter the missing purchase…").click();
    h.run();
    let d = h.state_mut().purchase.as_mut().expect("the dialog is open");
    assert_eq!((d.asset.as_str(), d.quantity.as_str()), ("BTC", "0.5"));
    d.date = "2024-12-02".into();
    d.cost = "700000".into();
    d.reason = "bought on a closed exchange, receipt on file".into();
    h.run();
    h.get_by_label("Add").click();
    h.run();
    assert_eq!(tax_2025(&h), Decimal::from(40_000));
    // A reviewer's note and a review.
    h.state_mut().forms.name = "Aigerim Test".into();
    h.state_mut().forms.iin = "900101300126".into();
    h.run();
    let w = h
        .state()
        .state
        .computed
        .as_ref()
        .unwrap()
        .computation
        .warnings
        .clone();
    for warning in &w {
        let key = salyq_core::case::WarningKey::of(warning);
        h.state_mut().act(Action::ReviewWarning(
            key,
            ReviewStatus::Accepted,
            "checked".into(),
        ));
    }
    h.run();
    let path = dir.path().join("client.salyq");
    h.state_mut().state.save_case(Some(path.clone()), None);
    h.run();
    assert!(!h.state().state.is_dirty(), "saved");
    assert!(path.exists());
    assert_eq!(h.state().prefs.recent_cases[0].taxpayer, "Aigerim Test");
    // The source file may go away: the case embeds it.
    std::fs::remove_file(dir.path().join("history.csv")).unwrap();
    let mut h2 = empty();
    h2.state_mut().act(Action::OpenCase(Some(path.clone())));
    h2.run();
    assert_eq!(tax_2025(&h2), Decimal::from(40_000));
    assert_eq!(h2.state().state.settings, h.state().state.settings);
    assert_eq!(h2.state().state.case.reviews, h.state().state.case.reviews);
    assert_eq!(h2.state().forms.iin, "900101300126");
    assert!(!h2.state().state.is_dirty());
    // Undo of the entered purchase after reopening is not possible (history starts at open),
    // but removing it by a settings change restores the figure.
    let mut s = h2.state().state.settings.clone();
    s.overrides.clear();
    h2.state_mut().act(Action::ApplySettings(Box::new(s)));
    h2.run();
    assert_eq!(tax_2025(&h2), Decimal::from(110_000));
    assert!(h2.state().state.is_dirty());
}

#[test]
fn a_trade_excluded_from_its_menu_leaves_the_figures_and_undo_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = empty();
    let file = dir.path().join("dup.csv");
    // The sale appears twice (a duplicate the exchange exported with another id). Buy 1 for
    // 1,000,000; sell 0.5 for 700,000 (gain 200,000) twice → 400,000, tax 40,000. Excluding
    // the second: 200,000, tax 20,000.
    std::fs::write(
        &file,
        "date,side,asset,quantity,total,currency,id\n\
         2025-03-03T10:00:00Z,buy,BTC,1,1000000,KZT,a\n\
         2025-06-02T10:00:00Z,sell,BTC,0.5,700000,KZT,b\n\
         2025-06-02T10:00:00Z,sell,BTC,0.5,700000,KZT,c\n",
    )
    .unwrap();
    h.state_mut().import_paths(&[file], FileRole::Auto);
    h.state_mut().tab = Tab::Trades;
    h.run();
    assert_eq!(tax_2025(&h), Decimal::from(40_000));
    h.get_by_label("dup.csv:4")
        .click_button(egui::PointerButton::Secondary);
    h.run();
    // The menu stays open while the reason is typed.
    h.get_by_label("Why:").click();
    h.run();
    h.get_by_label("Why:").type_text("same fill exported twice");
    h.run();
    h.get_by_label("a duplicate of another trade").click();
    h.run();
    assert_eq!(tax_2025(&h), Decimal::from(20_000));
    let o = &h.state().state.settings.overrides[0];
    assert_eq!(o.id, 1);
    assert_eq!(o.reason, "same fill exported twice");
    assert!(!o.by.is_empty());
    // The other trades keep their tenge values in the table.
    assert_eq!(h.query_all_by_label("700,000.00").count(), 1);
    h.get_by_label_contains("excluded");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(tax_2025(&h), Decimal::from(40_000));
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = empty();
    h.state_mut().import_paths(&[history(dir.path())], FileRole::Auto);
    h.run();
    h.state_mut()
        .act(Action::Quit(salyq_window::decisions::QuitChoice::Ask));
    h.run();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert!(h.state().state.is_dirty(), "nothing was lost");
    // A new case asks the same question.
    h.state_mut().act(Action::NewCase);
    h.run();
    h.get_by_label("Unsaved changes");
    assert_eq!(h.state().state.inputs.trades.len(), 2, "still loaded");
}

#[test]
fn a_newer_autosaved_copy_is_offered_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = empty();
    h.state_mut().import_paths(&[history(dir.path())], FileRole::Auto);
    h.run();
    let path = dir.path().join("c.salyq");
    h.state_mut().state.save_case(Some(path.clone()), None);
    h.run();
    // A later change, autosaved but never saved.
    let mut s = h.state().state.settings.clone();
    s.method = salyq_core::settings::Method::Lifo;
    h.state_mut().act(Action::ApplySettings(Box::new(s)));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let recovery = tempfile::tempdir().unwrap();
    h.state_mut().state.recovery_dir = recovery.path().to_path_buf();
    h.state_mut().state.autosave();
    h.run();
    let copy = h.state().state.recovery_of(Some(&path));
    assert!(copy.exists());
    let mut h2 = empty();
    h2.state_mut().state.recovery_dir = recovery.path().to_path_buf();
    h2.state_mut().act(Action::OpenCase(Some(path.clone())));
    h2.run();
    h2.get_by_label("Recovered changes");
    h2.get_by_label("Open the autosaved copy").click();
    h2.run();
    assert_eq!(
        h2.state().state.settings.method,
        salyq_core::settings::Method::Lifo
    );
    assert_eq!(
        h2.state().state.case_path.as_deref(),
        Some(path.as_path()),
        "saves go to the case file"
    );
    assert!(
        h2.state().state.is_dirty(),
        "the recovered changes are not in the file yet"
    );
}

#[test]
fn a_damaged_case_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.salyq");
    std::fs::write(&path, "{\"format\":\"salyq-case\",\"version\":1,\"saved_by\":").unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut h = empty();
    h.state_mut().act(Action::OpenCase(Some(path.clone())));
    h.run();
    h.get_by_label_contains("Could not open the case");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_review_pack_holds_the_figures_and_every_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = empty();
    h.state_mut().import_paths(&[history(dir.path())], FileRole::Auto);
    h.run();
    let key = salyq_core::exemptions::TradeKey::parse("history.csv:3").unwrap();
    h.state_mut().act(Action::TradeNote(
        key,
        "sale confirmed by the exchange statement".into(),
    ));
    h.state_mut().year = Some(2025);
    let out = dir.path().join("pack");
    h.state_mut().act(Action::ExportPack(Some(out.clone())));
    h.run();
    for (f, _) in salyq_core::case::pack::PACK_FILES {
        assert!(out.join(f).exists(), "{f}");
    }
    let decisions = std::fs::read_to_string(out.join("decisions.csv")).unwrap();
    assert!(
        decisions.contains("sale confirmed by the exchange statement"),
        "{decisions}"
    );
    // The form figures of the pack: tax 110,000 (see `history`).
    let figures = std::fs::read_to_string(out.join("form_figures.csv")).unwrap();
    assert!(figures.contains("270.00,2025,K,K,"), "{figures}");
    assert!(figures.contains(",110000,"), "{figures}");
}

#[test]
fn a_note_on_the_case_is_kept_and_marks_it_changed() {
    let mut h = empty();
    h.state_mut().tab = Tab::Settings;
    h.run();
    h.get_by_label("Notes on the case").click();
    h.run();
    h.get_by_label("Notes on the case")
        .type_text("statements asked on 25 Nov");
    h.run();
    h.get_by_label("Save note").click();
    h.run();
    assert_eq!(h.state().state.case.notes.case, "statements asked on 25 Nov");
    assert!(h.state().state.is_dirty());
}

#[test]
fn the_window_never_saves_over_a_loaded_file_or_a_change_made_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let file = history(dir.path());
    let before = std::fs::read(&file).unwrap();
    let mut h = empty();
    h.state_mut()
        .import_paths(std::slice::from_ref(&file), FileRole::Auto);
    h.run();
    assert_eq!(tax_2025(&h), Decimal::from(110_000));
    // "Save as" onto the trade file just loaded: refused, shown in the problems panel.
    h.state_mut().state.save_case(Some(file.clone()), None);
    h.run();
    assert_eq!(std::fs::read(&file).unwrap(), before, "the trade file kept");
    let (path, why) = h.state().state.refused.clone().expect("refused");
    assert_eq!(path, file);
    assert!(why.contains("this is a file loaded into the window"), "{why}");
    assert!(h.state().state.is_dirty(), "still unsaved");
    h.get_by_label("Not written");
    // Saved where it belongs, then changed by another Salyq: the window's next save is refused
    // and the other change kept.
    let case_path = dir.path().join("client.salyq");
    h.state_mut().state.save_case(Some(case_path.clone()), None);
    h.run();
    assert!(!h.state().state.is_dirty(), "saved");
    assert!(h.state().state.refused.is_none());
    let mut other = salyq_core::case::open(&case_path).unwrap();
    other.notes.case = "written by another Salyq".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    salyq_core::case::save(&mut other, &case_path).unwrap();
    let theirs = std::fs::read(&case_path).unwrap();
    h.state_mut()
        .act(Action::CaseNote("written in the window".into()));
    h.state_mut().state.save_case(None, None);
    h.run();
    assert_eq!(
        std::fs::read(&case_path).unwrap(),
        theirs,
        "the other change kept"
    );
    let (_, why) = h.state().state.refused.clone().expect("refused");
    assert!(why.contains("changed by another program"), "{why}");
    assert!(h.state().state.is_dirty(), "the window's change is still unsaved");
    // Saved under another name, nothing is lost.
    let copy = dir.path().join("client-window.salyq");
    h.state_mut().state.save_case(Some(copy.clone()), None);
    h.run();
    assert_eq!(
        salyq_core::case::open(&copy).unwrap().notes.case,
        "written in the window"
    );
    assert_eq!(
        salyq_core::case::open(&case_path).unwrap().notes.case,
        "written by another Salyq"
    );
}

#[test]
fn the_window_does_not_write_a_review_pack_over_a_file_the_case_holds() {
    let dir = tempfile::tempdir().unwrap();
    let file = history(dir.path());
    let mut h = empty();
    h.state_mut()
        .import_paths(std::slice::from_ref(&file), FileRole::Auto);
    h.run();
    h.state_mut().year = Some(2025);
    // A folder where `disposals.csv` is a copy of the trade file the case embeds.
    let out = dir.path().join("pack");
    std::fs::create_dir(&out).unwrap();
    std::fs::copy(&file, out.join("disposals.csv")).unwrap();
    h.state_mut().act(Action::ExportPack(Some(out.clone())));
    h.run();
    assert_eq!(
        std::fs::read(out.join("disposals.csv")).unwrap(),
        std::fs::read(&file).unwrap()
    );
    assert!(!out.join("summary.csv").exists(), "nothing written");
    let (_, why) = h.state().state.refused.clone().expect("refused");
    assert!(why.contains("holds the same content as \"history.csv\""), "{why}");
    h.get_by_label("Not written");
}
