//! The `appsecret_proof`: time-stamped (`token|time`), classic (token alone) or off.
//!
//! Nothing here reads the clock by itself: the time is always passed in (from a [`Clock`]), so a proof
//! is made at the moment a request is sent, and tests pin the time.

use std::fmt;
use std::str::FromStr;

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::secret::Secret;

/// How long a time-stamped proof is accepted by the Graph API, in seconds.
pub const PROOF_LIFETIME_SECS: i64 = 300;

/// Skew between the local clock and the server's beyond which wpx signs with the corrected time.
pub const SKEW_THRESHOLD_SECS: i64 = 30;

/// A source of the current unix time in seconds. Injected so tests can pin it.
pub trait Clock: Send + Sync {
    /// Seconds since the unix epoch.
    fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }
    /// Milliseconds since the unix epoch (for round-trip midpoints).
    fn now_millis(&self) -> i64;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> i64 {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
        }
    }
}

/// A clock stopped at a given unix second (for `--time` and for tests).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_millis(&self) -> i64 {
        self.0.saturating_mul(1000)
    }
}

/// Which proof a profile sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProofMode {
    /// `appsecret_proof` = HMAC(secret, `token|time`) plus `appsecret_time` (Workplace, current Graph).
    #[default]
    Timed,
    /// `appsecret_proof` = HMAC(secret, token), no time (older Graph API apps).
    Classic,
    /// No proof at all.
    Off,
}

impl ProofMode {
    /// The name used in config files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Timed => "timed",
            Self::Classic => "classic",
            Self::Off => "off",
        }
    }
}

impl fmt::Display for ProofMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProofMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "timed" => Ok(Self::Timed),
            "classic" => Ok(Self::Classic),
            "off" | "none" => Ok(Self::Off),
            other => Err(format!(
                "unknown proof mode '{other}': use timed, classic or off"
            )),
        }
    }
}

/// A computed proof, ready to go into a query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    /// Lowercase hex HMAC-SHA256.
    pub appsecret_proof: String,
    /// The signed unix time (`None` for the classic proof).
    pub appsecret_time: Option<i64>,
}

impl Proof {
    /// The unix second after which the server rejects this proof (`None`: classic proofs do not expire).
    pub fn expires_at(&self) -> Option<i64> {
        self.appsecret_time.map(|t| t + PROOF_LIFETIME_SECS)
    }

    /// Seconds of validity left at `now` (0 once expired; `None` for a classic proof).
    pub fn remaining(&self, now: i64) -> Option<i64> {
        self.expires_at().map(|e| (e - now).max(0))
    }
}

/// Lowercase hex HMAC-SHA256 of `message` keyed by `key`.
pub fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail; keep the fallback total anyway.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// The time-stamped proof: HMAC-SHA256(key = app secret, message = `token|time`).
pub fn timed_proof(app_secret: &Secret, token: &Secret, time: i64) -> Proof {
    let message = format!("{}|{time}", token.expose());
    Proof {
        appsecret_proof: hmac_sha256_hex(app_secret.expose().as_bytes(), message.as_bytes()),
        appsecret_time: Some(time),
    }
}

/// The classic proof: HMAC-SHA256(key = app secret, message = token).
pub fn classic_proof(app_secret: &Secret, token: &Secret) -> Proof {
    Proof {
        appsecret_proof: hmac_sha256_hex(app_secret.expose().as_bytes(), token.expose().as_bytes()),
        appsecret_time: None,
    }
}

/// The proof for `mode` at `time`, or `None` when the mode is `off` or there is no app secret.
pub fn make_proof(
    mode: ProofMode,
    token: &Secret,
    app_secret: Option<&Secret>,
    time: i64,
) -> Option<Proof> {
    let secret = app_secret?;
    match mode {
        ProofMode::Timed => Some(timed_proof(secret, token, time)),
        ProofMode::Classic => Some(classic_proof(secret, token)),
        ProofMode::Off => None,
    }
}

/// What wpx knows of the offset between the server's clock and the local one.
///
/// The estimate is the server's `Date` minus the midpoint of send and receive (as NTP and the AWS SDKs
/// do). Only offsets beyond [`SKEW_THRESHOLD_SECS`] change the signing time: `Date` has a resolution of
/// one second, and small offsets are well inside the proof's five minutes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SkewTracker {
    offset_secs: i64,
}

impl SkewTracker {
    /// Records one response. `server_date` is the `Date` header in unix seconds; `sent_ms` and
    /// `received_ms` bracket the exchange. Cached answers (`Age` header) and round trips over 15
    /// minutes say nothing about the clock and are ignored. Returns true when the offset changed.
    pub fn observe(
        &mut self,
        server_date: i64,
        sent_ms: i64,
        received_ms: i64,
        cached: bool,
    ) -> bool {
        if cached || received_ms < sent_ms || received_ms - sent_ms > 15 * 60 * 1000 {
            return false;
        }
        let midpoint_ms = sent_ms + (received_ms - sent_ms) / 2;
        // Date truncates to the second: its true value is server_date + 0.5 s on average; round to
        // the nearest second (+500 for the half, +500 for rounding).
        let offset = (server_date * 1000 + 1000 - midpoint_ms).div_euclid(1000);
        let before = self.offset_secs;
        self.offset_secs = offset;
        before != offset
    }

    /// The raw estimate, in seconds (server minus local).
    pub fn offset(&self) -> i64 {
        self.offset_secs
    }

    /// True when the offset is large enough to sign with the corrected time.
    pub fn is_significant(&self) -> bool {
        self.offset_secs.abs() > SKEW_THRESHOLD_SECS
    }

