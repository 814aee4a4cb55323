//! Disposals summed per tax year and group as they come ([`YearSums`]): the sums behind every
//! yearly result, in whole tiyn.

use super::{Groups, Totals, YearResult, year_result};
use crate::exemptions::ExemptReason;
use crate::matching::Disposal;
use crate::model::Kind;
use crate::settings::{Placement, Settings};
use crate::venues::Country;
use chrono::Datelike;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A group of a year's disposals: kind, country, exemption and (securities) foreign issuer.
type Key = (Kind, Country, Option<ExemptReason>, bool);

/// The sums [`super::yearly_placed`] makes, one disposal at a time: for disposals that are
/// never all held at once (made and summed as they come).
#[derive(Debug, Clone, Default)]
pub struct YearSums {
    /// Each (year, group) met, in the order first met. A year has a few groups, so they are
    /// looked for in turn, the one met last first (most disposals are in their predecessor's).
    groups: Vec<(i32, Key, Sum)>,
    last: usize,
}

impl YearSums {
    /// The sums of `disposals`, each placed by `place`.
    pub(super) fn of(disposals: &[Disposal], mut place: impl FnMut(&Disposal) -> Placement) -> YearSums {
        let mut sums = YearSums::default();
        for d in disposals {
            sums.add(d, place(d));
        }
        sums
    }

    /// Adds one disposal, placed by `p`.
    pub fn add(&mut self, d: &Disposal, p: Placement) {
        let foreign = d.kind == Kind::Security && p.foreign_issuer;
        let at = self.group(d.date.year(), (d.kind, p.country, p.exempt, foreign));
        self.groups[at].2.add(d);
    }

    /// Adds the sums of other disposals.
    pub fn merge(&mut self, other: YearSums) {
        for (year, key, sum) in other.groups {
            let at = self.group(year, key);
            self.groups[at].2.merge(&sum);
        }
    }

    /// The result of every tax year with a disposal added, as [`super::yearly_placed`] gives it.
    pub fn finish(self, settings: &Settings) -> Vec<YearResult> {
        let mut per_year: BTreeMap<i32, Groups> = BTreeMap::new();
        for (year, key, sum) in self.groups {
            per_year.entry(year).or_default().insert(key, sum.totals());
        }
        per_year
            .into_iter()
            .map(|(year, groups)| year_result(year, groups, settings))
            .collect()
    }

    /// The index of the sums of `key` in `year`, added when there are none yet.
    fn group(&mut self, year: i32, key: Key) -> usize {
        let is = |g: &(i32, Key, Sum)| g.0 == year && g.1 == key;
        if self.groups.get(self.last).is_some_and(is) {
            return self.last;
        }
        self.last = match self.groups.iter().position(is) {
            Some(at) => at,
            None => {
                self.groups.push((year, key, Sum::default()));
                self.groups.len() - 1
            }
        };
        self.last
    }
}

/// Largest sum kept in tiyn: the largest decimal mantissa, so that every sum converts back.
const MAX_TIYN: i128 = 79_228_162_514_264_337_593_543_950_335;

/// One group's sums: proceeds, cost, gains and losses in whole tiyn (128-bit integers, which
/// add several times faster than decimals) for the disposals whose figures have at most two
/// decimals — all of them, as matching rounds them —, the others' in `rest` as decimals. Exact
/// either way, and with no rest the same figures, scale included, as adding the decimals one
/// by one.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    /// Disposals summed in tiyn.
    counted: usize,
    /// Σ proceeds, Σ cost, Σ positive gains, Σ negative gains, in tiyn.
    tiyn: [i128; 4],
    /// The number of decimals each sum would have as a decimal sum ([`scale_after`]): 0 to 2.
    scale: [u32; 4],
    /// The disposals with a figure of more decimals, or past [`MAX_TIYN`].
    rest: Totals,
}

