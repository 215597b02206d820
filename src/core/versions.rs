//! The Graph API version lifecycle (`assets/versions.toml`): which versions exist, when each came
//! out and until when it answers, and the warning for a profile pinned to one that is going away.
//! Pure: the time is passed in.

use serde::Deserialize;

use super::timefmt::{graph_time, parse_time};

/// A pinned version that expires within this many days is warned about.
pub const WARN_DAYS: i64 = 90;

const DAY: i64 = 86_400;

/// One version as the table lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// `v25.0`.
    pub version: String,
    /// The day it came out, `YYYY-MM-DD`.
    pub introduced: String,
    /// The last day it answers (`None`: not announced yet).
    pub until: Option<String>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// When the table was last checked against Meta's changelog.
    pub updated: String,
    /// Graph API versions, newest first.
    pub graph: Vec<Version>,
    /// Marketing API end dates, which come sooner, newest first.
    #[serde(default)]
    pub marketing: Vec<Version>,
}

/// Where a version stands on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// Available, with no end announced or the end more than [`WARN_DAYS`] away.
    Available {
        /// The end, when announced.
        until: Option<String>,
    },
    /// Ends within [`WARN_DAYS`].
    Expiring {
        /// The last day.
        until: String,
        /// Whole days left.
        days: i64,
    },
    /// Past its end.
    Expired {
        /// The last day it answered (for versions older than the table: the oldest one's).
        until: String,
        /// Older than every version the table lists.
        older: bool,
    },
    /// Not in the table (newer than it, or not a `vN.M` at all).
    Unknown,
}

/// What is wrong with the built-in table (a bug, caught by a test).
#[derive(Debug, thiserror::Error)]
#[error("assets/versions.toml is not valid: {0}")]
pub struct TableError(String);

/// `v21.0` → (21, 0).
pub fn parse_version(v: &str) -> Option<(u32, u32)> {
    let (major, minor) = v.trim().strip_prefix('v')?.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The unix time at the end of the day `YYYY-MM-DD` (UTC), the last second a version answers.
fn end_of(day: &str) -> Option<i64> {
    Some(parse_time(day)? + DAY - 1)
}

/// `YYYY-MM-DD` of a unix time.
pub fn day_of(unix: i64) -> String {
    graph_time(unix)[..10].to_owned()
}

impl Lifecycle {
    /// The table built into wpx.
    pub fn builtin() -> Result<Self, TableError> {
        Self::parse(include_str!("../../assets/versions.toml"))
    }

    /// Parses and checks a table: dates that parse, versions newest first.
    pub fn parse(text: &str) -> Result<Self, TableError> {
        let table: Self = toml::from_str(text).map_err(|e| TableError(e.to_string()))?;
        for v in table.graph.iter().chain(&table.marketing) {
            parse_version(&v.version)
                .ok_or_else(|| TableError(format!("'{}' is not a vN.M version", v.version)))?;
            for day in std::iter::once(&v.introduced).chain(&v.until) {
                parse_time(day).ok_or_else(|| {
                    TableError(format!("{}: '{day}' is not a YYYY-MM-DD date", v.version))
                })?;
            }
        }
        for list in [&table.graph, &table.marketing] {
            if list
                .windows(2)
                .any(|w| parse_version(&w[0].version) <= parse_version(&w[1].version))
            {
                return Err(TableError("list the versions newest first".into()));
            }
        }
        Ok(table)
    }

    /// The newest version.
    pub fn latest(&self) -> Option<&Version> {
        self.graph.first()
    }

    /// The table's entry for `version` (`v21.0`; `21.0` and `v21` are read too).
    pub fn find(&self, version: &str) -> Option<&Version> {
        let wanted = normalise(version)?;
        self.graph
            .iter()
            .find(|v| parse_version(&v.version) == Some(wanted))
    }

    /// The Marketing API's end for `version`, when the table has one.
    pub fn marketing_until(&self, version: &str) -> Option<&str> {
        let wanted = normalise(version)?;
        self.marketing
            .iter()
            .find(|v| parse_version(&v.version) == Some(wanted))
            .and_then(|v| v.until.as_deref())
    }

    /// Where `version` stands at unix time `now`.
    pub fn standing(&self, version: &str, now: i64) -> Standing {
        let Some(wanted) = normalise(version) else {
            return Standing::Unknown;
        };
        let Some(v) = self.find(version) else {
            let oldest = self.graph.last();
            return match oldest {
                Some(o) if parse_version(&o.version).is_some_and(|o| wanted < o) => {
                    Standing::Expired {
                        until: o.until.clone().unwrap_or_else(|| o.introduced.clone()),
                        older: true,
                    }
                }
                _ => Standing::Unknown,
            };
        };
        let Some(until) = &v.until else {
            return Standing::Available { until: None };
        };
        let Some(end) = end_of(until) else {
            return Standing::Unknown;
        };
        if now > end {
            Standing::Expired {
                until: until.clone(),
                older: false,
            }
        } else if end - now < WARN_DAYS * DAY {
            Standing::Expiring {
                until: until.clone(),
                days: (end - now) / DAY,
            }
        } else {
            Standing::Available {
                until: Some(until.clone()),
            }
        }
    }

    /// The warning for a profile pinned to `version` at `now`, or none when it is fine.
    pub fn warning(&self, version: &str, now: i64) -> Option<String> {
        let v = version.trim();
        let newest = self.latest().map_or("", |l| l.version.as_str());
        match self.standing(v, now) {
            Standing::Available { .. } => None,
            Standing::Expiring { until, days } => Some(format!(
                "graph_version {v} expires on {until} ({}): move the profile to {newest}",
                in_days(days)
            )),
            Standing::Expired {
                until,
                older: false,
            } => Some(format!(
                "graph_version {v} expired on {until}: Graph answers it with an upgraded version or an error; move the profile to {newest}"
            )),
            Standing::Expired { until, older: true } => Some(format!(
                "graph_version {v} is older than every version still listed (the oldest expired on {until}): move the profile to {newest}"
            )),
            Standing::Unknown if normalise(v).is_none() => Some(format!(
                "graph_version '{v}' is not a version: write it as {newest}"
            )),
            Standing::Unknown => None,
        }
    }
}

/// `v21.0`, `21.0`, `v21` → (21, 0).
fn normalise(version: &str) -> Option<(u32, u32)> {
    let t = version.trim();
    let t = t.strip_prefix('v').unwrap_or(t);
    match t.split_once('.') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => Some((t.parse().ok()?, 0)),
    }
}

