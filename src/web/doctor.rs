//! The exemplar doctor's requests, carried out (the shell's third layer, on
//! `http`): every request [`Visit`] describes, concurrently, each bounded by
//! the backend's `prometheus.timeout`; the answers go back to the pure core,
//! which decides everything ([`exemplar_core::doctor`]).

use futures::future::join_all;
use web_sys::AbortController;

use crate::web::browser::{clock, BrowserOffset, Deadline};
use crate::web::client::fetch_answer;
use exemplar_core::config::Spec;
use exemplar_core::doctor::{Answer, Answers, Report, Visit};
use exemplar_core::query::{PlanContext, PlanError};

/// Diagnoses the panel of `spec` as it would query now, `width_css` wide.
pub async fn run_doctor(spec: &Spec, width_css: f64) -> Result<Report, PlanError> {
    let now = clock();
    let ctx = PlanContext {
        now_ms: now.now_ms,
        max_data_points: (width_css.max(100.0) as u32).max(100),
        utc_offset_min: now.utc_offset_min,
    };
    let visit = Visit::plan(spec, ctx)?;
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    // Dropped at the end of the visit, which clears its timer.
    let _deadline = controller.map(|c| Deadline::start(visit.backend.timeout_ms, c));
    let asks = visit.requests().into_iter().map(|(probe, req)| {
        let signal = signal.clone();
        async move {
            let answer = match fetch_answer(&req, signal.as_ref()).await {
                Ok((status, body)) => Answer::Got { status, body },
                Err(e) if e.is_cors() => Answer::Blocked,
                Err(e) => Answer::Failed(e.to_string()),
            };
            (probe, answer)
        }
    });
    let answers = Answers(join_all(asks).await);
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    Ok(visit.report(spec, &answers, &origin, &BrowserOffset))
}
