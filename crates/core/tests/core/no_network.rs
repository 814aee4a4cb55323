//! Privacy: nothing connects unless the user asks for official rates (`salyq rates fetch`, or the
//! window's "Get official rates…" button). The one network crate of the build is `ureq` (with
//! the TLS crates it brings), a dependency of Salyq alone; in the sources only `crates/core/src/nbk/http.rs`
//! names it or any socket type, only `crates/core/src/nbk/fetch.rs` uses that module, and only the `rates
//! fetch` command and the window's rates dialog start a fetch. (The window's file dialogs talk
//! to the desktop portal, and its accessibility to the screen reader, over D-Bus: a local
//! socket, not the network.)

use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates that open network connections (HTTP clients and servers, WebSocket, TLS, DNS).
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "ureq",
    "isahc",
    "curl",
    "curl-sys",
    "attohttpc",
    "surf",
    "h2",
    "h3",
    "quinn",
    "http-client",
    "minreq",
    "ehttp",
    "tungstenite",
    "tokio-tungstenite",
    "websocket",
    "native-tls",
    "rustls",
    "openssl",
    "openssl-sys",
    "trust-dns-resolver",
    "hickory-resolver",
    "libp2p",
];

/// The names of the crates in the normal dependency tree, for the given feature arguments.
fn normal_dependencies(features: &[&str]) -> Vec<String> {
    tree(&[&["-p", "salyq"], features].concat())
}

/// `cargo tree -e normal --prefix none` with more arguments: the crate names listed.
fn tree(args: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--offline",
            "--locked",
        ])
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let names: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    names
}

#[test]
fn ureq_is_the_only_network_crate_and_only_salyq_uses_it() {
    for features in [&[][..], &["--no-default-features"][..]] {
        let names = normal_dependencies(features);
        assert!(
            names.iter().any(|n| n == "salyq-core"),
            "the tree was read: {names:?}"
        );
        assert!(names.iter().any(|n| n == "csv"), "the tree was read: {names:?}");
        // ureq's own subtree: the TLS and HTTP crates it brings.
        let ureq_tree = tree(&["-p", "ureq"]);
        assert!(ureq_tree.iter().any(|n| n == "rustls"), "{ureq_tree:?}");
        let found: Vec<&String> = names
            .iter()
            .filter(|n| NETWORK_CRATES.contains(&n.as_str()))
            .collect();
        assert!(found.iter().any(|n| *n == "ureq"), "{found:?}");
        for name in found {
            assert!(
                ureq_tree.contains(name),
                "network crate {name} in the build {features:?}, not through ureq"
            );
            // Every crate that depends on it is ureq's, or Salyq itself for ureq.
            let dependents = tree(&[features, &["-i", name, "--depth", "1"]].concat());
            for d in dependents.iter().filter(|d| *d != name) {
                let allowed = if name == "ureq" {
                    d == "salyq-core"
                } else {
                    ureq_tree.contains(d) || d == "ureq"
                };
                assert!(allowed, "{d} depends on the network crate {name} ({features:?})");
            }
        }
    }
}

/// The repository's root (the workspace), canonical so that paths under it strip cleanly.
fn repo_root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .unwrap()
}

/// Every `.rs` file under `dir`, as (path relative to the crate, text).
fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path
                .strip_prefix(repo_root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn only_one_module_opens_connections_and_only_on_request() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["src", "crates/core/src", "crates/window/src"] {
        sources(&root.join(dir), &mut files);
    }
    files.push((
        "crates/core/build.rs".into(),
        std::fs::read_to_string(root.join("crates/core/build.rs")).unwrap(),
    ));
    assert!(files.len() > 50, "the sources were read");
    let users = |needles: &[&str]| -> Vec<String> {
        files
            .iter()
            .filter(|(_, text)| needles.iter().any(|n| text.contains(n)))
            .map(|(path, _)| path.clone())
            .collect()
    };
    // The HTTP client and any socket: only in the one module.
    assert_eq!(
        users(&[
            "ureq",
            "TcpStream",
            "TcpListener",
            "UdpSocket",
            "std::net",
            "ToSocketAddrs"
        ]),
        vec!["crates/core/src/nbk/http.rs"]
    );
    // That module: only used by the fetch.
    assert_eq!(
        users(&["super::http", "nbk::http"]),
        vec!["crates/core/src/nbk/fetch.rs"]
    );
    // A fetch starts only from the command the user runs and the window's button.
    let mut starters = users(&["fetch::fetch("]);
    starters.sort();
    assert_eq!(
        starters,
        vec!["crates/window/src/rates_dialog.rs", "src/cli/rates.rs"]
    );
}

#[test]
fn the_build_without_the_window_has_no_ipc_either() {
    // Without the window there are no dialogs: no D-Bus, no async runtime at all.
    let names = normal_dependencies(&["--no-default-features"]);
    for n in ["zbus", "tokio", "async-io", "mio"] {
        assert!(
            !names.iter().any(|x| x == n),
            "{n} in the build without the window"
        );
    }
}

#[test]
fn the_core_library_knows_no_window_and_no_command_line() {
    // The library's own tree: no egui/eframe/winit (the window's) and no clap (the CLI's).
    let names = tree(&["-p", "salyq-core"]);
    assert!(
        names.iter().any(|n| n == "salyq-core"),
        "the tree was read: {names:?}"
    );
    assert!(
        names.iter().any(|n| n == "rust_decimal"),
        "the tree was read: {names:?}"
    );
    for n in [
        "egui",
        "eframe",
        "winit",
        "egui_extras",
        "egui_plot",
        "rfd",
        "clap",
    ] {
        assert!(
            !names.iter().any(|x| x == n),
            "{n} in the core library's dependency tree"
        );
    }
}
