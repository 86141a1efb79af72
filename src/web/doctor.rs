//! The exemplar doctor's requests, carried out (wasm only): every request
//! [`exemplar_core::doctor::Visit`] describes, concurrently, each bounded by the
//! backend's `prometheus.timeout`; the answers go back to the pure core,
//! which decides everything ([`exemplar_core::doctor`]).

use futures::future::join_all;
use web_sys::AbortController;

use crate::web::client::{fetch_answer, ClientError};
use crate::web::ui::driver::Deadline;
use crate::web::ui::BrowserOffset;
use exemplar_core::config::PanelConfig;
use exemplar_core::doctor::{Answer, Answers, Report, Visit};
use exemplar_core::query::{PlanContext, PlanError};

/// Diagnoses `config` as the panel (`width_css` wide) would query it now.
pub async fn run_doctor(config: &PanelConfig, width_css: f64) -> Result<Report, PlanError> {
    let now_ms = js_sys::Date::now() as i64;
    let ctx = PlanContext {
        now_ms,
        max_data_points: (width_css.max(100.0) as u32).max(100),
        utc_offset_min: exemplar_core::time::zone::LocalOffset::offset_minutes(&BrowserOffset, now_ms),
    };
    let visit = Visit::plan(config, ctx)?;
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    // Dropped at the end of the visit, which clears its timer.
    let _deadline = controller.clone().and_then(|c| Deadline::start(visit.backend.timeout_ms, c));
    let asks = visit.requests().into_iter().map(|(probe, req)| {
        let signal = signal.clone();
        async move {
            let answer = match fetch_answer(&req, signal.as_ref()).await {
                Ok((status, body)) => Answer::Got { status, body },
                Err(ClientError::Cors { .. }) => Answer::Blocked,
                Err(e) => Answer::Failed(e.to_string()),
            };
            (probe, answer)
        }
    });
    let answers = Answers(join_all(asks).await);
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    Ok(visit.report(config, &answers, &origin, &BrowserOffset))
}
