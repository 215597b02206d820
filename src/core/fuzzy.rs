//! Fuzzy finding, for the endpoint filter and `wpx endpoints`: each word of the query must match
//! an item fuzzily in its short text (method and path: `grp feed` finds `/{group-id}/feed`) or
//! literally in its long text (id, section, summary, permissions), which fuzzy matching would make
//! too loose. Built on nucleo-matcher, helix's matcher.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Points a word earns for each of its characters found literally in the long text: what
/// nucleo gives a character matched without gaps, so that both kinds of hit rank alike.
const LITERAL: u32 = 16;

/// A parsed query.
pub struct Query {
    words: Vec<(Atom, String)>,
    matcher: Matcher,
    buf: Vec<char>,
}

impl Query {
    /// The words of `text` (split on whitespace, case-insensitive).
    pub fn new(text: &str) -> Self {
        let words = text
            .split_whitespace()
            .map(|w| {
                let atom = Atom::new(
                    w,
                    CaseMatching::Ignore,
                    Normalization::Smart,
                    AtomKind::Fuzzy,
                    false,
                );
                (atom, w.to_lowercase())
            })
            .collect();
        Self {
            words,
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }

    /// True when there are no words: everything matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The score of an item (higher is better), or `None` when a word matches neither text.
    pub fn score(&mut self, short: &str, long: &str) -> Option<u32> {
        let long = long.to_lowercase();
        let mut total = 0u32;
        for (atom, word) in &self.words {
            let fuzzy = atom.score(Utf32Str::new(short, &mut self.buf), &mut self.matcher);
            let literal = long
                .contains(word.as_str())
                .then(|| LITERAL * word.chars().count() as u32);
            total += match (fuzzy, literal) {
                (None, None) => return None,
                // Found both ways (a path that spells it and an id or summary that says it):
                // a little ahead of an endpoint that only spells it.
                (Some(f), Some(l)) => u32::from(f).max(l) + word.chars().count() as u32,
                (f, l) => f.map_or(0, u32::from).max(l.unwrap_or(0)),
            };
        }
        Some(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_fuzzily_in_the_short_text_and_literally_in_the_long() {
        let mut q = Query::new("grp feed");
        assert!(
            q.score("GET /{group-id}/feed group.feed read_group", "")
                .is_some()
        );
        assert!(
            q.score("GET /community/groups", "").is_none(),
            "feed is not there"
        );
        let mut q = Query::new("newest");
        assert!(
            q.score(
                "GET /{group-id}/feed",
                "Groups The group's posts, newest first"
            )
            .is_some()
        );
        let mut q = Query::new("nwst");
        assert!(
            q.score("GET /{group-id}/feed", "The group's posts, newest first")
                .is_none(),
            "the long text is matched literally, never fuzzily"
        );
        assert!(Query::new("  ").is_empty());
    }

    #[test]
    fn a_closer_match_scores_higher() {
        let mut q = Query::new("feed");
        let exact = q.score("GET /{group-id}/feed", "").expect("matches");
        let loose = q
            .score("GET /{event-id}/feedback_entries_d", "")
            .expect("matches");
        assert!(exact >= loose, "{exact} vs {loose}");
    }
}
