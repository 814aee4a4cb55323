//! The lock a case file is changed under: read, change and save happen while one Salyq holds
//! it, so two at once cannot both save and lose one's change. It is an advisory lock of the
//! operating system on a lock file beside the case (`.NAME.salyq-lock`, empty), released when
//! the holder ends, even by a crash; the lock file is removed on release (Unix).

use super::CaseError;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a Salyq waits for another one to finish changing a case.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// What marks the lock file: `.NAME` + this.
pub const LOCK_MARK: &str = ".salyq-lock";

/// A case file held for changing; released when dropped.
#[derive(Debug)]
pub struct CaseLock {
    file: File,
    path: PathBuf,
}

impl Drop for CaseLock {
    fn drop(&mut self) {
        // Removed while still held: a Salyq waiting on this file finds it gone once it gets
        // the lock, and takes a fresh one.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The lock file of a case (beside the file a link points to).
pub fn lock_path(case: &Path) -> PathBuf {
    let target = crate::safe_file::resolve(case).unwrap_or_else(|_| case.to_path_buf());
    let name = target
        .file_name()
        .map_or_else(|| "case".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}{LOCK_MARK}"))
}

/// Takes the lock of a case file, waiting up to [`LOCK_WAIT`] for another Salyq to release
/// it; `waiting` is called once if it has to wait.
pub fn lock(case: &Path, waiting: impl FnOnce(&Path)) -> Result<CaseLock, CaseError> {
    lock_within(case, LOCK_WAIT, waiting)
}

/// As [`lock`], waiting at most `wait`.
pub fn lock_within(case: &Path, wait: Duration, waiting: impl FnOnce(&Path)) -> Result<CaseLock, CaseError> {
    let path = lock_path(case);
    let io = |error: std::io::Error| CaseError::Io {
        path: case.display().to_string(),
        error: std::io::Error::new(
            error.kind(),
            format!(
                "cannot take the case's lock (the file {} beside it, which Salyq holds while it changes \
                 the case): {error}; the case was not changed",
                path.display()
            ),
        ),
    };
    let start = Instant::now();
    let mut waiting = Some(waiting);
    loop {
        let file = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {
                if same_file_still(&file, &path) {
                    return Ok(CaseLock { file, path });
                }
                // Removed by its last holder after this one opened it: take the new one.
                continue;
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        if let Some(w) = waiting.take() {
            w(case);
        }
        if start.elapsed() >= wait {
            return Err(CaseError::Busy {
                path: case.display().to_string(),
                waited: if wait.subsec_millis() == 0 {
                    wait.as_secs().to_string()
                } else {
                    format!("{:.1}", wait.as_secs_f64())
                },
            });
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// True when `path` is still the file `file` opened.
fn same_file_still(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gives_up_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("c.salyq");
        let held = lock(&case, |_| panic!("nobody holds it")).unwrap();
        assert!(lock_path(&case).exists());
        let mut told = false;
        let e = lock_within(&case, Duration::from_millis(100), |_| told = true).unwrap_err();
        assert!(told);
        assert!(e.to_string().contains("another Salyq is changing it"), "{e}");
        drop(held);
        assert!(!lock_path(&case).exists(), "the lock file goes with the lock");
        let again = lock_within(&case, Duration::from_millis(100), |_| panic!("free")).unwrap();
        drop(again);
    }
}
