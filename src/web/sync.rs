//! The page's registry of synced panels (the shell's third layer: it knows no
//! component): the routing is [`SyncHub`]'s; here live the callbacks a panel
//! is reached by. Every panel of the page (the app, `mount()`,
//! `<exemplar-panel>`) joins through [`join_page`]; it leaves on its cleanup.

use std::cell::RefCell;

use leptos::prelude::*;

use exemplar_core::config::TimeConfig;
use exemplar_core::interact::sync::{applies, MemberId, SyncHub};

/// A panel's sync settings, as its machine reads them from the config: the
/// group (empty: none), whether the group syncs the range, and its range.
pub type Settings = Option<(String, bool, TimeConfig)>;

/// How the registry reaches one panel.
#[derive(Clone, Copy)]
struct Endpoint {
    /// Another member hovers this time (`None`: it left): the panel draws a crosshair there.
    hovered: Callback<Option<i64>>,
    /// The panel's settings now.
    settings: Signal<Settings>,
    /// Shows a range another member moved to.
    follow: Callback<TimeConfig>,
}

/// Few panels per page: plain lists (no hash map code in the wasm).
#[derive(Default)]
struct Registry {
    hub: SyncHub,
    /// Each member's endpoint and the last hovered time it sent (only changes are sent).
    endpoints: Vec<(MemberId, Endpoint, Option<i64>)>,
    next_id: MemberId,
}

impl Registry {
    fn endpoints_of(&self, ids: Vec<MemberId>) -> Vec<Endpoint> {
        ids.into_iter().filter_map(|id| self.endpoints.iter().find(|(m, _, _)| *m == id).map(|(_, e, _)| *e)).collect()
    }
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::new(Registry::default());
}

/// Registers a panel: it follows its `settings` (group, range sync), sends
/// its range changes to its group, hears the group's hovered times through
/// `hovered` and moves to a followed range through `follow`; it leaves on cleanup.
pub fn join_page(settings: Signal<Settings>, hovered: Callback<Option<i64>>, follow: Callback<TimeConfig>) -> MemberId {
    let id = REGISTRY.with_borrow_mut(|r| {
        r.next_id = r.next_id.wrapping_add(1);
        let id = r.next_id;
        r.endpoints.push((id, Endpoint { hovered, settings, follow }, None));
        id
    });
    // One effect: (re)join the group, and send a changed range (not the
    // panel's first one) to the group.
    Effect::new(move |last: Option<Option<TimeConfig>>| {
        let now = settings.with(|s| {
            let (group, sync_time, time) = s.as_ref()?;
            REGISTRY.with_borrow_mut(|r| r.hub.join(id, group, *sync_time));
            Some(time.clone())
        });
        if let (Some(Some(before)), Some(time)) = (&last, &now) {
            if applies(before, time) {
                send_time(id, time);
            }
        }
        now
    });
    on_cleanup(move || {
        hover(id, None);
        REGISTRY.with_borrow_mut(|r| {
            r.hub.leave(id);
            r.endpoints.retain(|(m, _, _)| *m != id);
        });
    });
    id
}

/// Member `id` hovers `t_ms` (`None`: the pointer left): its group draws a crosshair there.
pub fn hover(id: MemberId, t_ms: Option<i64>) {
    let targets = REGISTRY.with_borrow_mut(|r| {
        match r.endpoints.iter_mut().find(|(m, _, _)| *m == id) {
            Some((_, _, sent)) if *sent != t_ms => *sent = t_ms,
            _ => return Vec::new(), // unchanged, or not (or no longer) registered
        }
        r.endpoints_of(r.hub.hover_targets(id))
    });
    for e in targets {
        e.hovered.run(t_ms);
    }
}

/// Member `id` now shows `time`: the members of its group that sync time follow.
fn send_time(id: MemberId, time: &TimeConfig) {
    let targets = REGISTRY.with_borrow(|r| r.endpoints_of(r.hub.time_targets(id)));
    for e in targets {
        let current = e.settings.with_untracked(|s| s.as_ref().map(|(_, _, t)| t.clone()));
        if current.is_some_and(|c| applies(&c, time)) {
            e.follow.run(time.clone());
        }
    }
}
