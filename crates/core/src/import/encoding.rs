//! Text encodings other than UTF-8, as Excel saves exports: UTF-16 with a byte-order mark
//! (Excel's "Unicode text", tab-separated) and Windows-1251 (the "CSV" of a Russian Excel).
//! A file in one of them is decoded to UTF-8 while it is read (`encoding_rs`, through
//! `encoding_rs_io`'s reader), so the rest of the import sees UTF-8 and the file's line numbers
//! stay its own; the import report names the encoding.
//!
//! How it is recognised, from the first bytes of the file:
//! - a UTF-16 byte-order mark (`FF FE` little-endian, `FE FF` big-endian): UTF-16;
//! - otherwise text that is not UTF-8 and whose bytes above 127 are mostly those of Cyrillic
//!   letters in Windows-1251 (`А`–`я`, `Ё`, `ё`, `№`): Windows-1251;
//! - anything else is read as UTF-8 (a file that is not gets the usual "not UTF-8" errors).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1251};
use std::io::Read;

/// The encoding of a file whose first bytes are `head`, when it is not UTF-8 and is one this
/// module decodes.
pub fn sniff(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [0xFF, 0xFE, ..] => return Some(UTF_16LE),
        [0xFE, 0xFF, ..] => return Some(UTF_16BE),
        [0xEF, 0xBB, 0xBF, ..] => return None,
        _ => {}
    }
    match std::str::from_utf8(head) {
        Ok(_) => return None,
        // A character cut by the end of the head is still UTF-8.
        Err(e) if e.error_len().is_none() => return None,
        Err(_) => {}
    }
    let high: Vec<u8> = head.iter().copied().filter(|&b| b >= 0x80).collect();
    let cyrillic = high
        .iter()
        .filter(|&&b| b >= 0xC0 || matches!(b, 0xA8 | 0xB8 | 0xB9))
        .count();
    (cyrillic * 10 >= high.len() * 8).then_some(WINDOWS_1251)
}

/// The name the import report gives an encoding (`UTF-16LE`, `windows-1251`).
pub fn name(encoding: &'static Encoding) -> &'static str {
    encoding.name()
}

/// `input` decoded from `encoding` to UTF-8 as it is read (a byte-order mark dropped).
pub fn decode<R: Read + Send>(input: R, encoding: &'static Encoding) -> impl Read + Send {
    encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_utf16_and_russian_windows_1251() {
        assert_eq!(sniff(b"\xFF\xFEd\0a\0"), Some(UTF_16LE));
        assert_eq!(sniff(b"\xFE\xFF\0d\0a"), Some(UTF_16BE));
        assert_eq!(sniff("Дата;Пара\n".as_bytes()), None);
        assert_eq!(sniff(b"\xEF\xBB\xBFdate"), None);
        assert_eq!(sniff(b"plain,ascii\n"), None);
        let (cp1251, _, _) = WINDOWS_1251.encode("Дата(UTC);Пара;Сторона;Цена\n");
        assert_eq!(sniff(&cp1251), Some(WINDOWS_1251));
        // Bytes that are neither UTF-8 nor Cyrillic: left for the UTF-8 errors.
        assert_eq!(sniff(b"caf\xE9 \x80\x81\x82\x83 bar"), None);
        // A UTF-8 character cut by the end of the head.
        assert_eq!(sniff(&"Дата".as_bytes()[..3]), None);
    }

    #[test]
    fn decodes_while_reading() {
        let (bytes, _, _) = WINDOWS_1251.encode("Пара;Сумма\nBTCUSDT;1\n");
        let mut out = String::new();
        decode(&bytes[..], WINDOWS_1251).read_to_string(&mut out).unwrap();
        assert_eq!(out, "Пара;Сумма\nBTCUSDT;1\n");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Time\tPair\r\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let mut out = String::new();
        decode(&utf16[..], UTF_16LE).read_to_string(&mut out).unwrap();
        assert_eq!(out, "Time\tPair\r\n");
    }
}
