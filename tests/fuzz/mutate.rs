//! Structure-aware inputs: known-good seeds mutated by a few operations each, and arbitrary bytes.

use proptest::prelude::*;
use proptest::sample::select;

/// A small deterministic generator, for choices made inside a case (viewer moves, generated trees).
pub struct Rng(pub u64);

impl Rng {
    /// A number below `below` (0 when `below` is 0).
    pub fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }

    /// One of `items`.
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.next(items.len())].clone()
    }
}

/// Inputs grown past this are cut, so no case takes long.
const MAX_LEN: usize = 256 * 1024;

/// One mutation; positions are taken modulo the input's length.
#[derive(Debug, Clone)]
enum Op {
    /// Replaces a byte.
    Set(usize, u8),
    /// Removes up to `n` bytes.
    Delete(usize, usize),
    /// Inserts bytes.
    Insert(usize, Vec<u8>),
    /// Inserts a dictionary token.
    Token(usize, usize),
    /// Repeats a slice of up to `n` bytes `times` times.
    Repeat(usize, usize, usize),
    /// Cuts the input here.
    Truncate(usize),
    /// Wraps the input (or a slice from here) in `depth` levels of a nesting pair.
    Nest(usize, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let at = any::<usize>();
    prop_oneof![
        3 => (at, any::<u8>()).prop_map(|(a, b)| Op::Set(a, b)),
        2 => (at, 1usize..16).prop_map(|(a, n)| Op::Delete(a, n)),
        2 => (at, proptest::collection::vec(any::<u8>(), 1..8)).prop_map(|(a, b)| Op::Insert(a, b)),
        5 => (at, any::<usize>()).prop_map(|(a, t)| Op::Token(a, t)),
        1 => (at, 1usize..32, 1usize..64).prop_map(|(a, n, t)| Op::Repeat(a, n, t)),
        1 => at.prop_map(Op::Truncate),
        1 => (at, any::<usize>(), prop_oneof![1usize..8, 100usize..3000, 20_000usize..40_000]).prop_map(|(a, p, d)| Op::Nest(a, p, d)),
    ]
}

fn apply(mut b: Vec<u8>, ops: &[Op], dict: &[&str], nests: &[(&str, &str)]) -> Vec<u8> {
    for op in ops {
        let n = b.len();
        let pos = |a: usize| if n == 0 { 0 } else { a % (n + 1) };
        match op {
            Op::Set(a, x) if n > 0 => b[a % n] = *x,
            Op::Set(..) => {}
            Op::Delete(a, k) => {
                let p = pos(*a);
                let end = (p + k).min(n);
                b.drain(p..end);
            }
            Op::Insert(a, bytes) => {
                let p = pos(*a);
                b.splice(p..p, bytes.iter().copied());
            }
            Op::Token(a, t) if !dict.is_empty() => {
                let p = pos(*a);
                b.splice(p..p, dict[t % dict.len()].bytes());
            }
            Op::Token(..) => {}
            Op::Repeat(a, k, times) => {
                let p = pos(*a);
                let end = (p + k).min(n);
                let slice = b[p..end].to_vec();
                let extra: Vec<u8> = slice.repeat(*times);
                b.splice(end..end, extra);
            }
            Op::Truncate(a) => b.truncate(pos(*a)),
            Op::Nest(a, which, depth) if !nests.is_empty() => {
                let (open, close) = nests[which % nests.len()];
                let p = pos(*a);
                let mut out = Vec::with_capacity(b.len() + depth * (open.len() + close.len()));
                out.extend_from_slice(&b[..p]);
                for _ in 0..*depth {
                    out.extend_from_slice(open.as_bytes());
                }
                out.extend_from_slice(&b[p..]);
                for _ in 0..*depth {
                    out.extend_from_slice(close.as_bytes());
                }
                b = out;
            }
            Op::Nest(..) => {}
        }
        b.truncate(MAX_LEN);
    }
    b
}

/// Seeds (built-in and the corpus) mutated by up to six operations, with `dict` tokens spliced in
/// and `nests` pairs (`("[", "]")`) for deep nesting.
pub fn mutated(
    seeds: Vec<Vec<u8>>,
    dict: &'static [&'static str],
    nests: &'static [(&'static str, &'static str)],
) -> BoxedStrategy<Vec<u8>> {
    (select(seeds), proptest::collection::vec(op(), 0..6))
        .prop_map(move |(seed, ops)| apply(seed, &ops, dict, nests))
        .boxed()
}

/// Arbitrary bytes, arbitrary text, and text over `alphabet` (a regex character class body).
pub fn arbitrary(alphabet: &str) -> BoxedStrategy<Vec<u8>> {
    let class = format!("[{alphabet}]{{0,200}}");
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        any::<String>().prop_map(String::into_bytes),
        proptest::string::string_regex(&class)
            .expect("a valid character class")
            .prop_map(String::into_bytes),
    ]
    .boxed()
}

/// The built-in seeds plus the target's corpus.
pub fn seeds(target: &str, builtin: &[&str]) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = builtin.iter().map(|s| s.as_bytes().to_vec()).collect();
    v.extend(super::harness::corpus(target).into_iter().map(|(_, b)| b));
    v
}

/// Arbitrary inputs a quarter of the time, mutated seeds the rest.
pub fn input(
    target: &str,
    builtin: &[&str],
    alphabet: &str,
    dict: &'static [&'static str],
    nests: &'static [(&'static str, &'static str)],
) -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        1 => arbitrary(alphabet),
        3 => mutated(seeds(target, builtin), dict, nests),
    ]
    .boxed()
}
