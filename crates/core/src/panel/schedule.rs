//! When a panel refreshes: auto-refresh as a good citizen of the backend.
//!
//! Rules:
//! - **A phase per query.** Ticks fall on a wall-clock grid, `t ≡ phase (mod
//!   every)`, with the phase hashed from the query and a per-page seed. Panels
//!   mounted together with different queries spread over the interval instead
//!   of firing together; panels on one page with the same query tick at the
//!   same instants, so the client's request sharing serves them with one
//!   request. Another page (another seed) has other phases.
//! - **Only what someone sees.** While the page is hidden or the panel is off
//!   screen, a due tick only marks the panel as behind; when it is seen again
//!   it catches up once, at once, then follows the grid from at least half an
//!   interval later (the catch-up counts as a tick).
//! - **Back off when told to.** A 429 or 503 with `Retry-After` (seconds or an
//!   HTTP date) holds every tick until then (capped at [`MAX_RETRY_AFTER_MS`]);
//!   without it, the wait doubles per throttled answer (2×, 4×, … up to 10× the
//!   interval), with ±20% jitter so throttled viewers do not return together.
//!   A success returns to the normal rate. The retry falls on the first grid
//!   instant after the wait, so panels with the same query still retry together.
//! - Ticks are not aligned to the query step: the plan already floors `end`
//!   to the step, so no answer holds a half-filled last step; a tick that
//!   would ask the very same step-aligned window again is skipped by the
//!   machine instead (see `PanelMachine`).

/// The longest `Retry-After` honoured: a longer one is cut to this, so a
/// misconfigured proxy cannot stop a panel for days.
pub const MAX_RETRY_AFTER_MS: i64 = 3_600_000;

/// The most the exponential backoff waits, in refresh intervals.
pub const MAX_BACKOFF_INTERVALS: i64 = 10;

/// The interval exponential backoff starts from when there is no auto-refresh.
const BACKOFF_BASE_MS: i64 = 10_000;

/// The backend asked the panel to slow down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// No tick fetches before this, epoch ms.
    pub until_ms: i64,
    /// How many throttled answers in a row.
    pub level: u32,
    /// Whether the backend said how long (`Retry-After`).
    pub told: bool,
}

/// What a tick does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickDecision {
    /// Fetch now, planned at `plan_at_ms`: the grid instant the tick belongs
    /// to, so panels with the same query plan the very same request even when
    /// their timers fire a few ms apart, and share it.
    Fetch {
        /// The instant to plan at, epoch ms (≤ now).
        plan_at_ms: i64,
    },
    /// Not yet (backoff, or a timer that fired early): wake at this time.
    Wait,
    /// Not seen: remember it, fetch when seen again.
    Paused,
}

/// The refresh schedule of one panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    every_ms: Option<i64>,
    phase_ms: i64,
    seen: bool,
    behind: bool,
    backoff: Option<Backoff>,
    next_ms: Option<i64>,
}

impl Default for Schedule {
    fn default() -> Self {
        Self { every_ms: None, phase_ms: 0, seen: true, behind: false, backoff: None, next_ms: None }
    }
}

impl Schedule {
    /// Sets the auto-refresh interval (`None`: off) and the phase key (a hash
    /// of the query and the page's seed); the next tick is the next grid time.
    pub fn set_every(&mut self, every_ms: Option<i64>, phase_key: u64, now_ms: i64) {
        let every_ms = every_ms.filter(|e| *e > 0);
        self.every_ms = every_ms;
        self.phase_ms = every_ms.map_or(0, |e| i64::try_from(phase_key % e.unsigned_abs()).unwrap_or(0));
        self.next_ms = self.grid_after(now_ms);
        self.behind = false;
    }

    /// The auto-refresh interval, ms.
    pub fn every_ms(&self) -> Option<i64> {
        self.every_ms
    }

    /// The last grid time at or before `now_ms` (`now_ms` without auto-refresh).
    fn grid_at_or_before(&self, now_ms: i64) -> i64 {
        let Some(every) = self.every_ms else { return now_ms };
        now_ms
            .checked_sub(self.phase_ms)
            .map(|d| d.div_euclid(every))
            .and_then(|k| k.checked_mul(every))
            .and_then(|t| t.checked_add(self.phase_ms))
            .unwrap_or(now_ms)
    }

