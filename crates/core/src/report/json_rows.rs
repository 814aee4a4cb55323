//! Fast writing of the large arrays of the JSON report (disposals with their lots, holdings):
//! rows are formatted straight into byte buffers, in chunks on as many threads as there are
//! cores, while the calling thread writes the chunks done, in order.
//! The output is exactly what `serde_json` would write for the same fields.

use crate::engine::Computation;
use crate::import::Inputs;
use crate::matching::{Disposal, Holding};
use crate::model::Trade;
use crate::money::Text;
use rust_decimal::Decimal;
use std::io::{self, Write};
use std::sync::mpsc;

/// Most rows formatted per chunk (about a megabyte of disposals).
const CHUNK: usize = 2_048;
/// Fewest rows per chunk: a small report is cut into smaller chunks, so that its threads still
/// share it and its buffers (fresh memory, slow to touch) stay small.
const FEWEST: usize = 128;
/// Chunks each thread may have formatted ahead of the writing.
const AHEAD: usize = 2;

/// Writes `items` as the elements of a JSON array (without the brackets), formatting chunks of
/// rows on as many threads as there are cores ([`crate::threads`]).
pub fn write_rows<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    row: &(dyn Fn(&mut Vec<u8>, &T) + Sync),
) -> io::Result<()> {
    let threads = crate::threads();
    // Some 16 chunks for each thread, of FEWEST to CHUNK rows.
    let chunk = (items.len() / (threads * 16)).clamp(FEWEST, CHUNK);
    write_rows_on(out, items, row, threads, chunk)
}

/// As [`write_rows`], on `threads` threads (at least one) in chunks of `chunk` rows (at least
/// one): chunk `k` is formatted by thread
/// `k mod threads`, and this thread writes the chunks in order as they come, handing each
/// buffer back for reuse, so that writing overlaps formatting and memory stays a few chunks.
fn write_rows_on<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    row: &(dyn Fn(&mut Vec<u8>, &T) + Sync),
    threads: usize,
    chunk: usize,
) -> io::Result<()> {
    let size = chunk.max(1);
    let format = |buf: &mut Vec<u8>, k: usize| {
        buf.clear();
        let chunk = &items[k * size..((k + 1) * size).min(items.len())];
        for (i, item) in chunk.iter().enumerate() {
            if k > 0 || i > 0 {
                buf.push(b',');
            }
            row(buf, item);
        }
    };
    let chunks = items.len().div_ceil(size);
    let threads = threads.clamp(1, chunks.max(1));
    if threads == 1 {
        let mut buf = Vec::new();
        for k in 0..chunks {
            format(&mut buf, k);
            out.write_all(&buf)?;
        }
        return Ok(());
    }
    std::thread::scope(|s| {
        let mut lanes = Vec::new();
        for first in 0..threads {
            let (done_tx, done_rx) = mpsc::sync_channel::<Vec<u8>>(AHEAD);
            let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
            let format = &format;
            let worker = s.spawn(move || {
                for k in (first..chunks).step_by(threads) {
                    let mut buf = free_rx.try_recv().unwrap_or_default();
                    format(&mut buf, k);
                    // The writer stopped (a write failed): nothing more is wanted.
                    if done_tx.send(buf).is_err() {
                        break;
                    }
                }
            });
            lanes.push((done_rx, free_tx, worker));
        }
        let failed = || io::Error::other("a report-writing thread failed");
        let mut written = Ok(());
        for k in 0..chunks {
            let (done, free, _) = &lanes[k % threads];
            // A thread that panicked sends nothing more; its join below says so.
            let Ok(buf) = done.recv() else { break };
            if let Err(e) = out.write_all(&buf) {
                written = Err(e);
                break;
            }
            // The thread may be done already; then the buffer is simply dropped.
            let _ = free.send(buf);
        }
        // The channels are dropped first, so that a thread waiting to hand over a chunk stops,
        // and every thread is joined here: one that panicked is an error, not a panic of the
        // scope.
        let workers: Vec<_> = lanes.into_iter().map(|(_, _, worker)| worker).collect();
        let joined = workers
            .into_iter()
            .map(|w| w.join().map_err(|_| failed()))
            .fold(Ok(()), Result::and);
        written.and(joined)
    })
}

