//! Coverage-driven weighting of the generated sequences: once exploration
//! has run a few sequences, the operations governed by rules the sequences
//! reach, but rarely, are generated more often, so that random exploration
//! leans toward the least exercised paths of the oracle.
//!
//! Only rules the generated sequences have reached at least once count: a
//! rule they never reach (a validation rule no generated input breaks, a
//! 50 MB upload) would pull weight toward its operation forever without ever
//! being reached. The weights depend only on the rule counts of the sequences
//! run before, so a run with the same seed against the same endpoint
//! generates the same sequences.

use lambda_model::Op;
use lambda_model::rules::{self, Rule};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The most a transition's weight is multiplied by.
pub const MAX_BOOST: u32 = 4;

/// A rule is rare when the generated sequences reached it fewer times than
/// one in this many of them (and at least once).
pub const RARE_EVERY: usize = 20;

thread_local! {
    /// The multiplier per operation name; absent means 1.
    static BOOST: RefCell<BTreeMap<Op, u32>> = const { RefCell::new(BTreeMap::new()) };
}

/// The rules generated sequences reached, but in fewer than one sequence in
/// [`RARE_EVERY`], given their counts over `sequences` sequences.
pub fn rare_rules(counts: &BTreeMap<String, usize>, sequences: usize) -> Vec<&'static Rule> {
    let threshold = sequences / RARE_EVERY;
    rules::all()
        .iter()
        .copied()
        .filter(|r| counts.get(r.id).is_some_and(|&n| n > 0 && n < threshold))
        .collect()
}

/// How much more often to generate each operation: 1 plus the number of rare
/// rules that govern it, at most [`MAX_BOOST`].
pub fn boosts(rare: &[&'static Rule]) -> BTreeMap<Op, u32> {
    let mut boost: BTreeMap<Op, u32> = BTreeMap::new();
    for rule in rare {
        for &op in rule.operations {
            let b = boost.entry(op).or_insert(1);
            *b = (*b + 1).min(MAX_BOOST);
        }
    }
    boost
}

/// The weights generation uses on this thread until the guard is dropped.
pub struct Weighting {
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Weighting {
    /// Starts with every operation at its base weight.
    pub fn start() -> Self {
        BOOST.with(|b| b.borrow_mut().clear());
        Weighting {
            _not_send: std::marker::PhantomData,
        }
    }

    /// Replaces the multipliers.
    pub fn set(&self, boosts: BTreeMap<Op, u32>) {
        BOOST.with(|b| *b.borrow_mut() = boosts);
    }
}

impl Drop for Weighting {
    fn drop(&mut self) {
        BOOST.with(|b| b.borrow_mut().clear());
    }
}

/// The weight of a transition of `operation` whose base weight is `base`.
pub fn weight(operation: Op, base: u32) -> u32 {
    base * BOOST.with(|b| b.borrow().get(&operation).copied().unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(r, n)| (r.to_string(), *n)).collect()
    }

    #[test]
    fn rare_means_reached_but_in_fewer_than_one_sequence_in_twenty() {
        let c = counts(&[("FN-EXISTS", 500), ("ALI-EXISTS", 3), ("ESM-EXISTS", 0)]);
        let rare: Vec<&str> = rare_rules(&c, 200).iter().map(|r| r.id).collect();
        // 200 sequences: rare is 1..=9 times. Never reached is not rare.
        assert_eq!(rare, vec!["ALI-EXISTS"]);
        // Early on nothing is rare: the base weights hold.
        assert!(rare_rules(&c, 19).is_empty());
    }

    #[test]
    fn boosts_follow_the_rules_operations_and_are_capped() {
        let alias = rules::by_id("ALI-EXISTS").expect("rule");
        let b = boosts(&[alias]);
        for op in alias.operations {
            assert_eq!(b[op], 2, "{}", op.name());
        }
        assert!(!b.contains_key(&Op::CreateFunction));
        let many: Vec<&'static Rule> = rules::all()
            .iter()
            .copied()
            .filter(|r| r.operations.contains(&Op::GetFunction))
            .collect();
        assert!(many.len() >= MAX_BOOST as usize);
        assert_eq!(boosts(&many)[&Op::GetFunction], MAX_BOOST);
    }

    #[test]
    fn weights_apply_while_the_guard_lives() {
        {
            let w = Weighting::start();
            w.set(BTreeMap::from([(Op::GetAlias, 3)]));
            assert_eq!(weight(Op::GetAlias, 2), 6);
            assert_eq!(weight(Op::GetFunction, 2), 2);
        }
        assert_eq!(weight(Op::GetAlias, 2), 2);
    }
}
