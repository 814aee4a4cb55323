//! The one way the window runs work off the UI thread: [`spawn`] starts a named thread whose
//! result comes back over a channel, and asks the window to repaint when it is there, so the
//! frame that polls the channel comes soon. The worker's import, compute and save jobs, the
//! Compliance and Forms tabs, the Trades table's large sorts and the rates dialog all start
//! their threads here.

use std::sync::mpsc::{Receiver, channel};

/// Runs `job` on a thread named `name`. Its result is sent to the receiver returned, then `ctx`
/// (when given) is asked to repaint. An error when the system cannot start a thread; the
/// caller then does the work itself or says so.
pub fn spawn<T: Send + 'static>(
    name: &str,
    ctx: Option<egui::Context>,
    job: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<Receiver<T>> {
    let (tx, rx) = channel();
    std::thread::Builder::new().name(name.into()).spawn(move || {
        let _ = tx.send(job());
        if let Some(ctx) = ctx {
            ctx.request_repaint();
        }
    })?;
    Ok(rx)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_result_comes_back_over_the_channel() {
        let rx = super::spawn("salyq-test", None, || 6 * 7).expect("a thread");
        assert_eq!(rx.recv(), Ok(42));
    }
}
