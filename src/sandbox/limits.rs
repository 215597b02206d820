//! The sandbox's rate limit: calls per app in a sliding window, reported in `X-App-Usage` as Graph
//! does, and answered with code 4 once the share reaches 100 %.

use std::collections::{BTreeMap, VecDeque};

use serde_json::json;

/// Calls allowed per window when `--rate-limit` is not given (a meter that moves, a limit that a
/// person exploring never reaches).
pub const DEFAULT_LIMIT: u32 = 600;
/// The window when `--rate-window` is not given, in seconds.
pub const DEFAULT_WINDOW: u64 = 60;

/// Recent calls per app.
#[derive(Debug, Default)]
pub struct Limits {
    calls: BTreeMap<String, VecDeque<i64>>,
}

/// Where an app stands after a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Share of the limit used, in per cent (capped at 100).
    pub pct: u32,
    /// Seconds until a call is allowed again, when throttled.
    pub wait_secs: Option<u64>,
}

impl Limits {
    /// Counts a call by `app` at `now` (when allowed) and says where the app stands.
    pub fn hit(&mut self, app: &str, now: i64, limit: u32, window: u64) -> Usage {
        let limit = limit.max(1);
        let window = i64::try_from(window.max(1)).unwrap_or(i64::MAX);
        let q = self.calls.entry(app.to_owned()).or_default();
        while q.front().is_some_and(|&t| t <= now.saturating_sub(window)) {
            q.pop_front();
        }
        let used = u32::try_from(q.len()).unwrap_or(u32::MAX);
        if used >= limit {
            let oldest = q.front().copied().unwrap_or(now);
            let wait = u64::try_from(oldest.saturating_add(window).saturating_sub(now).max(1))
                .unwrap_or(1);
            return Usage {
                pct: 100,
                wait_secs: Some(wait),
            };
        }
        q.push_back(now);
        Usage {
            pct: u32::try_from((u64::from(used) + 1) * 100 / u64::from(limit))
                .unwrap_or(100)
                .min(100),
            wait_secs: None,
        }
    }
}

impl Usage {
    /// The headers Graph sends for it: `x-app-usage` always; when throttled, the business use
    /// case header with `estimated_time_to_regain_access` (minutes, as Graph gives it) and a
    /// `retry-after` in seconds (Graph sends none; the sandbox does, so short windows can be tried).
    pub fn headers(&self, business: &str) -> Vec<(String, String)> {
        let p = self.pct;
        let mut out = vec![(
            "x-app-usage".to_owned(),
            json!({"call_count": p, "total_cputime": p / 4, "total_time": p / 3}).to_string(),
        )];
        if let Some(wait) = self.wait_secs {
            out.push((
                "x-business-use-case-usage".to_owned(),
                json!({ business: [{
                    "type": "workplace",
                    "call_count": 100,
                    "total_cputime": 25,
                    "total_time": 33,
                    "estimated_time_to_regain_access": wait.div_ceil(60),
                }]})
                .to_string(),
            ));
            out.push(("retry-after".to_owned(), wait.to_string()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_climbs_to_100_and_then_the_app_waits_for_the_window() {
        let mut l = Limits::default();
        let pcts: Vec<u32> = (0..4).map(|_| l.hit("a", 100, 4, 10).pct).collect();
        assert_eq!(pcts, [25, 50, 75, 100]);
        let u = l.hit("a", 103, 4, 10);
        assert_eq!(
            u,
            Usage {
                pct: 100,
                wait_secs: Some(7)
            }
        );
        assert_eq!(l.hit("b", 103, 4, 10).pct, 25, "apps are counted apart");
        assert_eq!(l.hit("a", 110, 4, 10).pct, 25, "the window has passed");
        let h = u.headers("123");
        assert!(h.iter().any(|(k, v)| k == "retry-after" && v == "7"));
        assert!(h.iter().any(|(k, v)| k == "x-business-use-case-usage"
            && v.contains("\"estimated_time_to_regain_access\":1")));
    }

    #[test]
    fn a_batch_counts_each_operation_and_the_code_can_be_80004() {
        use crate::core::request::Method;
        use crate::sandbox::engine::{Engine, Options, SReq};
        let mut e = Engine::new(
            "http://127.0.0.1:1",
            Options {
                rate_limit: Some(3),
                rate_window_secs: Some(60),
                rate_code: Some(80_004),
                ..Options::default()
            },
        )
        .expect("engine");
        let req = |query: Vec<(String, String)>| SReq {
            method: if query.iter().any(|(k, _)| k == "batch") {
                Method::Post
            } else {
                Method::Get
            },
            path: if query.iter().any(|(k, _)| k == "batch") {
                "/".into()
            } else {
                "/me".into()
            },
            query,
            ..SReq::default()
        };
        let token = (
            "access_token".to_owned(),
            "wpx-sandbox-token-readonly".to_owned(),
        );
        let batch = r#"[{"method":"GET","relative_url":"me"},{"method":"GET","relative_url":"me"},{"method":"GET","relative_url":"me"}]"#;
        let r = e.handle(
            &req(vec![token.clone(), ("batch".into(), batch.into())]),
            1000,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let usage = |r: &crate::sandbox::engine::SResp| {
            r.headers
                .iter()
                .find(|(k, _)| k == "x-app-usage")
                .map(|(_, v)| v.clone())
        };
        assert!(
            usage(&r).is_some_and(|u| u.contains("\"call_count\":100")),
            "{:?}",
            r.headers
        );
        let r = e.handle(&req(vec![token]), 1001);
        assert_eq!(r.status, 400);
        assert_eq!(r.body["error"]["code"], 80_004);
        assert_eq!(r.body["error"]["is_transient"], true);
        assert!(
            r.headers
                .iter()
                .any(|(k, v)| k == "x-business-use-case-usage"
                    && v.contains("estimated_time_to_regain_access"))
        );
    }
}
