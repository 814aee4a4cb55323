//! Writing a file without losing the one it replaces: the one implementation of atomic replace
//! that case saves and every export use.
//!
//! [`write_atomic`] writes into a temporary file beside the target, flushes it to disk, renames
//! it over the target and flushes the folder, so a failure or a kill at any point leaves either
//! the old file or the new one, whole. It keeps what the owner set: a file's permissions (a
//! 0600 case stays 0600), a read-only file is refused rather than replaced, and a symbolic
//! link is followed (the file it points to is replaced; the link stays a link).
//!
//! Temporary files are named `.NAME.salyq-tmp-XXXXXX` and locked while written; one left by a
//! killed process (unlocked, untouched for a while) is removed by the next write or case open
//! of the same NAME ([`clean_stale`]).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What marks Salyq's temporary files: `.NAME` + this + random characters.
pub const TEMP_MARK: &str = ".salyq-tmp-";

/// A leftover temporary file younger than this is left alone (its writer may be about to lock it).
const STALE_AFTER: Duration = Duration::from_secs(2);

/// The temporary files of older Salyq versions (`.NAME.PID.tmp`, never locked) are removed once
/// this old.
const LEGACY_STALE_AFTER: Duration = Duration::from_secs(600);

/// Permissions of a file that does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewFile {
    /// As any program makes a file (0666 less the umask on Unix): exports.
    Shared,
    /// Readable by its owner only (0600 on Unix): case files, which hold a name and an IIN.
    Private,
}

/// The file a write to `path` replaces: `path` itself, or the end of its chain of symbolic
/// links (a link to a missing file gives the missing file's path).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&p)?;
                p = if target.is_absolute() {
                    target
                } else {
                    p.parent().unwrap_or(Path::new("")).join(target)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many symbolic links in a chain (a loop?)",
    ))
}

/// The folder of `path` (`.` for a bare file name) and its file name.
fn split(path: &Path) -> io::Result<(PathBuf, String)> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?
        .to_string_lossy()
        .into_owned();
    Ok((dir, name))
}

/// What kind of thing a non-file is, in words.
pub fn kind_of(m: &fs::Metadata) -> &'static str {
    let t = m.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Writes a file atomically with `f` (see the module): a failure at any point leaves an
/// existing file as it was and no temporary file behind. A read-only file, or a folder or
/// device in the way, is refused with a message saying so.
pub fn write_atomic(
    path: &Path,
    new_file: NewFile,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve(path)?;
    let (dir, name) = split(&target)?;
    let existing = replaceable(&target)?;
    clean_stale(&target);
    let mut builder = tempfile::Builder::new();
    let prefix = format!(".{name}{TEMP_MARK}");
    builder.prefix(&prefix).suffix("").rand_bytes(8);
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(match new_file {
            NewFile::Shared => 0o666,
            NewFile::Private => 0o600,
        })
    };
    #[cfg(unix)]
    builder.permissions(mode);
    #[cfg(not(unix))]
    let _ = new_file;
    let tmp = builder.tempfile_in(&dir)?;
    // Locked while written, so that another Salyq cleaning leftovers leaves it alone; the lock
    // goes with the file handle, after the rename.
    let _ = tmp.as_file().try_lock();
    if let Some(m) = &existing {
        // The owner's permissions, exactly (not subject to the umask).
        tmp.as_file().set_permissions(m.permissions())?;
    }
    let mut w = io::BufWriter::new(tmp);
    f(&mut w)?;
    let tmp = w.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    let file = tmp.persist(&target).map_err(|e| e.error)?;
    drop(file);
    sync_dir(&dir);
    Ok(())
}

/// The file a write to `path` would replace (after its links), if there is one; refused when
/// it is a folder, a pipe or a device, or read-only.
pub fn replaceable(path: &Path) -> io::Result<Option<fs::Metadata>> {
    let m = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !m.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {}, not a file: choose a file name", kind_of(&m)),
        ));
    }
    if m.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only, and Salyq does not replace a read-only file: make it writable, or \
             write to another file",
        ));
    }
    Ok(Some(m))
}

/// Flushes a folder's entries to disk (the rename just made), where the system allows it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the temporary files a killed Salyq left beside `path` (after following its links):
/// `.NAME.salyq-tmp-*` that no running Salyq holds locked and nobody touched for 2 seconds,
/// and `.NAME.PID.tmp` of older versions untouched for 10 minutes. Errors are ignored: this
/// is housekeeping.
pub fn clean_stale(path: &Path) {
    let Ok(target) = resolve(path) else {
        return;
    };
    let Ok((dir, name)) = split(&target) else {
        return;
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let ours = format!(".{name}{TEMP_MARK}");
    let legacy = format!(".{name}.");
    let now = SystemTime::now();
    let age = |p: &Path| {
        fs::symlink_metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let p = entry.path();
        if n.starts_with(&ours) {
            if age(&p).is_some_and(|a| a >= STALE_AFTER)
                && let Ok(f) = File::open(&p)
                && f.try_lock().is_ok()
            {
                let _ = fs::remove_file(&p);
            }
        } else if let Some(pid) = n.strip_prefix(&legacy).and_then(|r| r.strip_suffix(".tmp"))
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && age(&p).is_some_and(|a| a >= LEGACY_STALE_AFTER)
        {
            let _ = fs::remove_file(&p);
        }
    }
}

/// Sets a file's modification time into the past (tests of leftovers).
#[doc(hidden)]
pub fn age_file(path: &Path, by: Duration) -> io::Result<()> {
    let f = File::options().write(true).open(path)?;
    f.set_modified(SystemTime::now() - by)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        fs::write(&p, "old").unwrap();
        let r = write_atomic(&p, NewFile::Shared, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(listing(dir.path()), ["out.csv"]);
        write_atomic(&p, NewFile::Shared, |w| w.write_all(b"new")).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(listing(dir.path()), ["out.csv"]);
    }

    #[test]
    fn stale_temporaries_go_and_a_locked_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.salyq");
        let stale = dir.path().join(".c.salyq.salyq-tmp-AAAAAAAA");
        let live = dir.path().join(".c.salyq.salyq-tmp-BBBBBBBB");
        let young = dir.path().join(".c.salyq.salyq-tmp-CCCCCCCC");
        let legacy = dir.path().join(".c.salyq.4242.tmp");
        let other = dir.path().join(".d.salyq.salyq-tmp-DDDDDDDD");
        for f in [&stale, &live, &young, &legacy, &other] {
            fs::write(f, "taxpayer data").unwrap();
        }
        for f in [&stale, &live, &legacy, &other] {
            age_file(f, Duration::from_secs(3600)).unwrap();
        }
        let holder = File::open(&live).unwrap();
        holder.lock().unwrap();
        clean_stale(&p);
        assert_eq!(
            listing(dir.path()),
            [
                ".c.salyq.salyq-tmp-BBBBBBBB",
                ".c.salyq.salyq-tmp-CCCCCCCC",
                ".d.salyq.salyq-tmp-DDDDDDDD"
            ]
        );
        drop(holder);
    }
}
