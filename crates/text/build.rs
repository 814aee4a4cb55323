//! Generates the message ids (`Text`) from the English Fluent files and the list of files to embed.
//! A message used in the code but missing from English does not compile; the tests check that the
//! other languages have every English message with the same arguments.

use std::fmt::Write as _;
use std::path::Path;

/// The languages, fallback order last to first (kk → ru → en).
const LANGS: [&str; 3] = ["en", "ru", "kk"];

fn camel(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    // The folder of this build, read when the script runs: a script compiled for another copy of
    // the sources (a second checkout sharing the target folder) must not read that copy's files.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("ftl");
    println!("cargo:rerun-if-changed=ftl");
    let mut files: Vec<String> = std::fs::read_dir(root.join("en"))
        .expect("ftl/en")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ftl"))
        .collect();
    files.sort();
    let mut ids: Vec<(String, String)> = Vec::new();
    for name in &files {
        for lang in LANGS {
            println!("cargo:rerun-if-changed=ftl/{lang}/{name}");
        }
        let text = std::fs::read_to_string(root.join("en").join(name)).expect("read ftl");
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("ftl/en/{name}: {errors:?}"));
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let doc = m
                    .value
                    .as_ref()
                    .map(|p| {
                        p.elements
                            .iter()
                            .map(|e| match e {
                                fluent_syntax::ast::PatternElement::TextElement { value } => {
                                    value.to_string()
                                }
                                fluent_syntax::ast::PatternElement::Placeable { .. } => "{…}".to_string(),
                            })
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                ids.push((m.id.name.to_string(), doc));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (id, _) in &ids {
        assert!(
            seen.insert(camel(id)),
            "message id {id} twice (or two ids with one name)"
        );
    }
    // Messages keyed by the data of the bundled tables (`data/*.ftl`, any language): looked up
    // by the id the data carries, not by a `Text`.
    let mut data: Vec<(String, String, Vec<String>)> = Vec::new();
    for lang in LANGS {
        let dir = root.join(lang).join("data");
        // A language without a data folder (English: its words are the tables' own) names no
        // path: a path that does not exist would make the build script run on every build (a
        // new folder is seen through `ftl` above).
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        println!("cargo:rerun-if-changed=ftl/{lang}/data");
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ftl"))
            .collect();
        names.sort();
        for name in names {
            println!("cargo:rerun-if-changed=ftl/{lang}/data/{name}");
            let text = std::fs::read_to_string(dir.join(&name)).expect("read ftl");
            let resource = fluent_syntax::parser::parse(text.as_str())
                .unwrap_or_else(|(_, errors)| panic!("ftl/{lang}/data/{name}: {errors:?}"));
            let ids = resource
                .body
                .iter()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect();
            data.push((lang.to_string(), format!("data/{name}"), ids));
        }
    }
    let mut out = String::new();
    out.push_str("/// One message of the user interface: its id in the Fluent files (`Text::id`).\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    out.push_str("#[repr(u16)]\npub enum Text {\n");
    for (id, doc) in &ids {
        let doc: String = doc
            .chars()
            .take(120)
            .collect::<String>()
            .replace(['\n', '\r'], " ");
        let _ = writeln!(out, "    /// `{id}`: {}\n    {},", doc.trim(), camel(id));
    }
    out.push_str("}\n\nimpl Text {\n    /// Every message, in the order of the English files.\n");
    let _ = writeln!(out, "    pub const ALL: [Text; {}] = [", ids.len());
    for (id, _) in &ids {
        let _ = writeln!(out, "        Text::{},", camel(id));
    }
    out.push_str("    ];\n\n    /// The message's id in the Fluent files.\n    pub fn id(self) -> &'static str {\n        IDS[self as usize]\n    }\n}\n\n");
    let _ = writeln!(out, "const IDS: [&str; {}] = [", ids.len());
    for (id, _) in &ids {
        let _ = writeln!(out, "    {id:?},");
    }
    out.push_str("];\n\n/// The embedded files: language, file name, text.\n");
    let _ = writeln!(
        out,
        "pub(crate) const FILES: [(&str, &str, &str); {}] = [",
        files.len() * LANGS.len() + data.len()
    );
    for lang in LANGS {
        for name in &files {
            let _ = writeln!(
                out,
                "    ({lang:?}, {name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/ftl/{lang}/{name}\"))),"
            );
        }
    }
    for (lang, name, _) in &data {
        let _ = writeln!(
            out,
            "    ({lang:?}, {name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/ftl/{lang}/{name}\"))),"
        );
    }
    out.push_str("];\n\n/// The ids of the data messages: language, id.\n");
    let count: usize = data.iter().map(|(_, _, ids)| ids.len()).sum();
    let _ = writeln!(out, "pub(crate) const DATA_IDS: [(&str, &str); {count}] = [");
    for (lang, _, ids) in &data {
        for id in ids {
            let _ = writeln!(out, "    ({lang:?}, {id:?}),");
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("msg.rs");
    std::fs::write(dest, out).expect("write msg.rs");
}
