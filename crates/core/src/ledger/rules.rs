//! The ledger's rules and settings: how a network fee and a reward are costed (per tax year,
//! unconfirmed, bundled in `crates/core/assets/ledger.toml` with their references), and the tolerances of
//! transfer pairing.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// What a network fee paid on a transfer does to the lots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeeTreatment {
    /// The fee's units leave the lot; its cost stays with the units that remain (the default).
    #[default]
    Reduce,
    /// The fee's units are a disposal at their value on the day.
    Dispose,
}

impl FeeTreatment {
    /// The lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FeeTreatment::Reduce => "reduce",
            FeeTreatment::Dispose => "dispose",
        }
    }
}

/// What a reward's lot costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewardCost {
    /// Cost 0 (NC Art. 389(6)), the default.
    #[default]
    Zero,
    /// Its value on the day received (when the user includes it in income).
    Value,
}

impl RewardCost {
    /// The lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RewardCost::Zero => "zero",
            RewardCost::Value => "value",
        }
    }
}

/// One bundled rule: its default, confidence and reference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Rule<T> {
    /// The value for every year the user has not changed.
    pub default: T,
    /// `L`, `O`, `S` or `U`.
    pub confidence: String,
    /// The reference, in English.
    pub reference: String,
    /// The id of the reference's Russian and Kazakh in the window's language files.
    pub reference_id: String,
}

/// Pairing tolerances.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TransferRule {
    /// The longest a deposit may arrive after its withdrawal, in hours.
    pub window_hours: u32,
    /// How long a deposit may be stamped before its withdrawal, in minutes.
    pub skew_minutes: u32,
    /// The largest network fee, in percent of the withdrawal.
    pub fee_percent: Decimal,
}

/// The bundled ledger rules (`crates/core/assets/ledger.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Bundled {
    /// Network fees on transfers.
    pub network_fee: Rule<FeeTreatment>,
    /// The cost of rewards.
    pub reward_cost: Rule<RewardCost>,
    /// Pairing tolerances.
    pub transfer: TransferRule,
}

/// The bundled rules, read once.
pub fn bundled() -> &'static Bundled {
    static B: OnceLock<Bundled> = OnceLock::new();
    B.get_or_init(|| {
        toml::from_str(include_str!("../../assets/ledger.toml")).expect("bundled ledger.toml is valid")
    })
}

/// The user's ledger settings: per-year choices over the bundled defaults, and tolerances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerSettings {
    /// Network fee treatment chosen per tax year.
    #[serde(default)]
    pub network_fee: BTreeMap<i32, FeeTreatment>,
    /// Reward cost chosen per tax year.
    #[serde(default)]
    pub reward_cost: BTreeMap<i32, RewardCost>,
    /// Network fee treatment chosen for every year without a choice of its own.
    #[serde(default)]
    pub network_fee_all: Option<FeeTreatment>,
    /// Reward cost chosen for every year without a choice of its own.
    #[serde(default)]
    pub reward_cost_all: Option<RewardCost>,
    /// The longest a deposit may arrive after its withdrawal, in hours.
    pub window_hours: u32,
    /// How long a deposit may be stamped before its withdrawal, in minutes.
    pub skew_minutes: u32,
    /// The largest network fee, in percent of the withdrawal.
    pub fee_percent: Decimal,
}

impl Default for LedgerSettings {
    fn default() -> Self {
        let t = &bundled().transfer;
        LedgerSettings {
            network_fee: BTreeMap::new(),
            reward_cost: BTreeMap::new(),
            network_fee_all: None,
            reward_cost_all: None,
            window_hours: t.window_hours,
            skew_minutes: t.skew_minutes,
            fee_percent: t.fee_percent,
        }
    }
}

impl LedgerSettings {
    /// The network fee treatment of tax year `year`.
    pub fn network_fee(&self, year: i32) -> FeeTreatment {
        self.network_fee
            .get(&year)
            .copied()
            .or(self.network_fee_all)
            .unwrap_or(bundled().network_fee.default)
    }

    /// True when the user chose the network fee treatment of `year`.
    pub fn network_fee_set(&self, year: i32) -> bool {
        self.network_fee.contains_key(&year) || self.network_fee_all.is_some()
    }

    /// True when the user chose the reward cost rule of `year`.
    pub fn reward_cost_set(&self, year: i32) -> bool {
        self.reward_cost.contains_key(&year) || self.reward_cost_all.is_some()
    }

    /// The reward cost rule of tax year `year`.
    pub fn reward_cost(&self, year: i32) -> RewardCost {
        self.reward_cost
            .get(&year)
            .copied()
            .or(self.reward_cost_all)
            .unwrap_or(bundled().reward_cost.default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_rules_read_and_default_as_documented() {
        let b = bundled();
        assert_eq!(b.network_fee.default, FeeTreatment::Reduce);
        assert_eq!(b.reward_cost.default, RewardCost::Zero);
        assert_eq!(b.network_fee.confidence, "U");
        let mut s = LedgerSettings::default();
        assert_eq!(s.window_hours, 24);
        assert_eq!(s.fee_percent, Decimal::from(2));
        s.reward_cost.insert(2025, RewardCost::Value);
        assert_eq!(s.reward_cost(2025), RewardCost::Value);
        assert_eq!(s.reward_cost(2024), RewardCost::Zero);
    }
}