    /// The first grid time at or after `t_ms`.
    fn grid_at_or_after(&self, t_ms: i64) -> Option<i64> {
        let before = self.grid_at_or_before(t_ms);
        if before == t_ms || self.every_ms.is_none() {
            Some(t_ms)
        } else {
            self.grid_after(t_ms)
        }
    }

    /// The first grid time strictly after `now_ms`.
    fn grid_after(&self, now_ms: i64) -> Option<i64> {
        let every = self.every_ms?;
        let k = now_ms.checked_sub(self.phase_ms)?.div_euclid(every).checked_add(1)?;
        k.checked_mul(every)?.checked_add(self.phase_ms)
    }

    /// When the shell should wake the panel next (`None`: no timer needed).
    pub fn wake_at(&self) -> Option<i64> {
        if !self.seen || self.every_ms.is_none() && self.backoff.is_none() {
            return None;
        }
        match (self.next_ms, self.backoff) {
            // Back on the grid after the backoff: panels with the same query
            // retry together, so they still share one request.
            (Some(next), Some(b)) if b.until_ms > next => self.grid_at_or_after(b.until_ms),
            (Some(next), Some(_)) => Some(next),
            (Some(next), None) => Some(next),
            (None, Some(b)) if self.behind => Some(b.until_ms),
            _ => None,
        }
    }

    /// Whether auto-refresh is paused because nobody sees the panel.
    pub fn paused(&self) -> bool {
        self.every_ms.is_some() && !self.seen
    }

    /// The backoff in force, if any.
    pub fn backoff(&self) -> Option<Backoff> {
        self.backoff
    }

    /// Whether a fetch may start now (not held by a backoff).
    pub fn may_fetch(&self, now_ms: i64) -> bool {
        self.backoff.is_none_or(|b| now_ms >= b.until_ms)
    }

    /// A timer fired (or a tick is asked for) at `now_ms`.
    pub fn tick(&mut self, now_ms: i64) -> TickDecision {
        if !self.seen {
            self.behind = true;
            return TickDecision::Paused;
        }
        if !self.may_fetch(now_ms) {
            self.behind = true;
            return TickDecision::Wait;
        }
        if self.next_ms.is_some_and(|next| now_ms < next) && !self.behind {
            return TickDecision::Wait; // a timer that fired early
        }
        self.behind = false;
        self.next_ms = self.grid_after(now_ms);
        TickDecision::Fetch { plan_at_ms: self.grid_at_or_before(now_ms) }
    }

    /// The page or the panel became seen or unseen. Returns the instant to
    /// plan a catch-up at when the panel missed a tick while unseen (the last
    /// grid instant, shared by every panel with the same query).
    pub fn set_seen(&mut self, seen: bool, now_ms: i64) -> Option<i64> {
        let was = self.seen;
        self.seen = seen;
        if !seen || was {
            return None;
        }
        let missed = self.behind || self.next_ms.is_some_and(|next| next <= now_ms);
        if missed && self.may_fetch(now_ms) {
            self.behind = false;
            // The catch-up counts as a tick: the next one is at least half an
            // interval away, so a panel seen just before its tick does not ask twice.
            let half = self.every_ms.map_or(0, |e| e / 2);
            self.next_ms = self.grid_after(now_ms.saturating_add(half).saturating_sub(1));
            return Some(self.grid_at_or_before(now_ms));
        }
        None
    }

    /// A fetch succeeded: back to the normal rate.
    pub fn succeeded(&mut self) {
        self.backoff = None;
    }

    /// The backend answered 429 or 503 at `now_ms`. `retry_after_ms`: its
    /// `Retry-After`, resolved to an instant; `jitter`: a number in [0, 1)
    /// (the caller's randomness, so this stays pure).
    pub fn throttled(&mut self, now_ms: i64, retry_after_ms: Option<i64>, jitter: f64) {
        let level = self.backoff.map_or(1, |b| b.level.saturating_add(1));
        let until_ms = match retry_after_ms {
            Some(at) => at.clamp(now_ms, now_ms.saturating_add(MAX_RETRY_AFTER_MS)),
            None => {
                let base = self.every_ms.unwrap_or(BACKOFF_BASE_MS);
                let factor = 1i64.checked_shl(level.min(8)).unwrap_or(i64::MAX).min(MAX_BACKOFF_INTERVALS);
                let wait = base.saturating_mul(factor) as f64 * (0.8 + 0.4 * jitter.clamp(0.0, 1.0));
                now_ms.saturating_add(wait as i64)
            }
        };
        self.backoff = Some(Backoff { until_ms, level, told: retry_after_ms.is_some() });
        self.behind = true;
    }
}

