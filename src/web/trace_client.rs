//! The trace client (the shell's third layer, on `http`): fetches the trace a
//! [`TraceSource`] describes through the one transport, under the
//! datasource's deadline, and hands the bytes to the core to read.

use web_sys::AbortController;

use crate::web::browser::Deadline;
use crate::web::http::send;
use exemplar_core::http::Peer;
use exemplar_core::trace::request::{TraceError, TraceSource};
use exemplar_core::trace::Trace;

/// Fetches and parses trace `trace_id` from `src`; `controller` aborts it (a
/// closed or replaced preview), and so does the datasource's timeout.
pub async fn fetch_trace(src: &TraceSource, trace_id: &str, controller: &AbortController) -> Result<Trace, TraceError> {
    let deadline = Deadline::start(src.timeout_ms, controller.clone());
    let req = src.request(trace_id);
    let signal = controller.signal();
    match send(Peer::Trace, &req, Some(&signal)).await {
        Ok(answer) => src.read(trace_id, answer.status, &answer.body.to_vec()),
        Err(e) => Err(e.or_timed_out(deadline.fired.get(), &req.endpoint_url, src.timeout_ms).into()),
    }
}
