//! Graph timestamps: `2021-03-29T12:00:20+0000`, from and to unix seconds. Pure arithmetic.

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `HH:MM:SS` UTC of a unix time.
pub fn clock_time(unix: i64) -> String {
    let s = unix.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02} UTC", s / 3600, (s / 60) % 60, s % 60)
}

/// Unix seconds as UTC (year, month, day, hour, minute, second).
pub fn civil(unix: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let secs = u32::try_from(unix.rem_euclid(86_400)).unwrap_or(0);
    (y, m, d, secs / 3600, (secs / 60) % 60, secs % 60)
}

/// Formats unix seconds as the Graph API does: `2021-03-29T12:00:20+0000`.
pub fn graph_time(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+0000",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Parses a unix time or an ISO date (`2021-03-29`, `2021-03-29T12:00:20+0000`, `…Z`), as Graph
/// accepts for `since` and `until`. Offsets other than UTC are applied.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    let num = |s: &str| s.parse::<i64>().ok();
    let (date, rest) = t.split_at(t.find('T').unwrap_or(t.len()));
    let mut parts = date.split('-');
    let y = num(parts.next()?)?;
    let m = u32::try_from(num(parts.next()?)?)
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let d = u32::try_from(num(parts.next()?)?)
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if let Some(time) = rest.strip_prefix('T') {
        let split = time.find(['+', '-', 'Z']).unwrap_or(time.len());
        let (clock, zone) = time.split_at(split);
        let mut hms = clock.split(':');
        secs += num(hms.next()?)? * 3600;
        secs += hms.next().and_then(num).unwrap_or(0) * 60;
        secs += hms
            .next()
            .and_then(|s| num(s.split('.').next()?))
            .unwrap_or(0);
        if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
            let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let hh = num(digits.get(0..2)?)?;
            let mm = digits.get(2..4).and_then(num).unwrap_or(0);
            let offset = hh * 3600 + mm * 60;
            secs += if sign == '+' { -offset } else { offset };
        }
    }
    Some(secs)
}

/// A byte count for people: `512 B`, `1.5 KB`, `12.0 MB`, `1.2 GB`.
pub fn human_size(n: u64) -> String {
    const K: u64 = 1024;
    match n {
        0..K => format!("{n} B"),
        K..1_048_576 => format!("{:.1} KB", n as f64 / 1024.0),
        1_048_576..1_073_741_824 => format!("{:.1} MB", n as f64 / 1_048_576.0),
        _ => format!("{:.1} GB", n as f64 / 1_073_741_824.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_graph() {
        assert_eq!(graph_time(0), "1970-01-01T00:00:00+0000");
        assert_eq!(graph_time(1_617_020_420), "2021-03-29T12:20:20+0000");
        assert_eq!(graph_time(1_700_000_000), "2023-11-14T22:13:20+0000");
    }

    #[test]
    fn parses_what_it_formats() {
        for t in [0, 951_782_400, 1_617_020_420, 1_700_000_000, 4_102_444_800] {
            assert_eq!(parse_time(&graph_time(t)), Some(t));
        }
        assert_eq!(parse_time("1577836800"), Some(1_577_836_800));
        assert_eq!(parse_time("2020-01-01"), Some(1_577_836_800));
        assert_eq!(parse_time("2020-06-02T08:00+01:00"), Some(1_591_081_200));
        assert_eq!(parse_time("2020-06-02T07:00:00Z"), Some(1_591_081_200));
        assert_eq!(parse_time("yesterday"), None);
        assert_eq!(parse_time("2020-13-01"), None);
    }
}
