//! Graph's rate-limit headers — `X-App-Usage`, `X-Business-Use-Case-Usage` and
//! `X-Ad-Account-Usage` — read into the one figure worth showing: the highest share used, where it
//! comes from, and how long to wait when the headers say.

use serde_json::Value;

/// The highest share of a rate limit in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Per cent used (100: throttled).
    pub pct: u32,
    /// Where it comes from: `app calls`, `business 123 (whatsapp) cpu`, `ad account`, …
    pub source: String,
    /// Seconds until access returns, when a header gives it.
    pub wait_secs: Option<u64>,
}

/// The colour band of a share: 0 below 75 %, 1 from 75, 2 from 90, 3 at 100.
pub fn band(pct: u32) -> u8 {
    match pct {
        100.. => 3,
        90..=99 => 2,
        75..=89 => 1,
        _ => 0,
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn pct_of(v: &Value, key: &str) -> Option<u32> {
    let n = v.get(key)?;
    let f = n.as_f64().or_else(|| n.as_str()?.parse().ok())?;
    Some(f.clamp(0.0, 1000.0).round() as u32)
}

const KINDS: [(&str, &str); 3] = [
    ("call_count", "calls"),
    ("total_cputime", "cpu"),
    ("total_time", "time"),
];

impl Usage {
    /// Reads the headers; `None` when none of them is present and readable.
    pub fn from_headers(headers: &[(String, String)]) -> Option<Self> {
        let mut all: Vec<Self> = Vec::new();
        if let Some(v) =
            header(headers, "x-app-usage").and_then(|t| serde_json::from_str::<Value>(t).ok())
        {
            for (key, word) in KINDS {
                if let Some(p) = pct_of(&v, key) {
                    all.push(Self {
                        pct: p,
                        source: format!("app {word}"),
                        wait_secs: None,
                    });
                }
            }
        }
        if let Some(Value::Object(m)) =
            header(headers, "x-business-use-case-usage").and_then(|t| serde_json::from_str(t).ok())
        {
            for (business, entries) in &m {
                for e in entries.as_array().into_iter().flatten() {
                    let kind = e.get("type").and_then(Value::as_str).unwrap_or("business");
                    let wait = e
                        .get("estimated_time_to_regain_access")
                        .and_then(Value::as_u64)
                        .filter(|&m| m > 0)
                        .map(|m| m.saturating_mul(60));
                    for (key, word) in KINDS {
                        if let Some(p) = pct_of(e, key) {
                            all.push(Self {
                                pct: p,
                                source: super::text::terminal_safe(
                                    &format!("business {business} ({kind}) {word}"),
                                    super::text::Keep::Nothing,
                                )
                                .into_owned(),
                                wait_secs: wait,
                            });
                        }
                    }
                }
            }
        }
        if let Some(v) = header(headers, "x-ad-account-usage")
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
            && let Some(p) = pct_of(&v, "acc_id_util_pct")
        {
            let wait = v
                .get("reset_time_duration")
                .and_then(Value::as_u64)
                .filter(|&s| s > 0);
            all.push(Self {
                pct: p,
                source: "ad account".into(),
                wait_secs: wait,
            });
        }
        let retry_after = header(headers, "retry-after").and_then(|v| v.trim().parse::<u64>().ok());
        let mut best = all.into_iter().max_by_key(|u| (u.pct, u.wait_secs))?;
        // An HTTP Retry-After is to the second, finer than Graph's minutes: it wins.
        if best.pct >= 100 && retry_after.is_some() {
            best.wait_secs = retry_after;
        }
        Some(best)
    }

    /// `usage 42 % (app calls)`, and the wait when throttled.
    pub fn describe(&self) -> String {
        match self.wait_secs {
            Some(w) if self.pct >= 100 => format!(
                "usage {} % ({}), access back in {}",
                self.pct,
                self.source,
                super::versions::span(i64::try_from(w).unwrap_or(i64::MAX))
            ),
            _ => format!("usage {} % ({})", self.pct, self.source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_highest_share_wins_with_its_source() {
        let u = Usage::from_headers(&h(&[
            ("X-App-Usage", r#"{"call_count":12,"total_cputime":80,"total_time":3}"#),
            (
                "x-business-use-case-usage",
                r#"{"1234":[{"type":"whatsapp","call_count":91,"total_cputime":2,"total_time":1,"estimated_time_to_regain_access":0}]}"#,
            ),
        ]))
        .expect("usage");
        assert_eq!(u.pct, 91);
        assert_eq!(u.source, "business 1234 (whatsapp) calls");
        assert_eq!(band(u.pct), 2);
        assert_eq!(u.describe(), "usage 91 % (business 1234 (whatsapp) calls)");
    }

    #[test]
    fn a_throttled_business_gives_its_wait_in_minutes() {
        let u = Usage::from_headers(&h(&[(
            "x-business-use-case-usage",
            r#"{"9":[{"type":"pages","call_count":100,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":7}]}"#,
        )]))
        .expect("usage");
        assert_eq!((u.pct, u.wait_secs), (100, Some(420)));
        assert!(
            u.describe().ends_with("access back in 7 minutes"),
            "{}",
            u.describe()
        );
    }

    #[test]
    fn ad_account_usage_and_retry_after() {
        let u = Usage::from_headers(&h(&[
            (
                "x-ad-account-usage",
                r#"{"acc_id_util_pct":100,"reset_time_duration":0}"#,
            ),
            ("retry-after", "4"),
        ]))
        .expect("usage");
        assert_eq!(
            (u.pct, u.source.as_str(), u.wait_secs),
            (100, "ad account", Some(4))
        );
        assert_eq!([band(10), band(75), band(90), band(100)], [0, 1, 2, 3]);
        assert_eq!(Usage::from_headers(&h(&[("x-app-usage", "nope")])), None);
    }
}
