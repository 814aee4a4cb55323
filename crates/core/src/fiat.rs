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

/// [`FIAT`]'s codes as numbers (three bytes each), so that a code is looked up with integer
/// comparisons.
const FIAT_KEYS: [u32; FIAT.len()] = {
    let mut keys = [0; FIAT.len()];
    let mut i = 0;
    while i < FIAT.len() {
        let b = FIAT[i].as_bytes();
        assert!(b.len() == 3, "fiat codes have three letters");
        keys[i] = key(b[0], b[1], b[2]);
        i += 1;
    }
    keys
};

const fn key(a: u8, b: u8, c: u8) -> u32 {
    (a as u32) << 16 | (b as u32) << 8 | c as u32
}

/// True when `code` is a fiat currency.
pub fn is_fiat(code: &str) -> bool {
    // Integer comparisons keep this cheap on the hot path (it runs several times per trade,
    // and most crypto codes have three letters too).
    match *code.as_bytes() {
        [a, b, c] => FIAT_KEYS.contains(&key(a, b, c)),
        _ => false,
    }
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
        assert!(!is_fiat("KZ"));
        assert!(!is_fiat("KZTX"));
        assert!(!is_fiat("kzt"));
        assert!(FIAT.iter().all(|c| is_fiat(c)));
        assert!(is_usd_stablecoin("USDT"));
        assert!(!is_usd_stablecoin("USD"));
    }
}
