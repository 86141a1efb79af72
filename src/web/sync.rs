//! The page's registry of synced panels (wasm only, thin): the routing is
//! [`SyncHub`]'s; here live the signals a panel is reached by. Every panel of
//! the page (the app, `mount()`, `<exemplar-panel>`) joins through
//! [`join_page`]; leaving happens on the panel's cleanup.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::web::ui::{ConfigResult, ViewState};
use exemplar_core::config::TimeConfig;
use exemplar_core::interact::sync::{applies, MemberId, SyncHub};

/// How the registry reaches one panel.
#[derive(Clone, Copy)]
struct Endpoint {
    /// The time another member hovers (its crosshair on this panel's overlay).
    synced_t: RwSignal<Option<i64>>,
    /// The panel's effective config (its current range).
    config: Signal<ConfigResult>,
    /// The viewer's changes (where a followed range goes).
    view: ViewState,
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

/// A panel's membership: its id, and the time other members hover.
#[derive(Clone, Copy)]
pub struct SyncLink {
    /// The panel's id on the page.
    pub id: MemberId,
    /// Another member's hovered time, for this panel's overlay.
    pub synced_t: RwSignal<Option<i64>>,
}

/// Registers a panel: it follows its config's `syncGroup` and `syncTime`,
/// sends its range changes to its group, and leaves on cleanup.
pub fn join_page(config: Signal<ConfigResult>, view: ViewState) -> SyncLink {
    let synced_t = RwSignal::new(None);
    let id = REGISTRY.with_borrow_mut(|r| {
        r.next_id = r.next_id.wrapping_add(1);
        let id = r.next_id;
        r.endpoints.push((id, Endpoint { synced_t, config, view }, None));
        r.next_id
    });
    // One effect: (re)join the config's group, and send a changed range (not
    // the panel's first one) to the group.
    Effect::new(move |last: Option<Option<TimeConfig>>| {
        let now = config.with(|c| {
            let c = c.as_ref().ok()?;
            REGISTRY.with_borrow_mut(|r| r.hub.join(id, &c.sync_group, c.sync_time));
            Some(c.time.clone())
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
    SyncLink { id, synced_t }
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
        e.synced_t.set(t_ms);
    }
}

/// Member `id` now shows `time`: the members of its group that sync time follow.
fn send_time(id: MemberId, time: &TimeConfig) {
    let targets = REGISTRY.with_borrow(|r| r.endpoints_of(r.hub.time_targets(id)));
    for e in targets {
        let current = e.config.with_untracked(|c| c.as_ref().ok().map(|c| c.time.clone()));
        if current.is_some_and(|c| applies(&c, time)) {
            e.view.overrides.update(|v| v.time = Some(time.clone()));
        }
    }
}
