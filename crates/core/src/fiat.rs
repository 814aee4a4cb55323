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

/// [`FIAT`]'s codes as bits of a table of every three capital letters (26³ bits, 2.2 KB), so
/// that a code is looked up with one bit test: it runs several times per trade, and most crypto
/// codes have three letters too.
const FIAT_BITS: [u64; FIAT_WORDS] = {
    let mut bits = [0; FIAT_WORDS];
    let mut i = 0;
    while i < FIAT.len() {
        let b = FIAT[i].as_bytes();
        assert!(b.len() == 3, "fiat codes have three letters");
        let Some(n) = letters(b[0], b[1], b[2]) else {
            panic!("fiat codes are capital letters");
        };
        bits[n / 64] |= 1 << (n % 64);
        i += 1;
    }
    bits
};

const FIAT_WORDS: usize = (26 * 26 * 26usize).div_ceil(64);

/// The number of a code of three capital letters (`AAA` = 0 … `ZZZ` = 26³ − 1).
const fn letters(a: u8, b: u8, c: u8) -> Option<usize> {
    if a.is_ascii_uppercase() && b.is_ascii_uppercase() && c.is_ascii_uppercase() {
        Some(((a - b'A') as usize * 26 + (b - b'A') as usize) * 26 + (c - b'A') as usize)
    } else {
        None
    }
}

/// True when `code` is a fiat currency.
pub fn is_fiat(code: &str) -> bool {
    match *code.as_bytes() {
        [a, b, c] => letters(a, b, c).is_some_and(|n| FIAT_BITS[n / 64] & (1 << (n % 64)) != 0),
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
        assert!(!is_fiat("BT1"));
        assert!(!is_fiat("ETH"));
        assert!(!is_fiat("AAA") && !is_fiat("ZZZ"));
        // Every code of three capital letters: fiat exactly when listed.
        for n in 0..26 * 26 * 26u32 {
            let code: String = [n / 676, n / 26 % 26, n % 26]
                .iter()
                .map(|&d| char::from(b'A' + d as u8))
                .collect();
            assert_eq!(is_fiat(&code), FIAT.contains(&code.as_str()), "{code}");
        }
        assert!(FIAT.iter().all(|c| is_fiat(c)));
        assert!(is_usd_stablecoin("USDT"));
        assert!(!is_usd_stablecoin("USD"));
    }
}
