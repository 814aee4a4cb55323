//! Progress and cancellation of an import that runs on another thread than the one showing it.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Shared between an import and whoever watches it: bytes read so far, and a cancel flag.
#[derive(Debug, Default)]
pub struct Progress {
    bytes: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Asks the import to stop; it stops at its next read and changes nothing.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// True once [`Progress::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// A reader that counts its bytes into a [`Progress`] and fails once the import is cancelled.
pub struct ProgressReader<'a, R> {
    inner: R,
    progress: &'a Progress,
}

impl<'a, R> ProgressReader<'a, R> {
    /// Wraps `inner`.
    pub fn new(inner: R, progress: &'a Progress) -> Self {
        ProgressReader { inner, progress }
    }
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.progress.is_cancelled() {
            // Not `Interrupted`: readers retry on that kind.
            return Err(io::Error::other("the import was cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.progress.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{FileRole, Inputs};

    #[test]
    fn a_cancelled_import_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let mut text = String::from("date,side,asset,quantity,total,currency\n");
        for _ in 0..20_000 {
            text.push_str("2025-01-02,buy,BTC,1,100,KZT\n");
        }
        std::fs::write(&path, text).unwrap();
        let mut inputs = Inputs::default();
        inputs
            .add_reader(
                "date,side,asset,quantity,total,currency\n2025-01-01,buy,ETH,1,5,KZT\n".as_bytes(),
                "a.csv",
                FileRole::Auto,
            )
            .unwrap();
        let progress = Progress::default();
        progress.cancel();
        let err = inputs
            .add_file_with_progress(&path, "t.csv", FileRole::Auto, &progress)
            .unwrap_err();
        assert_eq!(err[0].to_string(), "t.csv: the import was cancelled");
        assert_eq!(inputs.trades.len(), 1);
        let progress = Progress::default();
        inputs
            .add_file_with_progress(&path, "t.csv", FileRole::Auto, &progress)
            .unwrap();
        assert_eq!(inputs.trades.len(), 20_001);
        assert_eq!(progress.bytes(), std::fs::metadata(&path).unwrap().len());
    }
}
