//! A venue's trade id in 16 bytes, with `Option<TradeId>` in the same 16: trades are held by
//! the million, and most ids (Binance's, OKX's, a broker's order numbers) are short.

use super::Shared;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// Bytes of text kept inside the id, without an allocation.
const INLINE: usize = 15;

/// A venue's trade id: text of up to 15 bytes is kept inside (the rest of the 16 bytes are
/// zeros), longer text is one shared allocation. Compares, orders and hashes as its text's
/// bytes (not as a `str`: a map of ids is not looked up by `&str`).
#[derive(Clone)]
pub struct TradeId(Repr);

#[derive(Clone)]
enum Repr {
    /// The text's bytes followed by zeros: text of at most [`INLINE`] bytes and no NUL.
    Inline([u8; INLINE]),
    /// Any other text.
    Shared(Shared),
}

impl TradeId {
    /// The id's text as bytes: what comparing, hashing and writing need, without the UTF-8
    /// check [`TradeId::as_str`] makes.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline(bytes) => {
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(INLINE);
                &bytes[..len]
            }
            Repr::Shared(text) => text.as_bytes(),
        }
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes were copied whole from a `&str` (see `From<&str>`), so they are its
            // UTF-8; the empty fallback is never taken.
            Repr::Inline(_) => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Repr::Shared(text) => text,
        }
    }

    /// Whether the text is kept inside the id (no allocation).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline(_))
    }
}

impl From<&str> for TradeId {
    fn from(text: &str) -> TradeId {
        let bytes = text.as_bytes();
        if bytes.len() <= INLINE && !bytes.contains(&0) {
            let mut inline = [0; INLINE];
            inline[..bytes.len()].copy_from_slice(bytes);
            TradeId(Repr::Inline(inline))
        } else {
            TradeId(Repr::Shared(Shared::from(text)))
        }
    }
}

impl From<String> for TradeId {
    fn from(text: String) -> TradeId {
        TradeId::from(text.as_str())
    }
}

impl Deref for TradeId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for TradeId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for TradeId {
    fn eq(&self, other: &TradeId) -> bool {
        match (&self.0, &other.0) {
            // A text has one form (inside when it fits), so equal texts have equal forms.
            (Repr::Inline(a), Repr::Inline(b)) => a == b,
            (Repr::Shared(a), Repr::Shared(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for TradeId {}

impl PartialEq<str> for TradeId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for TradeId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Ord for TradeId {
    /// The text's order (a `str` orders as its bytes).
    fn cmp(&self, other: &TradeId) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl PartialOrd for TradeId {
    fn partial_cmp(&self, other: &TradeId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for TradeId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl fmt::Display for TradeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TradeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 16 bytes, and `None` costs nothing more.
    #[test]
    fn an_id_is_16_bytes_with_or_without_option() {
        assert_eq!(std::mem::size_of::<TradeId>(), 16);
        assert_eq!(std::mem::size_of::<Option<TradeId>>(), 16);
    }

    /// Up to 15 bytes stay inside; 16, or a NUL, go to the heap; each reads back as given.
    #[test]
    fn short_ids_stay_inside_and_every_id_reads_back() {
        for (text, inline) in [
            ("", true),
            ("7", true),
            ("123456789012345", true),
            ("1234567890123456", false),
            // Ω, μ, έ, γ, α take 2 bytes each: 10 + 5 = 15 bytes inside, 10 + 6 = 16 outside.
            ("Ωμέγα-1234", true),
            ("Ωμέγα-12345", false),
            ("a\0b", false),
            ("0b7e3f2a-9c41-4d2e-8f6a-1c2d3e4f5a6b", false),
        ] {
            let id = TradeId::from(text);
            assert_eq!(id.as_str(), text);
            assert_eq!(&*id, text);
            assert_eq!(id.to_string(), text);
            assert_eq!(id.is_inline(), inline, "{text:?}");
        }
    }

    /// Equality, order and hash are the text's, whatever the form.
    #[test]
    fn ids_compare_and_hash_as_their_text() {
        let mut ids: Vec<TradeId> = ["b", "a", "1234567890123456", "10"].map(TradeId::from).to_vec();
        ids.sort();
        assert_eq!(
            ids.iter().map(TradeId::as_str).collect::<Vec<_>>(),
            ["10", "1234567890123456", "a", "b"]
        );
        assert_eq!(TradeId::from("abc"), TradeId::from(String::from("abc")));
        assert_ne!(TradeId::from("abc"), TradeId::from("abd"));
        assert_ne!(
            TradeId::from("123456789012345"),
            TradeId::from("1234567890123456")
        );
        let set: std::collections::HashSet<TradeId> = ids.into_iter().collect();
        let has = |text: &str| set.contains(&TradeId::from(text));
        assert!(has("1234567890123456") && has("a") && !has("c"));
        assert_eq!(TradeId::from("Ωμέγα").as_bytes(), "Ωμέγα".as_bytes());
        assert_eq!(format!("{:?}", TradeId::from("x\"y")), r#""x\"y""#);
    }
}