    /// The time to sign with, given the local time.
    pub fn signing_time(&self, local_now: i64) -> i64 {
        if self.is_significant() {
            local_now + self.offset_secs
        } else {
            local_now
        }
    }

    /// A sentence for the status bar or stderr, when the skew is significant.
    pub fn describe(&self) -> Option<String> {
        if !self.is_significant() {
            return None;
        }
        let direction = if self.offset_secs > 0 {
            "behind"
        } else {
            "ahead of"
        };
        Some(format!(
            "the local clock is {}s {direction} the server's; signing with the server's time",
            self.offset_secs.abs()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors computed independently with Python:
    //   hmac.new(key.encode(), msg.encode(), hashlib.sha256).hexdigest()
    #[test]
    fn timed_proof_matches_python_hmac() {
        let p = timed_proof(&Secret::new("sec"), &Secret::new("tok"), 1_700_000_000);
        assert_eq!(
            p.appsecret_proof,
            "76c72ab4cd4ceb38bc05798349e148b0845327097473ef752ca3481a366186b3"
        );
        assert_eq!(p.appsecret_time, Some(1_700_000_000));
        assert_eq!(p.expires_at(), Some(1_700_000_300));
    }

    #[test]
    fn known_vector_from_crate_check() {
        let p = timed_proof(&Secret::new("secret"), &Secret::new("token"), 1_700_000_000);
        assert_eq!(
            p.appsecret_proof,
            "3c81f1bf0544f53adccadbaf135235bf73451aadede41a90a122c46e93dcae64"
        );
    }

    #[test]
    fn token_with_pipe_and_non_ascii() {
        let p = timed_proof(
            &Secret::new("clé-secrète"),
            &Secret::new("fake|tøken✓"),
            1_234_567_890,
        );
        assert_eq!(
            p.appsecret_proof,
            "f716834b1c05e7dac8b7fe8512bd70e3971fab9a375c0b7130fe8a21782704ec"
        );
    }

    #[test]
    fn classic_proof_is_hmac_of_token_alone() {
        let p = classic_proof(&Secret::new("sec"), &Secret::new("tok"));
        assert_eq!(
            p.appsecret_proof,
            "b13512356d1403d2449aa2e7369214f0459f0d3c08cb742b0aff4fe57aae36f5"
        );
        assert_eq!(p.appsecret_time, None);
        assert_eq!(p.expires_at(), None);
    }

    #[test]
    fn make_proof_follows_the_mode() {
        let tok = Secret::new("tok");
        let sec = Secret::new("sec");
        assert!(make_proof(ProofMode::Off, &tok, Some(&sec), 1).is_none());
        assert!(make_proof(ProofMode::Timed, &tok, None, 1).is_none());
        let timed = make_proof(ProofMode::Timed, &tok, Some(&sec), 5).map(|p| p.appsecret_time);
        assert_eq!(timed, Some(Some(5)));
        let classic = make_proof(ProofMode::Classic, &tok, Some(&sec), 5);
        assert_eq!(classic, Some(classic_proof(&sec, &tok)));
    }

    #[test]
    fn proof_changes_with_time() {
        let tok = Secret::new("tok");
        let sec = Secret::new("sec");
        assert_ne!(
            timed_proof(&sec, &tok, 100).appsecret_proof,
            timed_proof(&sec, &tok, 101).appsecret_proof
        );
    }

    #[test]
    fn remaining_counts_down_and_stops_at_zero() {
        let p = timed_proof(&Secret::new("s"), &Secret::new("t"), 1000);
        assert_eq!(p.remaining(1000), Some(300));
        assert_eq!(p.remaining(1299), Some(1));
        assert_eq!(p.remaining(5000), Some(0));
    }

    #[test]
    fn proof_mode_parses_and_prints() {
        assert_eq!("Classic".parse::<ProofMode>(), Ok(ProofMode::Classic));
        assert_eq!("off".parse::<ProofMode>(), Ok(ProofMode::Off));
        assert!("sometimes".parse::<ProofMode>().is_err());
        assert_eq!(ProofMode::Timed.to_string(), "timed");
    }

    #[test]
    fn skew_below_threshold_keeps_local_time() {
        let mut s = SkewTracker::default();
        s.observe(1_000_010, 1_000_000_000, 1_000_000_200, false);
        assert_eq!(s.offset(), 10);
        assert!(!s.is_significant());
        assert_eq!(s.signing_time(500), 500);
        assert!(s.describe().is_none());
    }

    #[test]
    fn skew_above_threshold_corrects_and_says_so() {
        let mut s = SkewTracker::default();
        // Server says 600 s later than the local midpoint.
        assert!(s.observe(1_000_600, 1_000_000_000, 1_000_001_000, false));
        assert_eq!(s.offset(), 600);
        assert_eq!(s.signing_time(1_000_001), 1_000_601);
        assert!(s.describe().is_some_and(|d| d.contains("600s behind")));
        // A server behind us.
        s.observe(999_900, 1_000_000_500, 1_000_000_500, false);
        assert_eq!(s.offset(), -100);
        assert!(s.describe().is_some_and(|d| d.contains("ahead of")));
    }

    #[test]
    fn cached_or_slow_answers_are_ignored() {
        let mut s = SkewTracker::default();
        assert!(!s.observe(2_000_000, 1_000_000_000, 1_000_000_100, true));
        assert!(!s.observe(2_000_000, 0, 16 * 60 * 1000, false));
        assert_eq!(s.offset(), 0);
    }

    #[test]
    fn fixed_clock_is_fixed() {
        assert_eq!(FixedClock(42).now(), 42);
        assert!(SystemClock.now() > 1_600_000_000);
    }
}