impl Sum {
    fn add(&mut self, d: &Disposal) {
        let gain = d.gain();
        // A gain is added to the gains, a loss (or zero) to the losses; nothing to the other.
        let (gains, losses) = if gain > Decimal::ZERO {
            (Some(gain), None)
        } else {
            (None, Some(gain))
        };
        let figures = [Some(d.proceeds), Some(d.cost), gains, losses];
        let mut sums = self.tiyn;
        let mut scale = self.scale;
        for ((sum, scale), x) in sums.iter_mut().zip(&mut scale).zip(figures) {
            let Some(x) = x else { continue };
            let Some((t, added)) = in_tiyn(x).and_then(|t| Some((t, add_tiyn(*sum, t)?))) else {
                self.rest.add(d);
                return;
            };
            *scale = scale_after(*sum, *scale, t, x.scale());
            *sum = added;
        }
        self.tiyn = sums;
        self.scale = scale;
        self.counted += 1;
    }

    fn merge(&mut self, o: &Sum) {
        let mut sums = self.tiyn;
        let fits = sums.iter_mut().zip(o.tiyn).all(|(a, b)| match add_tiyn(*a, b) {
            Some(sum) => {
                *a = sum;
                true
            }
            None => false,
        });
        if fits {
            for k in 0..4 {
                self.scale[k] = scale_after(self.tiyn[k], self.scale[k], o.tiyn[k], o.scale[k]);
            }
            self.tiyn = sums;
            self.counted += o.counted;
        } else {
            self.rest.merge(&o.in_tiyn());
        }
        if o.rest.disposals > 0 {
            self.rest.merge(&o.rest);
        }
    }

    /// The sums as decimals.
    fn totals(&self) -> Totals {
        let mut t = self.in_tiyn();
        // Only when there is a rest: adding its zeros would change a zero sum's scale.
        if self.rest.disposals > 0 {
            t.merge(&self.rest);
        }
        t
    }

    /// The sums kept in tiyn, as decimals.
    fn in_tiyn(&self) -> Totals {
        let [proceeds, cost, gains, losses] = std::array::from_fn(|k| {
            let mut x = Decimal::from_i128_with_scale(self.tiyn[k], 2);
            // Exact: the figures of fewer decimals added whole tens of tiyn.
            x.rescale(self.scale[k]);
            x
        });
        Totals {
            disposals: self.counted,
            proceeds,
            cost,
            gains,
            losses,
        }
    }
}

/// The number of decimals of `sum + x` (each given in tiyn, with its own number of decimals)
/// as a decimal sum has them: the larger of the two, except that a zero sum becomes `x` as it
/// is, and adding zero to another sum leaves it as it is.
fn scale_after(sum: i128, sum_scale: u32, x: i128, x_scale: u32) -> u32 {
    match (sum == 0, x == 0) {
        (true, _) => x_scale,
        (false, true) => sum_scale,
        (false, false) => sum_scale.max(x_scale),
    }
}

/// `a + b` in tiyn, when it stays within [`MAX_TIYN`].
fn add_tiyn(a: i128, b: i128) -> Option<i128> {
    a.checked_add(b).filter(|s| s.abs() <= MAX_TIYN)
}

