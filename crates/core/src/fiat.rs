//! Which codes are money (fiat, no lots) and which are stablecoins pegged to the US dollar.

/// Fiat currency codes Salyq treats as money. Everything else is an asset with lots.
pub const FIAT: &[&str] = &[
    "KZT", "USD", "EUR", "RUB", "GBP", "CNY", "CHF", "JPY", "TRY", "AED", "UZS", "KGS", "BYN", "UAH", "GEL",
    "AMD", "AZN", "TJS", "TMT", "MNT", "INR", "KRW", "HKD", "SGD", "AUD", "CAD", "NZD", "SEK", "NOK", "DKK",
    "PLN", "CZK", "HUF", "ILS", "SAR", "QAR", "KWD", "BRL", "MXN", "ZAR", "THB", "MYR", "IDR", "VND", "PHP",
    "NGN", "ARS", "EGP", "PKR",
];

/// Stablecoins that may be valued at par with the US dollar (a setting, on by default).
pub const USD_STABLECOINS: &[&str] = &["USDT", "USDC", "BUSD", "FDUSD", "TUSD", "DAI", "USDP", "PYUSD"];

/// The tenge, the currency every tax figure is in.
pub const KZT: &str = "KZT";

/// True when `code` is a fiat currency.
pub fn is_fiat(code: &str) -> bool {
    // A length check first keeps this cheap on the hot path (it runs several times per trade).
    code.len() == 3 && FIAT.contains(&code)
}

/// True when `code` is a US-dollar stablecoin.
pub fn is_usd_stablecoin(code: &str) -> bool {
    (3..=5).contains(&code.len()) && USD_STABLECOINS.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_assets_are_told_apart() {
        assert!(is_fiat("KZT"));
        assert!(is_fiat("USD"));
        assert!(!is_fiat("USDT"));
        assert!(!is_fiat("BTC"));
        assert!(is_usd_stablecoin("USDT"));
        assert!(!is_usd_stablecoin("USD"));
    }
}
