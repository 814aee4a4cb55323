//! The spouse split on the Forms tab, driven headless: set from a check box and the spouse's
//! IIN, kept in the case, undone and redone like any settings change.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rust_decimal::Decimal;
use salyq_core::forms::LineId;
use salyq_window::tabs::Tab;
use salyq_window::{Action, App};

const SPOUSE: &str = "850312400039";
const CHECK: &str = "Split with the spouse (joint property)";

use crate::common::forms_2025;

fn value(h: &Harness<'static, App>, id: LineId) -> Decimal {
    h.state().forms.draft().unwrap().value(id)
}

#[test]
fn the_split_halves_the_form_is_kept_in_the_case_and_undone() {
    let mut h = forms_2025();
    // The sample's 2025 draft whole: G = 525,267, H = 52,527 (gui_forms.rs).
    assert_eq!(value(&h, LineId::G), Decimal::from(525_267));
    assert!(h.state().forms.draft().unwrap().split.is_none());
    assert!(!h.state().state.is_dirty());
    // No spouse's IIN yet: the check box cannot be ticked.
    h.get_by_label(CHECK).click();
    h.run();
    assert_eq!(h.state().state.settings.spouse_split, None);
    // The taxpayer's own IIN is refused as the spouse's.
    h.state_mut().forms.iin = SPOUSE.into();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Spouse's IIN")
        .click();
    h.run();
    h.get_by_role_and_label(egui::Role::TextInput, "Spouse's IIN")
        .type_text(SPOUSE);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("This is the taxpayer's own IIN: enter the spouse's");
    h.get_by_label(CHECK).click();
    h.run();
    assert_eq!(h.state().state.settings.spouse_split, None);
    h.state_mut().forms.iin.clear();
    h.run();
    h.get_by_label(CHECK).click();
    h.run();
    let split = h.state().state.settings.spouse_split.clone();
    assert_eq!(split.map(|i| i.to_string()).as_deref(), Some(SPOUSE));
    assert!(h.state().state.is_dirty(), "a change to the case");
    // G = 525,267 halves to 262,634 (half-up) for the taxpayer and 262,633 for the spouse;
    // H = 10% of each half: 26,263.4 → 26,263 and 26,263.3 → 26,263.
    let draft = h.state().forms.draft().unwrap();
    let s = draft.split.as_ref().expect("the draft is split");
    assert_eq!(s.spouse_iin.to_string(), SPOUSE);
    let g = s.share(LineId::G).unwrap();
    assert_eq!(
        (g.whole, g.taxpayer, g.spouse),
        (525_267.into(), 262_634.into(), 262_633.into())
    );
    let tax = s.share(LineId::H).unwrap();
    assert_eq!((tax.taxpayer, tax.spouse), (26_263.into(), 26_263.into()));
    assert_eq!(value(&h, LineId::G), Decimal::from(262_634));
    h.get_by_label(&format!(
        "Split with the spouse, IIN {SPOUSE}: the figures are your half"
    ));
    h.get_by_label("Spouse, KZT");
    assert!(h.query_all_by_label("262,633 KZT").count() >= 1, "the spouse's G");
    // The case saved holds the split; opened again, the form is split.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("split.salyq");
    h.state_mut().state.save_case(Some(path.clone()), None);
    h.run();
    let case = salyq_core::case::open(&path).unwrap();
    assert_eq!(
        case.settings.spouse_split.map(|i| i.to_string()).as_deref(),
        Some(SPOUSE)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(&format!("\"spouse_split\": \"{SPOUSE}\""))
            || text.contains(&format!("\"spouse_split\":\"{SPOUSE}\""))
    );
    // Undo: the whole figures again, the check box off, the field follows.
    h.state_mut().act(Action::Undo);
    h.run();
    assert_eq!(h.state().state.settings.spouse_split, None);
    assert_eq!(value(&h, LineId::G), Decimal::from(525_267));
    assert!(h.state().forms.draft().unwrap().split.is_none());
    h.state_mut().act(Action::Redo);
    h.run();
    assert_eq!(value(&h, LineId::G), Decimal::from(262_634));
    // Unticked: the split is gone.
    h.get_by_label(CHECK).click();
    h.run();
    assert_eq!(h.state().state.settings.spouse_split, None);
    assert_eq!(value(&h, LineId::G), Decimal::from(525_267));
}

#[test]
fn a_case_with_the_split_opens_split() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("split.salyq");
    let mut h = forms_2025();
    let mut s = h.state().state.settings.clone();
    s.spouse_split = Some(salyq_core::taxpayer::Iin::parse(SPOUSE).unwrap());
    h.state_mut().act(Action::ApplySettings(Box::new(s)));
    h.run();
    h.state_mut().state.save_case(Some(path.clone()), None);
    h.run();
    let mut h2 = forms_2025();
    h2.state_mut().act(Action::OpenCase(Some(path)));
    h2.run();
    h2.state_mut().tab = Tab::Forms;
    h2.state_mut().year = Some(2025);
    h2.run();
    assert_eq!(value(&h2, LineId::G), Decimal::from(262_634));
    // The field shows the spouse's IIN it was set with.
    h2.get_by_label(&format!(
        "Split with the spouse, IIN {SPOUSE}: the figures are your half"
    ));
}
