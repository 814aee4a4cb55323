//! Privacy: the build makes no network connection. No crate that speaks HTTP, WebSocket or TLS,
//! or resolves host names, is among the normal (non-dev) dependencies of the default build or of
//! the build without the window. (The window's file dialogs talk to the desktop portal, and its
//! accessibility to the screen reader, over D-Bus: a local socket, not the network.)

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
        .args(features)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let names: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert!(names.iter().any(|n| n == "salyq"), "{text}");
    names
}

#[test]
fn no_network_crate_is_in_the_dependency_tree() {
    for features in [&[][..], &["--no-default-features"][..]] {
        let names = normal_dependencies(features);
        assert!(names.iter().any(|n| n == "csv"), "the tree was read: {names:?}");
        let found: Vec<&String> = names
            .iter()
            .filter(|n| NETWORK_CRATES.contains(&n.as_str()))
            .collect();
        assert!(
            found.is_empty(),
            "network crates in the build {features:?}: {found:?}"
        );
    }
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
