//! The request line: what `u` shows to edit, and the line typed (or pasted) read back into the
//! path and the query rows, so that the request is the line typed.

use super::{Draft, Row};
use crate::core::request::RESERVED_PARAMS;

/// Splits `a=1&b=2` into rows (percent-decoded).
pub(super) fn query_rows(q: &str) -> Vec<Row> {
    url::form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| Row::new(k.into_owned(), v.into_owned()))
        .collect()
}

/// A name or value as it is written in the line to edit: what would not read back the same
/// (`%`, `&`, `+`, `#`, `=` in a name, and spaces at the end, which the line loses) escaped.
fn escaped(text: &str, name: bool) -> String {
    let kept = text.trim_end_matches(' ');
    let mut out = String::with_capacity(text.len());
    for c in kept.chars() {
        match c {
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '+' => out.push_str("%2B"),
            '#' => out.push_str("%23"),
            '=' if name => out.push_str("%3D"),
            c => out.push(c),
        }
    }
    out.push_str(&"%20".repeat(text.len() - kept.len()));
    out
}

impl Draft {
    /// Sets the request line as typed: its query string becomes the query rows, so the request
    /// is the line typed (each name typed takes a row of that name in turn, a row it leaves out,
    /// all of them when it has no `?`, is turned off, not deleted), and the `{params}` rows
    /// follow the path, keeping their values. A `#fragment` is not part of a request.
    pub fn set_url(&mut self, text: &str) {
        let text = text.trim();
        let text = text.split_once('#').map_or(text, |(t, _)| t);
        let (url, query) = match text.split_once('?') {
            Some((u, q)) => (u, Some(q)),
            None => (text, None),
        };
        self.url = url.to_owned();
        let typed = query.map(query_rows).unwrap_or_default();
        // The n-th `ids=` typed goes to the n-th row named `ids`, rows that are on first.
        let mut used = vec![false; self.query.len()];
        for t in typed {
            if RESERVED_PARAMS.contains(&t.name.as_str()) {
                continue;
            }
            let free = |on: bool| {
                self.query
                    .iter()
                    .enumerate()
                    .position(|(i, r)| !used[i] && r.name == t.name && r.enabled == on)
            };
            match free(true).or_else(|| free(false)) {
                Some(i) => {
                    used[i] = true;
                    self.query[i].value = t.value;
                    self.query[i].enabled = true;
                }
                None => {
                    self.query.push(t);
                    used.push(true);
                }
            }
        }
        for (row, used) in self.query.iter_mut().zip(used) {
            if !used {
                row.enabled = false;
            }
        }
        let keep = std::mem::take(&mut self.path_params);
        self.sync_params(&keep);
    }

    /// The request line to edit: [`Draft::line`] escaped so that [`Draft::set_url`] reads the
    /// same rows back.
    pub fn editable_line(&self) -> String {
        self.joined(|r| format!("{}={}", escaped(&r.name, true), escaped(&r.value, false)))
    }

    /// The request line as shown: the URL and its enabled query rows.
    pub fn line(&self) -> String {
        self.joined(|r| format!("{}={}", r.name, r.value))
    }

    /// The URL and its enabled query rows, each written by `pair`.
    fn joined(&self, pair: impl Fn(&Row) -> String) -> String {
        let q: Vec<String> = self
            .query
            .iter()
            .filter(|r| r.enabled && !r.name.is_empty())
            .map(pair)
            .collect();
        if q.is_empty() {
            self.url.clone()
        } else {
            format!("{}?{}", self.url, q.join("&"))
        }
    }
}
