//! The taxpayer a declaration is drafted for: name and IIN (individual identification number),
//! the IIN checked by its control digit, and the name split into the three parts the
//! declaration asks for (surname, name, patronymic).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A checked IIN: 12 digits whose last is the control digit of the first 11.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin(String);

/// Why a text is not an IIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IinError {
    /// Not 12 characters, or not all digits.
    #[error("an IIN is 12 digits")]
    NotTwelveDigits,
    /// The 12th digit is not the control digit of the first 11.
    #[error("the last digit of this IIN is not its control digit: check for a typo")]
    BadControlDigit,
}

impl Iin {
    /// Checks a text (spaces allowed between digits) and keeps its 12 digits.
    pub fn parse(s: &str) -> Result<Iin, IinError> {
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IinError::NotTwelveDigits);
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        if control_digit(&d[..11]) != Some(d[11]) {
            return Err(IinError::BadControlDigit);
        }
        Ok(Iin(digits))
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The control digit of an IIN's first 11 digits: Σ dᵢ·i (i = 1…11) mod 11; when that is 10,
/// again with the weights 3, 4, …, 11, 1, 2; when that is 10 too, the number is not issued
/// (`None`).
pub fn control_digit(first11: &[u32]) -> Option<u32> {
    let weighted = |weights: &mut dyn Iterator<Item = u32>| -> u32 {
        first11.iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11
    };
    let c = weighted(&mut (1..=11));
    if c != 10 {
        return Some(c);
    }
    let c = weighted(&mut (3..=11).chain(1..=2));
    (c != 10).then_some(c)
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Iin {
    type Error = IinError;
    fn try_from(s: String) -> Result<Iin, IinError> {
        Iin::parse(&s)
    }
}

impl From<Iin> for String {
    fn from(i: Iin) -> String {
        i.0
    }
}

/// Who the declaration is for (both optional: a draft can be made without them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxpayer {
    /// Full name as on the declaration.
    pub name: String,
    /// The IIN, when entered.
    pub iin: Option<Iin>,
}

/// A full name in the three parts of the declaration's header (`fio1`, `fio2`, `fio3`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    /// Surname (`fio1`).
    pub surname: String,
    /// Given name (`fio2`).
    pub first_name: String,
    /// Patronymic (`fio3`), empty when there is none.
    pub patronymic: String,
}

impl NameParts {
    /// Splits a full name written "Surname Name Patronymic": the first word is the surname,
    /// the second the given name, the rest (possibly several words, possibly none) the
    /// patronymic. Runs of spaces count as one.
    pub fn split(full: &str) -> NameParts {
        let mut words = full.split_whitespace();
        let surname = words.next().unwrap_or("").to_string();
        let first_name = words.next().unwrap_or("").to_string();
        let patronymic = words.collect::<Vec<_>>().join(" ");
        NameParts {
            surname,
            first_name,
            patronymic,
        }
    }

    /// The parts given apart, each trimmed; a part not given comes from `full` split as in
    /// [`NameParts::split`].
    pub fn given_or_split(
        full: &str,
        surname: Option<&str>,
        first_name: Option<&str>,
        patronymic: Option<&str>,
    ) -> NameParts {
        let split = NameParts::split(full);
        let pick = |given: Option<&str>, fallback: String| given.map_or(fallback, |g| g.trim().to_string());
        NameParts {
            surname: pick(surname, split.surname),
            first_name: pick(first_name, split.first_name),
            patronymic: pick(patronymic, split.patronymic),
        }
    }

    /// The parts joined by single spaces ("Surname Name Patronymic"), empty parts left out.
    pub fn full(&self) -> String {
        [&self.surname, &self.first_name, &self.patronymic]
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// True when no part is given.
    pub fn is_empty(&self) -> bool {
        self.surname.is_empty() && self.first_name.is_empty() && self.patronymic.is_empty()
    }
}

impl Taxpayer {
    /// The name split into surname, given name and patronymic ([`NameParts::split`]).
    pub fn name_parts(&self) -> NameParts {
        NameParts::split(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_digits_worked_by_hand() {
        // 900101 3 0012 ?: digits 9 0 0 1 0 1 3 0 0 1 2, weights 1…11:
        // 9 + 0 + 0 + 4 + 0 + 6 + 21 + 0 + 0 + 10 + 22 = 72; 72 mod 11 = 6.
        assert_eq!(
            Iin::parse("900101300126").map(|i| i.to_string()),
            Ok("900101300126".into())
        );
        assert_eq!(
            Iin::parse("9001 0130 0126").map(|i| i.to_string()),
            Ok("900101300126".into())
        );
        assert_eq!(Iin::parse("900101300127"), Err(IinError::BadControlDigit));
        // 850312 4 0003 ?: 8 + 10 + 0 + 12 + 5 + 12 + 28 + 0 + 0 + 0 + 33 = 108; 108 mod 11 = 9.
        assert!(Iin::parse("850312400039").is_ok());
    }

    #[test]
    fn the_second_weights_when_the_first_give_ten() {
        // 0 0 0 0 0 0 0 0 0 1 0: 1·10 = 10 → second weights: 1·1 (10th weight is 1) = 1.
        let d = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
        assert_eq!(control_digit(&d), Some(1));
        assert!(Iin::parse("000000000101").is_ok());
        assert_eq!(Iin::parse("000000000100"), Err(IinError::BadControlDigit));
    }

    #[test]
    fn names_split_into_surname_name_and_patronymic() {
        let p = NameParts::split("  Абенова   Айгерим Серікқызы ");
        assert_eq!(
            (p.surname.as_str(), p.first_name.as_str(), p.patronymic.as_str()),
            ("Абенова", "Айгерим", "Серікқызы")
        );
        assert_eq!(p.full(), "Абенова Айгерим Серікқызы");
        // No patronymic; a patronymic of two words (Kazakh "… ұлы").
        assert_eq!(NameParts::split("Smith John").patronymic, "");
        assert_eq!(
            NameParts::split("Ахметов Ерлан Нұрлан ұлы").patronymic,
            "Нұрлан ұлы"
        );
        assert!(NameParts::split("   ").is_empty());
        // Parts given apart win; a compound surname stays whole.
        let p = NameParts::given_or_split("ignored words", Some("Ким-Пак"), Some(" Ли "), Some(""));
        assert_eq!(p.full(), "Ким-Пак Ли");
        let p = NameParts::given_or_split("Абенова Айгерим", None, None, Some("Серікқызы"));
        assert_eq!(p.full(), "Абенова Айгерим Серікқызы");
    }

    #[test]
    fn not_twelve_digits() {
        for s in [
            "",
            "12345678901",
            "1234567890123",
            "90010130012a",
            "９００１０１３００１２６",
        ] {
            assert_eq!(Iin::parse(s), Err(IinError::NotTwelveDigits), "{s}");
        }
    }
}
