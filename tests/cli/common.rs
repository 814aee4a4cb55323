//! Helpers shared by this binary's tests.

/// The figure of form line `line` in a form's JSON (`salyq forms --json`); panics, naming the
/// line, when the form has none.
pub fn figure(form: &serde_json::Value, line: &str) -> serde_json::Value {
    form["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["line"] == line)
        .unwrap_or_else(|| panic!("no figure on line {line}"))
        .clone()
}
