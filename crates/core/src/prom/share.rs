//! Request sharing: panels on one page whose requests are identical (method,
//! URL, body and headers: [`super::request::HttpRequest::share_key`]) share
//! one request in flight and its answer.
//!
//! Rules:
//! - the first asker starts the request; later askers join it while it is in
//!   flight, and are counted;
//! - a waiter that gives up (its panel aborted) leaves; the request itself is
//!   aborted only when no waiter is left;
//! - a good answer is kept for [`REUSE_MS`] for *other* panels whose timers
//!   fired a moment later; a panel that asks again for an answer it already
//!   had (a refresh, a zoom back) always reaches the backend; failures are
//!   never reused;
//! - at most [`CAPACITY`] entries: the oldest finished ones go first.
//!
//! This table is the bookkeeping; the browser shell holds the futures.

/// How long a finished answer serves later askers, ms.
pub const REUSE_MS: i64 = 250;
/// The most entries kept.
pub const CAPACITY: usize = 64;

/// How many requests were asked for, sent, joined in flight and reused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareStats {
    /// Requests that reached the backend.
    pub sent: u64,
    /// Askers that joined a request in flight.
    pub joined: u64,
    /// Askers served a just-finished answer.
    pub reused: u64,
}

#[derive(Debug, Clone)]
enum Slot<V> {
    InFlight { waiters: u32, askers: Vec<u64> },
    Done { value: V, at_ms: i64, served: Vec<u64> },
}

/// What an asker does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<V> {
    /// Send the request (and [`ShareTable::finish`] it).
    Start,
    /// Wait for the request in flight.
    Join,
    /// Use this answer.
    Reuse(V),
}

/// The table of shared requests.
#[derive(Debug, Clone)]
pub struct ShareTable<V> {
    entries: Vec<(String, Slot<V>)>,
    /// Counters, for the load simulation and the host's diagnostics.
    pub stats: ShareStats,
}

impl<V> Default for ShareTable<V> {
    fn default() -> Self {
        Self { entries: Vec::new(), stats: ShareStats::default() }
    }
}

impl<V: Clone> ShareTable<V> {
    fn position(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }

    /// Panel `asker` asks for `key` at `now_ms`.
    pub fn lookup(&mut self, key: &str, now_ms: i64, asker: u64) -> Lookup<V> {
        self.entries.retain(|(_, slot)| match slot {
            Slot::Done { at_ms, .. } => now_ms.saturating_sub(*at_ms) <= REUSE_MS,
            Slot::InFlight { .. } => true,
        });
        if let Some(i) = self.position(key) {
            if let Some((_, slot)) = self.entries.get_mut(i) {
                match slot {
                    Slot::InFlight { waiters, askers } => {
                        *waiters = waiters.saturating_add(1);
                        askers.push(asker);
                        self.stats.joined += 1;
                        return Lookup::Join;
                    }
                    Slot::Done { value, served, .. } if !served.contains(&asker) => {
                        served.push(asker);
                        self.stats.reused += 1;
                        return Lookup::Reuse(value.clone());
                    }
                    Slot::Done { .. } => {
                        // It had this answer already: ask the backend again.
                        self.entries.remove(i);
                    }
                }
            }
        }
        if self.entries.len() >= CAPACITY {
            if let Some(oldest) = self.entries.iter().position(|(_, s)| matches!(s, Slot::Done { .. })) {
                self.entries.remove(oldest);
            }
        }
        self.entries.push((key.to_string(), Slot::InFlight { waiters: 1, askers: vec![asker] }));
        self.stats.sent += 1;
        Lookup::Start
    }

    /// The request of `key` finished: keep a good answer for reuse, forget a failure.
    pub fn finish(&mut self, key: &str, value: Option<V>, now_ms: i64) {
        let Some(i) = self.position(key) else { return };
        if !matches!(self.entries.get(i), Some((_, Slot::InFlight { .. }))) {
            return; // another waiter already finished it
        }
        match value {
            Some(value) => {
                if let Some(entry) = self.entries.get_mut(i) {
                    let served = match &mut entry.1 {
                        Slot::InFlight { askers, .. } => std::mem::take(askers),
                        Slot::Done { .. } => Vec::new(),
                    };
                    entry.1 = Slot::Done { value, at_ms: now_ms, served };
                }
            }
            None => {
                self.entries.remove(i);
            }
        }
    }

    /// A waiter of `key` gave up. True when nobody waits any more: abort the
    /// request (the entry is gone).
    pub fn leave(&mut self, key: &str) -> bool {
        let Some(i) = self.position(key) else { return false };
        let last = match self.entries.get_mut(i) {
            Some((_, Slot::InFlight { waiters, .. })) => {
                *waiters = waiters.saturating_sub(1);
                *waiters == 0
            }
            _ => false,
        };
        if last {
            self.entries.remove(i);
        }
        last
    }

    /// How many entries are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_requests_in_flight_are_sent_once() {
        let mut t = ShareTable::<u32>::default();
        assert_eq!(t.lookup("q", 0, 1), Lookup::Start);
        assert_eq!(t.lookup("q", 1, 2), Lookup::Join);
        assert_eq!(t.lookup("other", 1, 1), Lookup::Start);
        t.finish("q", Some(7), 10);
        t.finish("q", Some(8), 11); // a second waiter finishing changes nothing
        assert_eq!(t.lookup("q", 10 + REUSE_MS, 3), Lookup::Reuse(7), "another panel a moment later: reused");
        assert_eq!(t.lookup("q", 11 + REUSE_MS, 4), Lookup::Start, "later: asked again");
        assert_eq!(t.stats, ShareStats { sent: 3, joined: 1, reused: 1 });
    }

    #[test]
    fn a_panel_that_had_the_answer_asks_the_backend_again() {
        let mut t = ShareTable::<u32>::default();
        t.lookup("q", 0, 1);
        t.lookup("q", 0, 2);
        t.finish("q", Some(7), 5);
        assert_eq!(t.lookup("q", 6, 1), Lookup::Start, "panel 1 had it (zoom back, reset): a new request");
        assert_eq!(t.lookup("q", 7, 3), Lookup::Join, "panel 3 joins that one");
    }

    #[test]
    fn failures_are_not_reused() {
        let mut t = ShareTable::<u32>::default();
        t.lookup("q", 0, 1);
        t.finish("q", None, 5);
        assert_eq!(t.lookup("q", 6, 2), Lookup::Start);
    }

    #[test]
    fn the_request_is_aborted_only_when_its_last_waiter_leaves() {
        let mut t = ShareTable::<u32>::default();
        t.lookup("q", 0, 1);
        t.lookup("q", 0, 2);
        assert!(!t.leave("q"), "one panel still wants it");
        assert!(t.leave("q"), "the last one left: abort");
        assert_eq!(t.len(), 0);
        assert!(!t.leave("q"), "gone");
        assert_eq!(t.lookup("q", 1, 1), Lookup::Start);
    }

    #[test]
    fn the_table_is_bounded() {
        let mut t = ShareTable::<u32>::default();
        for i in 0..CAPACITY * 3 {
            let key = format!("q{i}");
            t.lookup(&key, 0, 1);
            t.finish(&key, Some(1), 0);
        }
        assert!(t.len() <= CAPACITY, "{}", t.len());
    }
}
