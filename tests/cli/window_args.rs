//! `salyq FILE…` opens the window; every other word keeps its meaning for the command line.

use std::path::{Path, PathBuf};

/// Three ETH trades in tenge: bought 300,000 + 200,000, sold both for 900,000 (gain 400,000).
fn covered(dir: &Path) -> PathBuf {
    let file = dir.join("covered.csv");
    std::fs::write(
        &file,
        "date,side,asset,quantity,total,currency,exchange\n\
         2025-01-10T10:00:00Z,buy,ETH,1,300000,KZT,Binance\n\
         2025-02-10T10:00:00Z,buy,ETH,1,200000,KZT,Binance\n\
         2025-05-10T10:00:00Z,sell,ETH,2,900000,KZT,Binance\n",
    )
    .unwrap();
    file
}

#[test]
fn the_command_line_keeps_its_commands_and_refuses_a_misspelt_one() {
    let bin = env!("CARGO_BIN_EXE_salyq");
    // A word that is neither a command nor a file: a usage error (exit 2), not a window.
    let out = std::process::Command::new(bin).arg("reprot").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognized subcommand or file 'reprot'"));
    // A path that does not exist: exit 2 with the path named.
    let out = std::process::Command::new(bin)
        .arg("no/such.csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such.csv"));
    // The commands still parse: `report` on a file, figures of covered.csv: gain 400,000.
    let dir = tempfile::tempdir().unwrap();
    let file = covered(dir.path());
    let out = std::process::Command::new(bin)
        .args(["report", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("400000"));
    // The help names the files form.
    let out = std::process::Command::new(bin).arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("[FILE]..."));
}