/// One disposal with the lots it consumed.
pub fn disposal(buf: &mut Vec<u8>, d: &Disposal, c: &Computation, inputs: &Inputs) {
    let t = &inputs.trades[d.trade()];
    buf.extend_from_slice(b"{\"id\":");
    label(buf, t);
    buf.extend_from_slice(b",\"date\":");
    raw(buf, Text::date(d.date).as_bytes());
    buf.extend_from_slice(b",\"asset\":");
    string(buf, d.asset(&inputs.trades));
    buf.extend_from_slice(b",\"kind\":");
    raw(buf, d.kind.as_str().as_bytes());
    buf.extend_from_slice(b",\"role\":");
    raw(buf, d.role.as_str().as_bytes());
    buf.extend_from_slice(b",\"quantity\":");
    raw(buf, Text::plain(d.quantity).as_bytes());
    money_field(buf, b",\"proceeds_kzt\":", d.proceeds);
    money_field(buf, b",\"cost_kzt\":", d.cost);
    money_field(buf, b",\"gain_kzt\":", d.gain());
    buf.extend_from_slice(b",\"uncovered_quantity\":");
    raw(buf, Text::plain(c.uncovered(d)).as_bytes());
    buf.extend_from_slice(b",\"exchange\":");
    match &t.exchange {
        Some(e) => string(buf, e),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"source\":");
    source(buf, t);
    // How it was valued: per leg (null), or its gain worked out in its currency and converted at
    // the sale year's average rate.
    buf.extend_from_slice(b",\"fx_gain\":");
    match c.index_of(d).and_then(|k| c.fx_gain(k)) {
        None => buf.extend_from_slice(b"null"),
        Some(g) => {
            buf.extend_from_slice(b"{\"currency\":");
            string(buf, &g.currency);
            buf.extend_from_slice(b",\"rate\":");
            raw(buf, Text::plain(g.rate).as_bytes());
            buf.extend_from_slice(b",\"proceeds\":");
            raw(buf, Text::plain(crate::money::round_tiyn(g.proceeds)).as_bytes());
            buf.extend_from_slice(b",\"cost\":");
            raw(buf, Text::plain(crate::money::round_tiyn(g.cost)).as_bytes());
            buf.push(b'}');
        }
    }
    buf.extend_from_slice(b",\"lots\":[");
    for (i, u) in c.lots(d).iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        lot(buf, &inputs.trades[u.lot_trade()], u.quantity, u.cost);
    }
    buf.extend_from_slice(b"]}");
}

/// One holding with its open lots.
pub fn holding(buf: &mut Vec<u8>, h: &Holding, inputs: &Inputs) {
    buf.extend_from_slice(b"{\"asset\":");
    string(buf, &h.asset);
    buf.extend_from_slice(b",\"kind\":");
    raw(buf, h.kind.as_str().as_bytes());
    buf.extend_from_slice(b",\"quantity\":");
    raw(buf, Text::plain(h.quantity).as_bytes());
    money_field(buf, b",\"cost_kzt\":", h.cost);
    buf.extend_from_slice(b",\"lots\":[");
    for (i, l) in h.lots.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        lot(buf, &inputs.trades[l.trade], l.quantity, l.cost);
    }
    buf.extend_from_slice(b"]}");
}

fn lot(buf: &mut Vec<u8>, t: &Trade, quantity: Decimal, cost: Decimal) {
    buf.extend_from_slice(b"{\"source\":");
    source(buf, t);
    buf.extend_from_slice(b",\"id\":");
    label(buf, t);
    buf.extend_from_slice(b",\"quantity\":");
    raw(buf, Text::plain(quantity).as_bytes());
    money_field(buf, b",\"cost_kzt\":", cost);
    buf.push(b'}');
}

fn money_field(buf: &mut Vec<u8>, key: &[u8], x: Decimal) {
    buf.extend_from_slice(key);
    raw(buf, Text::fixed2(x).as_bytes());
}

/// The trade's venue id, or its source when it has none.
fn label(buf: &mut Vec<u8>, t: &Trade) {
    match &t.id {
        Some(id) => quoted(buf, id.as_bytes()),
        None => source(buf, t),
    }
}

/// `"file:line"`.
fn source(buf: &mut Vec<u8>, t: &Trade) {
    buf.push(b'"');
    escaped(buf, t.file.as_bytes());
    buf.push(b':');
    buf.extend_from_slice(itoa::Buffer::new().format(t.line).as_bytes());
    buf.push(b'"');
}