/// "in 50 days", "today", "tomorrow".
pub fn in_days(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {n} days"),
    }
}

/// Human words for a stretch of seconds: `3 days`, `5 hours`, `12 minutes`, `40 seconds`.
pub fn span(secs: i64) -> String {
    let s = secs.abs();
    let (n, unit) = if s >= 2 * DAY {
        (s / DAY, "day")
    } else if s >= 2 * 3600 {
        (s / 3600, "hour")
    } else if s >= 120 {
        (s / 60, "minute")
    } else {
        (s, "second")
    };
    super::doc::plural(usize::try_from(n).unwrap_or(usize::MAX), unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str) -> i64 {
        parse_time(day).expect("date") + 12 * 3600
    }

    #[test]
    fn the_builtin_table_parses_and_is_newest_first() {
        let t = Lifecycle::builtin().expect("table");
        assert_eq!(t.latest().map(|v| v.version.as_str()), Some("v27.0"));
        assert_eq!(t.marketing_until("v25.0"), Some("2027-02-23"));
        assert!(t.find("21.0").is_some() && t.find("v21").is_some());
    }

    #[test]
    fn pinned_versions_warn_with_their_date() {
        let t = Lifecycle::builtin().expect("table");
        let now = at("2026-12-01");
        let w = t.warning("v20.0", now).expect("v20.0 warns");
        assert!(w.contains("expired on 2026-09-24"), "{w}");
        let w = t.warning("v21.0", now).expect("v21.0 warns");
        assert!(w.contains("expires on 2027-01-21"), "{w}");
        assert!(w.contains("in 51 days"), "{w}");
        assert_eq!(t.warning("v25.0", now), None);
        assert_eq!(t.warning("v27.0", now), None, "no end announced");
        let w = t.warning("v19.0", now).expect("older than the table");
        assert!(w.contains("older than every version"), "{w}");
        assert!(
            t.warning("latest", now)
                .is_some_and(|w| w.contains("not a version"))
        );
        assert_eq!(
            t.warning("v30.0", now),
            None,
            "newer than the table: no guess"
        );
    }

    #[test]
    fn the_last_day_still_answers() {
        let t = Lifecycle::builtin().expect("table");
        let last = parse_time("2027-01-21").expect("date") + 23 * 3600;
        assert!(matches!(
            t.standing("v21.0", last),
            Standing::Expiring { days: 0, .. }
        ));
        assert!(matches!(
            t.standing("v21.0", last + 3600),
            Standing::Expired { .. }
        ));
        // 91 days before the end: no warning yet; 89: a warning.
        let end = parse_time("2028-07-29").expect("date");
        assert!(t.warning("v25.0", end - 91 * DAY).is_none());
        assert!(t.warning("v25.0", end - 89 * DAY).is_some());
    }

    #[test]
    fn a_broken_table_is_refused() {
        let bad = "updated = \"x\"\n[[graph]]\nversion = \"v1.0\"\nintroduced = \"2020-13-01\"\n";
        assert!(Lifecycle::parse(bad).is_err());
        let order = "updated = \"x\"\n[[graph]]\nversion = \"v1.0\"\nintroduced = \"2020-01-01\"\n[[graph]]\nversion = \"v2.0\"\nintroduced = \"2020-01-01\"\n";
        assert!(Lifecycle::parse(order).is_err());
    }

    #[test]
    fn spans_read_as_words() {
        assert_eq!(span(3 * DAY + 5), "3 days");
        assert_eq!(span(5 * 3600), "5 hours");
        assert_eq!(span(90), "90 seconds");
        assert_eq!(span(-600), "10 minutes");
    }
}
