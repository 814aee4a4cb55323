//! The version and build date name every build: `salyq --version` and the `generator` of
//! `report --json` (Help → About shows the same two).

use std::process::Command;

fn salyq(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_salyq"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_and_build_date_show_in_version_and_the_json_report() {
    use salyq_core::about::{BUILD_DATE, VERSION};
    assert_eq!(
        salyq(&["--version"]).trim(),
        format!("salyq {VERSION} (built {BUILD_DATE})")
    );
    let json: serde_json::Value = serde_json::from_str(&salyq(&[
        "report",
        "sample_data/trades.csv",
        "sample_data/rates.csv",
        "sample_data/prices.csv",
        "--json",
    ]))
    .unwrap();
    assert_eq!(
        json["generator"],
        serde_json::json!({"name": "Salyq", "version": VERSION, "build_date": BUILD_DATE})
    );
}
