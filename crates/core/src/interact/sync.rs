//! Panels that move together (Grafana's shared crosshair and time range):
//! who hears whom. Pure routing; the page-level registry in `web/sync.rs`
//! only keeps the signals to deliver to.
//!
//! Rules:
//! - a panel belongs to at most one group (`syncGroup`; empty: none); several
//!   groups live side by side on a page and never hear each other;
//! - the hovered time goes to every other member of the sender's group;
//! - a time range goes to the other members of the group when the sender and
//!   the receiver both have `syncTime`;
//! - a receiver applies a range only when it differs from its own, so a
//!   change echoes back at most once and stops;
//! - a panel that is destroyed leaves its group: it hears and sends nothing more.

/// A panel's id on its page.
pub type MemberId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    id: MemberId,
    group: String,
    sync_time: bool,
}

/// The page's panels and their groups.
#[derive(Debug, Clone, Default)]
pub struct SyncHub {
    members: Vec<Member>,
}

impl SyncHub {
    /// Puts `id` in `group` (replacing its earlier group); an empty group leaves.
    pub fn join(&mut self, id: MemberId, group: &str, sync_time: bool) {
        self.leave(id);
        let group = group.trim();
        if !group.is_empty() {
            self.members.push(Member { id, group: group.to_string(), sync_time });
        }
    }

    /// Takes `id` out of its group.
    pub fn leave(&mut self, id: MemberId) {
        self.members.retain(|m| m.id != id);
    }

    fn member(&self, id: MemberId) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    /// Who hears `from`'s hovered time: the other members of its group.
    pub fn hover_targets(&self, from: MemberId) -> Vec<MemberId> {
        let Some(me) = self.member(from) else { return Vec::new() };
        self.members.iter().filter(|m| m.id != from && m.group == me.group).map(|m| m.id).collect()
    }

    /// Who follows `from`'s time range: the other members of its group, when both sync time.
    pub fn time_targets(&self, from: MemberId) -> Vec<MemberId> {
        match self.member(from) {
            Some(me) if me.sync_time => self
                .members
                .iter()
                .filter(|m| m.id != from && m.group == me.group && m.sync_time)
                .map(|m| m.id)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Whether a receiver showing `current` applies `incoming` (only a change: no echo loops).
pub fn applies<T: PartialEq>(current: &T, incoming: &T) -> bool {
    current != incoming
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_route_hover_and_time_apart() {
        let mut hub = SyncHub::default();
        hub.join(1, "latency", true);
        hub.join(2, "latency", true);
        hub.join(3, "latency", false);
        hub.join(4, "errors", true);
        hub.join(5, "", true);
        assert_eq!(hub.hover_targets(1), [2, 3]);
        assert_eq!(hub.hover_targets(3), [1, 2], "hover is shared without syncTime");
        assert_eq!(hub.time_targets(1), [2], "time only between panels that sync it");
        assert_eq!(hub.time_targets(3), Vec::<MemberId>::new());
        assert_eq!(hub.hover_targets(4), Vec::<MemberId>::new(), "alone in its group");
        assert_eq!(hub.hover_targets(5), Vec::<MemberId>::new(), "no group");
        assert_eq!(hub.hover_targets(99), Vec::<MemberId>::new(), "unknown");
    }

    #[test]
    fn a_destroyed_or_regrouped_panel_stops_hearing() {
        let mut hub = SyncHub::default();
        hub.join(1, "a", true);
        hub.join(2, "a", true);
        hub.leave(2);
        assert!(hub.hover_targets(1).is_empty());
        assert!(hub.time_targets(2).is_empty(), "a panel that left sends nothing");
        hub.join(2, "a", true);
        hub.join(2, " b ", true);
        assert!(hub.hover_targets(1).is_empty(), "moved to b");
        hub.join(3, "b", false);
        assert_eq!(hub.hover_targets(2), [3]);
    }

    #[test]
    fn ranges_apply_only_when_they_differ() {
        assert!(applies(&("now-1h", "now"), &("1000", "2000")));
        assert!(!applies(&("1000", "2000"), &("1000", "2000")));
    }
}
