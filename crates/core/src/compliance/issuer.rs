//! Whether a security's issuer is foreign: the country code of its ISIN (the first two
//! letters) when the trade's note gives one, else the country of the venue it was bought on
//! (an assumption, said where it is used). Securities of foreign issuers make 270.00 due when
//! held on 31 December, at any value and whatever the broker (NC Art. 417(1)), and are listed
//! on appendix 270.04.

use crate::model::Trade;
use crate::venues::Country;

/// How the issuer's country was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerBasis {
    /// From the ISIN's country code.
    Isin,
    /// No ISIN: the venue's country stands in [U].
    Venue,
}

impl IssuerBasis {
    /// The name used in exports (`isin`, `venue`).
    pub fn as_str(self) -> &'static str {
        match self {
            IssuerBasis::Isin => "isin",
            IssuerBasis::Venue => "venue",
        }
    }
}

/// True when a security bought or sold by `trade` (on a venue counting as `venue_country`) is
/// of a foreign issuer, and how that was found.
pub fn foreign_issuer(trade: &Trade, venue_country: Country) -> (bool, IssuerBasis) {
    match trade.note.as_deref().and_then(find_isin) {
        Some(isin) => (!isin.starts_with("KZ"), IssuerBasis::Isin),
        None => (venue_country == Country::Abroad, IssuerBasis::Venue),
    }
}

/// The ISIN finder lives with the cell parsers (the importers use it too).
pub use crate::parse::find_isin;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isins_are_found_in_notes() {
        assert_eq!(find_isin("ISIN US0378331005"), Some("US0378331005"));
        assert_eq!(
            find_isin("bought AAPL (US0378331005) at market"),
            Some("US0378331005")
        );
        assert_eq!(find_isin("ISIN us0378331005"), None);
        assert_eq!(find_isin("TRANSFER123456"), None);
    }
}