/// `Retry-After` as an instant: delay seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, RFC 9110's IMF-fixdate). `None` when it
/// is neither.
pub fn retry_after_ms(header: &str, now_ms: i64) -> Option<i64> {
    let text = header.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = text.parse().unwrap_or(i64::MAX);
        return Some(now_ms.saturating_add(secs.saturating_mul(1000)));
    }
    // httpdate reads the three forms RFC 9110 §5.6.7 asks a recipient to accept
    // (IMF-fixdate, RFC 850, asctime), and nothing else; chrono's RFC 2822
    // parser cost its general format parser in the wasm (about 8 KB).
    let at = httpdate::parse_http_date(text).ok()?;
    let ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
    i64::try_from(ms).ok()
}

/// The phase key of a query (anything hashable) and the page's seed: std's
/// SipHash with its fixed keys, so the same query and seed give the same
/// phase on every panel of a page, and another seed (another page) another.
pub fn phase_key(key: &(impl std::hash::Hash + ?Sized), seed: u64) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&seed, &mut h);
    key.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_000_000_000;

    fn every(ms: i64, key: u64) -> Schedule {
        let mut s = Schedule::default();
        s.set_every(Some(ms), key, NOW);
        s
    }

    #[test]
    fn ticks_fall_on_a_grid_with_a_phase_per_query() {
        let s = every(5_000, 1_234);
        let next = s.wake_at().unwrap_or_default();
        assert!(next > NOW && next <= NOW + 5_000);
        assert_eq!(next.rem_euclid(5_000), 1_234);
        let same = every(5_000, 1_234);
        assert_eq!(same.wake_at(), Some(next), "the same query ticks at the same instants");
        let other = every(5_000, phase_key("sum(rate(y[1m]))", 7));
        assert_ne!(other.wake_at(), Some(next), "another query has another phase");
        assert_eq!(Schedule::default().wake_at(), None, "no auto-refresh, no timer");
    }

    #[test]
    fn phases_spread_over_the_interval() {
        let mut buckets = [0; 5];
        for i in 0..200 {
            let key = phase_key(&format!("histogram_quantile(0.99, x{i})"), 42);
            buckets[usize::try_from(key % 5_000 / 1_000).unwrap_or(0)] += 1;
        }
        assert!(buckets.iter().all(|n| *n >= 20), "{buckets:?}");
        assert_ne!(phase_key("q", 1), phase_key("q", 2), "another page, another phase");
    }

    #[test]
    fn a_tick_fetches_and_moves_to_the_next_grid_time() {
        let mut s = every(5_000, 0);
        let t1 = s.wake_at().unwrap_or_default();
        assert_eq!(s.tick(t1 - 1), TickDecision::Wait, "a timer that fires early waits");
        assert_eq!(s.tick(t1 + 3), TickDecision::Fetch { plan_at_ms: t1 }, "planned at the grid instant");
        assert_eq!(s.wake_at(), Some(t1 + 5_000));
        let late = s.tick(t1 + 7_000);
        assert_eq!(
            late,
            TickDecision::Fetch { plan_at_ms: t1 + 5_000 },
            "a late timer (a throttled tab) still fetches"
        );
        assert_eq!(s.wake_at(), Some(t1 + 10_000), "and stays on the grid");
    }

    #[test]
    fn an_unseen_panel_pauses_and_catches_up_once_when_seen() {
        let mut s = every(5_000, 0);
        assert_eq!(s.set_seen(false, NOW), None);
        assert!(s.paused());
        assert_eq!(s.wake_at(), None, "no timer while unseen");
        for k in 1..=12 {
            assert_eq!(s.tick(NOW + k * 5_000), TickDecision::Paused);
        }
        assert_eq!(s.set_seen(true, NOW + 60_000), Some(NOW + 60_000), "one catch-up, at the grid instant");
        assert!(!s.paused());
        assert_eq!(s.set_seen(true, NOW + 60_001), None, "only once");
        assert_eq!(s.wake_at(), Some(NOW + 65_000));
        // Seen 1 s before a tick: the catch-up is that tick, the next one an interval on.
        let mut t = every(5_000, 0);
        t.set_seen(false, NOW);
        t.tick(NOW + 5_000);
        assert_eq!(t.set_seen(true, NOW + 9_000), Some(NOW + 5_000));
        assert_eq!(t.wake_at(), Some(NOW + 15_000), "not 10 s: that is only 1 s after the catch-up");
    }

    #[test]
    fn seen_again_before_a_tick_was_due_needs_no_catch_up() {
        let mut s = every(60_000, 0);
        s.set_seen(false, NOW);
        assert_eq!(s.set_seen(true, NOW + 1_000), None);
    }

    #[test]
    fn retry_after_holds_every_tick_until_then() {
        let mut s = every(5_000, 0);
        s.throttled(NOW, retry_after_ms("10", NOW), 0.5);
        assert_eq!(s.backoff().map(|b| (b.until_ms, b.told)), Some((NOW + 10_000, true)));
        assert_eq!(s.wake_at(), Some(NOW + 10_000), "10 s is on this grid");
        let mut off_grid = every(5_000, 0);
        off_grid.throttled(NOW + 1_234, retry_after_ms("10", NOW + 1_234), 0.5);
        assert_eq!(off_grid.wake_at(), Some(NOW + 15_000), "the first grid instant after Retry-After");
        assert_eq!(s.tick(NOW + 5_000), TickDecision::Wait);
        assert_eq!(s.tick(NOW + 9_999), TickDecision::Wait);
        assert_eq!(s.tick(NOW + 10_000), TickDecision::Fetch { plan_at_ms: NOW + 10_000 });
        s.succeeded();
        assert_eq!(s.backoff(), None, "a success returns to the normal rate");
    }

    #[test]
    fn without_retry_after_the_wait_doubles_up_to_ten_intervals_with_jitter() {
        let mut s = every(5_000, 0);
        let mut waits = Vec::new();
        for _ in 0..6 {
            s.throttled(NOW, None, 0.5);
            waits.push(s.backoff().map_or(0, |b| b.until_ms - NOW));
        }
        assert_eq!(waits, vec![10_000, 20_000, 40_000, 50_000, 50_000, 50_000]);
        let (mut low, mut high) = (every(5_000, 0), every(5_000, 0));
        low.throttled(NOW, None, 0.0);
        high.throttled(NOW, None, 0.999);
        assert_eq!(low.backoff().map(|b| b.until_ms), Some(NOW + 8_000));
        assert!(high.backoff().is_some_and(|b| b.until_ms > NOW + 11_900 && b.until_ms < NOW + 12_000));
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date_and_is_capped() {
        assert_eq!(retry_after_ms("120", NOW), Some(NOW + 120_000));
        assert_eq!(retry_after_ms(" 0 ", NOW), Some(NOW));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT", NOW), Some(1_445_412_480_000));
        // RFC 9110's two obsolete forms, which a recipient must also accept.
        assert_eq!(retry_after_ms("Wednesday, 21-Oct-15 07:28:00 GMT", NOW), Some(1_445_412_480_000));
        assert_eq!(retry_after_ms("Wed Oct 21 07:28:00 2015", NOW), Some(1_445_412_480_000));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 +0200", NOW), None, "an HTTP date is GMT");
        assert_eq!(retry_after_ms("Wed, 32 Oct 2015 07:28:00 GMT", NOW), None);
        assert_eq!(retry_after_ms("soon", NOW), None);
        assert_eq!(retry_after_ms("-5", NOW), None);
        assert_eq!(retry_after_ms("99999999999999999999999", NOW), Some(i64::MAX));
        let mut s = every(5_000, 0);
        s.throttled(NOW, retry_after_ms("999999999", NOW), 0.0);
        assert_eq!(s.backoff().map(|b| b.until_ms), Some(NOW + MAX_RETRY_AFTER_MS));
        s.throttled(NOW, Some(NOW - 50_000), 0.0);
        assert_eq!(s.backoff().map(|b| b.until_ms), Some(NOW), "a date in the past is now");
    }

    #[test]
    fn a_backoff_while_unseen_still_holds_the_catch_up() {
        let mut s = every(5_000, 0);
        s.throttled(NOW, Some(NOW + 30_000), 0.0);
        s.set_seen(false, NOW);
        assert_eq!(s.set_seen(true, NOW + 20_000), None, "not before Retry-After");
        assert_eq!(s.wake_at(), Some(NOW + 30_000));
        assert_eq!(s.tick(NOW + 30_000), TickDecision::Fetch { plan_at_ms: NOW + 30_000 });
    }
}
