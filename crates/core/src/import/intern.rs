//! Shares one allocation per distinct code or venue name across all trades.

use crate::model::{Code, Shared};
use rustc_hash::FxHashSet as HashSet;

/// Interns strings so that a million trades of `BTC` hold one `BTC`.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    names: HashSet<Shared>,
    codes: HashSet<Code>,
}

impl Interner {
    /// The shared copy of a free-text name (a venue), as written.
    pub fn get(&mut self, s: &str) -> Shared {
        shared(&mut self.names, s)
    }

    /// The shared copy of a normalised code (see [`crate::parse::code`]), or `None` if `s` is
    /// not a valid code.
    pub fn code(&mut self, s: &str) -> Option<Code> {
        if let Some(a) = self.codes.get(s) {
            return Some(a.clone());
        }
        let normalised = crate::parse::code(s)?;
        Some(shared(&mut self.codes, &normalised))
    }
}

/// The set's copy of `s`, added if it has none (names and codes alike).
fn shared(set: &mut HashSet<Shared>, s: &str) -> Shared {
    if let Some(a) = set.get(s) {
        return a.clone();
    }
    let a = Shared::from(s);
    set.insert(a.clone());
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_and_shared() {
        let mut i = Interner::default();
        let a = i.code("btc").unwrap();
        let b = i.code("BTC").unwrap();
        assert_eq!(&*a, "BTC");
        assert!(Code::ptr_eq(&a, &b));
        assert_eq!(&*i.get("binance"), "binance");
        assert_eq!(&*i.code("binance").unwrap(), "BINANCE");
        assert!(i.code("BTC/USDT").is_none());
    }
}