/// `x` in whole tiyn, when it has at most two decimals.
fn in_tiyn(x: Decimal) -> Option<i128> {
    let scale = x.scale();
    (scale <= 2).then(|| x.mantissa() * 10i128.pow(2 - scale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn disposal(date: &str, proceeds: Decimal, cost: Decimal) -> Disposal {
        Disposal {
            trade: 0,
            kind: Kind::Crypto,
            role: crate::legs::Role::Sold,
            date: date.parse().unwrap(),
            quantity: dec!(1),
            proceeds,
            cost,
            lots: 0..0,
        }
    }

    proptest::proptest! {
        /// Any disposals of whole tenge, tenths and tiyn (small figures, so that sums come back
        /// to zero and figures repeat), summed in tiyn whole or in two parts, give the figures
        /// and scales of the decimals added one by one.
        #[test]
        fn any_sums_in_tiyn_are_the_decimal_sums(
            figures in proptest::collection::vec((-3i64..4, 0u32..3, 0i64..4, 0u32..3), 0..40),
            split in 0usize..40,
        ) {
            let list: Vec<Disposal> = figures
                .iter()
                .map(|&(p, ps, c, cs)| {
                    disposal("2025-01-05", Decimal::new(p.abs(), ps), Decimal::new(c, cs))
                })
                .collect();
            let mut want = Totals::default();
            list.iter().for_each(|d| want.add(d));
            let mut whole = Sum::default();
            list.iter().for_each(|d| whole.add(d));
            let (a, b) = list.split_at(split.min(list.len()));
            let (mut first, mut second) = (Sum::default(), Sum::default());
            a.iter().for_each(|d| first.add(d));
            b.iter().for_each(|d| second.add(d));
            first.merge(&second);
            let mut merged = Totals::default();
            let (mut ta, mut tb) = (Totals::default(), Totals::default());
            a.iter().for_each(|d| ta.add(d));
            b.iter().for_each(|d| tb.add(d));
            merged.merge(&ta);
            merged.merge(&tb);
            let exact = |t: &Totals| [t.proceeds, t.cost, t.gains, t.losses].map(|x| x.serialize());
            proptest::prop_assert_eq!(exact(&whole.totals()), exact(&want));
            proptest::prop_assert_eq!(whole.totals().disposals, want.disposals);
            proptest::prop_assert_eq!(exact(&first.totals()), exact(&merged));
        }
    }

    /// The sums in tiyn are the decimals added one by one, to the scale: tiyn, whole tenge,
    /// a figure of more decimals (kept as a decimal), two years, and a merge of two parts.
    #[test]
    fn sums_in_tiyn_are_the_decimal_sums() {
        let place = Placement {
            country: Country::Abroad,
            exempt: None,
            foreign_issuer: false,
        };
        let list = [
            disposal("2025-01-05", dec!(100.25), dec!(40.10)),
            disposal("2025-02-05", dec!(7), dec!(10)),
            disposal("2026-03-05", dec!(0.005), dec!(0)),
            disposal("2025-04-05", dec!(12.5), dec!(12.50)),
            disposal("2026-03-06", dec!(30), dec!(0)),
            // A loss that brings the losses' sum back to a figure of no decimals.
            disposal("2025-05-05", dec!(1.00), dec!(2.00)),
        ];
        // By hand: 2025 proceeds 100.25 + 7 + 12.5 + 1.00 = 120.75, cost 40.10 + 10 + 12.50
        // + 2.00 = 64.60, gains 60.15, losses −3 + 0.00 (the third's gain, which leaves −3 as
        // it is) − 1.00 = −4.00; 2026 proceeds 0.005 + 30 = 30.005, cost 0, gains 30.005.
        let mut decimal: BTreeMap<i32, Totals> = BTreeMap::new();
        for d in &list {
            decimal.entry(d.date.year()).or_default().add(d);
        }
        assert_eq!(decimal[&2025].proceeds, dec!(120.75));
        assert_eq!(decimal[&2025].losses, dec!(-4.00));
        assert_eq!(decimal[&2026].gains, dec!(30.005));
        let whole = YearSums::of(&list, |_| place);
        let mut parts = YearSums::of(&list[..2], |_| place);
        parts.merge(YearSums::of(&list[2..], |_| place));
        for sums in [whole, parts] {
            let got: BTreeMap<i32, Totals> = sums
                .groups
                .iter()
                .map(|(year, _, sum)| (*year, sum.totals()))
                .collect();
            assert_eq!(got.len(), 2);
            for (year, want) in &decimal {
                let t = got[year];
                assert_eq!(t, *want, "{year}");
                let scales = |t: &Totals| [t.proceeds, t.cost, t.gains, t.losses].map(|x| x.scale());
                assert_eq!(scales(&t), scales(want), "{year}");
            }
        }
    }
}
