//! Fast writing of the large arrays of the JSON report (disposals with their lots, holdings):
//! rows are formatted straight into byte buffers, in chunks on as many threads as there are
//! cores, and written in order.
//! The output is exactly what `serde_json` would write for the same fields.

use crate::engine::Computation;
use crate::import::Inputs;
use crate::matching::{Disposal, Holding};
use crate::model::Trade;
use crate::money::Text;
use rust_decimal::Decimal;
use std::io::{self, Write};

/// Rows formatted per chunk; as many chunks as there are cores are formatted at once.
const CHUNK: usize = 8_192;

/// Writes `items` as the elements of a JSON array (without the brackets), formatting chunks of
/// rows on as many threads as there are cores ([`crate::threads`]).
pub fn write_rows<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    row: &(dyn Fn(&mut Vec<u8>, &T) + Sync),
) -> io::Result<()> {
    write_rows_on(out, items, row, crate::threads())
}

/// As [`write_rows`], on `threads` threads (at least one).
fn write_rows_on<T: Sync>(
    out: &mut dyn Write,
    items: &[T],
    row: &(dyn Fn(&mut Vec<u8>, &T) + Sync),
    threads: usize,
) -> io::Result<()> {
    let format = |buf: &mut Vec<u8>, chunk: &[T], first: bool| {
        buf.clear();
        for (i, item) in chunk.iter().enumerate() {
            if !(first && i == 0) {
                buf.push(b',');
            }
            row(buf, item);
        }
    };
    // One buffer per thread, reused for every round of chunks: no fresh memory per chunk.
    let threads = threads.max(1);
    let mut bufs: Vec<Vec<u8>> = (0..threads).map(|_| Vec::new()).collect();
    for (n, round) in items.chunks(threads * CHUNK).enumerate() {
        let chunks: Vec<&[T]> = round.chunks(CHUNK).collect();
        std::thread::scope(|s| {
            let mut rest = bufs.iter_mut().zip(&chunks).enumerate();
            let mine = rest.next();
            let workers: Vec<_> = rest
                .map(|(_, (buf, chunk))| s.spawn(move || format(buf, chunk, false)))
                .collect();
            if let Some((_, (buf, chunk))) = mine {
                format(buf, chunk, n == 0);
            }
            workers.into_iter().try_for_each(|w| {
                w.join()
                    .map_err(|_| io::Error::other("a report-writing thread failed"))
            })
        })?;
        for buf in &bufs[..chunks.len()] {
            out.write_all(buf)?;
        }
    }
    Ok(())
}

/// One disposal with the lots it consumed.
pub fn disposal(buf: &mut Vec<u8>, d: &Disposal, c: &Computation, inputs: &Inputs) {
    let t = &inputs.trades[d.trade];
    buf.extend_from_slice(b"{\"id\":");
    label(buf, t);
    buf.extend_from_slice(b",\"date\":");
    raw(buf, Text::date(d.date).as_bytes());
    buf.extend_from_slice(b",\"asset\":");
    string(buf, &d.asset);
    buf.extend_from_slice(b",\"kind\":");
    raw(buf, d.kind.as_str().as_bytes());
    buf.extend_from_slice(b",\"role\":");
    raw(buf, d.role.as_str().as_bytes());
    buf.extend_from_slice(b",\"quantity\":");
    raw(buf, Text::plain(d.quantity).as_bytes());
    money_field(buf, b",\"proceeds_kzt\":", d.proceeds);
    money_field(buf, b",\"cost_kzt\":", d.cost);
    money_field(buf, b",\"gain_kzt\":", d.gain);
    buf.extend_from_slice(b",\"uncovered_quantity\":");
    raw(buf, Text::plain(d.uncovered).as_bytes());
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
        lot(buf, &inputs.trades[u.lot_trade], u.quantity, u.cost);
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
        Some(id) => string(buf, id),
        None => source(buf, t),
    }
}

/// `"file:line"`.
fn source(buf: &mut Vec<u8>, t: &Trade) {
    buf.push(b'"');
    escaped(buf, &t.source.file);
    buf.push(b':');
    buf.extend_from_slice(itoa::Buffer::new().format(t.source.line).as_bytes());
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
    buf.push(b'"');
    escaped(buf, s);
    buf.push(b'"');
}

fn escaped(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
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

    #[test]
    fn rows_keep_their_order_across_chunks() {
        // 3 chunks and 5 rows: one, two, three and five threads each leave a partial round.
        let items: Vec<u32> = (0..(CHUNK as u32 * 3 + 5)).collect();
        for threads in [1, 2, 3, 5] {
            let mut out = Vec::new();
            write_rows_on(
                &mut out,
                &items,
                &|buf: &mut Vec<u8>, x: &u32| buf.extend_from_slice(x.to_string().as_bytes()),
                threads,
            )
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            let back: Vec<u32> = text.split(',').map(|x| x.parse().unwrap()).collect();
            assert_eq!(back, items, "{threads} threads");
        }
    }
}