/// A string known to need no escaping (numbers, dates, fixed names).
fn raw(buf: &mut Vec<u8>, s: &[u8]) {
    buf.push(b'"');
    buf.extend_from_slice(s);
    buf.push(b'"');
}

/// Any string, escaped as JSON requires.
pub fn string(buf: &mut Vec<u8>, s: &str) {
    quoted(buf, s.as_bytes());
}

/// A text's UTF-8 bytes as a JSON string: quoted and escaped.
fn quoted(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.push(b'"');
    escaped(buf, bytes);
    buf.push(b'"');
}

/// A text's UTF-8 bytes, escaped as JSON requires.
fn escaped(buf: &mut Vec<u8>, bytes: &[u8]) {
    // Whether any byte needs escaping, looked for without stopping early (so that the
    // compiler checks many bytes at once: file names and ids are tens of bytes).
    let special = bytes
        .iter()
        .fold(false, |any, &b| any | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if !special {
        buf.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                buf.extend_from_slice(&bytes[start..i]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 15) as usize],
                ]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        buf.extend_from_slice(esc);
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        for s in [
            "plain",
            "quote \" and \\ backslash",
            "tab\tnew\nline\r",
            "\u{1}\u{1f} ctl",
            "Қазақ ₸",
        ] {
            let mut buf = Vec::new();
            string(&mut buf, s);
            assert_eq!(String::from_utf8(buf).unwrap(), serde_json::to_string(s).unwrap());
        }
    }

    /// Takes a few bytes, then fails.
    struct FailingAfter(usize);

    impl Write for FailingAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 < buf.len() {
                return Err(io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_stops_the_threads_and_is_the_error() {
        // 20 chunks of rows; the writer fails during the second chunk, while the threads have
        // more formatted ahead: the error comes back, and nothing waits forever.
        let items: Vec<u32> = (0..(CHUNK as u32 * 20)).collect();
        for threads in [1, 2, 4] {
            let mut out = FailingAfter(CHUNK * 6);
            let row = |buf: &mut Vec<u8>, x: &u32| buf.extend_from_slice(x.to_string().as_bytes());
            let e = write_rows_on(&mut out, &items, &row, threads, CHUNK).unwrap_err();
            assert_eq!(e.to_string(), "disk full", "{threads} threads");
        }
    }

    #[test]
    fn a_row_that_panics_is_an_error_of_the_writing() {
        // The row of item 5,000 (in the third chunk) panics on its thread: the writing ends
        // with an error, after the chunks before it.
        let items: Vec<u32> = (0..(CHUNK as u32 * 6)).collect();
        let row = |buf: &mut Vec<u8>, x: &u32| {
            assert!(*x != 5_000, "a row that cannot be written");
            buf.extend_from_slice(x.to_string().as_bytes());
        };
        for threads in [2, 3] {
            let mut out = Vec::new();
            let e = write_rows_on(&mut out, &items, &row, threads, CHUNK).unwrap_err();
            assert_eq!(
                e.to_string(),
                "a report-writing thread failed",
                "{threads} threads"
            );
            let written: Vec<&[u8]> = out.split(|&b| b == b',').collect();
            assert_eq!(
                written.len(),
                2 * CHUNK,
                "{threads} threads: the first two chunks"
            );
        }
    }

    #[test]
    fn rows_keep_their_order_across_chunks() {
        // 3 chunks and 5 rows: one, two, three and five threads (more than the chunks) each
        // leave a partial round.
        let items: Vec<u32> = (0..(FEWEST as u32 * 3 + 5)).collect();
        for threads in [1, 2, 3, 5] {
            let mut out = Vec::new();
            write_rows_on(
                &mut out,
                &items,
                &|buf: &mut Vec<u8>, x: &u32| buf.extend_from_slice(x.to_string().as_bytes()),
                threads,
                FEWEST,
            )
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            let back: Vec<u32> = text.split(',').map(|x| x.parse().unwrap()).collect();
            assert_eq!(back, items, "{threads} threads");
        }
        // The chunk size the machine's threads choose, for a few rows and for many.
        for n in [3u32, 5_000, 100_000] {
            let items: Vec<u32> = (0..n).collect();
            let mut out = Vec::new();
            write_rows(&mut out, &items, &|buf: &mut Vec<u8>, x: &u32| {
                buf.extend_from_slice(x.to_string().as_bytes())
            })
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            let back: Vec<u32> = text.split(',').map(|x| x.parse().unwrap()).collect();
            assert_eq!(back, items, "{n} rows");
        }
    }
}
