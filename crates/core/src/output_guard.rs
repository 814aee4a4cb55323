//! Refusing an output that would overwrite what the command reads: an input file, a rate or
//! price table, a column mapping, the case file, a file the case embeds, or another output of
//! the same command. Paths are compared as the files they name — after `./`, `..` and symbolic
//! links, and (on Unix) by device and inode, so a hard link is caught too — never as text.
//! Every command line writer and the window's exports call [`check`] before writing anything.

use crate::case::EmbeddedSource;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An output Salyq refuses to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Clash {
    /// The output is one of the files the command reads.
    #[error(
        "{out}: refused: this is {what} ({given}), and writing there would overwrite it; nothing was \
         written: choose another output file"
    )]
    Protected {
        /// The output as given.
        out: String,
        /// What the protected file is ("an input file", "the case file", ...).
        what: String,
        /// The protected file as given.
        given: String,
    },
    /// Two outputs of one command are one file.
    #[error(
        "{out}: given twice as an output ({first} and {second}), so one would overwrite the other; nothing \
         was written: give each output its own file"
    )]
    Twice {
        /// The output as given first.
        out: String,
        /// What the first is (`--csv`, ...).
        first: String,
        /// What the second is.
        second: String,
    },
    /// The output holds the content of a file the case embeds: most likely the file it was
    /// imported from.
    #[error(
        "{out}: refused: it holds the same content as \"{source_name}\", a file the case embeds (the file it \
         was imported from, it seems), and writing there would overwrite it; nothing was written: choose \
         another output file"
    )]
    Embedded {
        /// The output as given.
        out: String,
        /// The embedded source's name.
        source_name: String,
    },
}

/// True when `a` and `b` name one file (or, when neither exists yet, one place).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let _ = (&ma, &mb);
                ma.dev() == mb.dev() && ma.ino() == mb.ino()
            }
            #[cfg(not(unix))]
            {
                let _ = (ma, mb);
                matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
            }
        }
        (Err(_), Err(_)) => place(a) == place(b),
        _ => false,
    }
}

/// Where a path that may not exist yet would be: its links followed, its folder made absolute
/// and canonical.
fn place(p: &Path) -> PathBuf {
    let p = crate::safe_file::resolve(p).unwrap_or_else(|_| p.to_path_buf());
    if let Ok(c) = fs::canonicalize(&p) {
        return c;
    }
    let dir = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match p.file_name() {
        Some(n) => dir.join(n),
        None => dir,
    }
}

/// Checks `outputs` (each path with what names it, such as `--out`) against `protected`
/// (each path with what it is, such as "an input file") and against each other.
pub fn check(outputs: &[(&Path, &str)], protected: &[(&Path, &str)]) -> Result<(), Clash> {
    for (i, (out, named)) in outputs.iter().enumerate() {
        if let Some((p, what)) = protected.iter().find(|(p, _)| same_file(out, p)) {
            return Err(Clash::Protected {
                out: out.display().to_string(),
                what: what.to_string(),
                given: p.display().to_string(),
            });
        }
        if let Some((_, first)) = outputs[..i].iter().find(|(o, _)| same_file(out, o)) {
            return Err(Clash::Twice {
                out: out.display().to_string(),
                first: first.to_string(),
                second: named.to_string(),
            });
        }
    }
    Ok(())
}

/// Checks that no existing output holds the content of one of `sources` (a case's embedded
/// files): the case does not record where its files came from, but their content tells.
/// Only a file of the size of some source is read.
pub fn check_embedded(outputs: &[&Path], sources: &[EmbeddedSource]) -> Result<(), Clash> {
    for out in outputs {
        let Ok(m) = fs::metadata(out) else {
            continue;
        };
        if !m.is_file() {
            continue;
        }
        let sized: Vec<&EmbeddedSource> = sources
            .iter()
            .filter(|s| s.content.len() as u64 == m.len())
            .collect();
        if sized.is_empty() {
            continue;
        }
        let mut bytes = Vec::new();
        let read = fs::File::open(out).and_then(|f| f.take(m.len()).read_to_end(&mut bytes));
        if read.is_err() {
            continue;
        }
        let sha = crate::case::sha256_hex(&bytes);
        if let Some(s) = sized.iter().find(|s| s.sha256 == sha) {
            return Err(Clash::Embedded {
                out: out.display().to_string(),
                source_name: s.name.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_other_names_is_caught() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        fs::write(&a, "x").unwrap();
        let dotted = dir.path().join(".").join("sub").join("..").join("a.csv");
        fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(same_file(&a, &dotted));
        let other = dir.path().join("b.csv");
        assert!(!same_file(&a, &other));
        assert!(
            same_file(&other, &dir.path().join("sub/../b.csv")),
            "two new files at one place"
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&a, &link).unwrap();
            assert!(same_file(&link, &a));
            let hard = dir.path().join("hard.csv");
            fs::hard_link(&a, &hard).unwrap();
            assert!(same_file(&hard, &a));
        }
        let e = check(&[(&dotted, "--out")], &[(&a, "an input file")]).unwrap_err();
        assert!(e.to_string().contains("this is an input file"), "{e}");
        let e = check(&[(&other, "--csv"), (&other, "--detail")], &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("given twice as an output (--csv and --detail)"),
            "{e}"
        );
        assert_eq!(check(&[(&other, "--out")], &[(&a, "an input file")]), Ok(()));
    }
}
