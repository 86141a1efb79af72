//! The config and the Grafana imports: any text a user pastes, a URL carries
//! or a host passes to `mount()` is an error or a config, never a panic. A
//! config that parses is also planned (time expressions, intervals, steps).
//!
//! Input: one text, tried as a panel config, as Grafana provisioning
//! YAML/JSON (`grafanaDatasources`) and as a Grafana panel (`grafanaPanel`).
#![no_main]

use exemplar_panel::pipeline::{import_panel, parse_provisioning, plan_queries, PlanContext};
use exemplar_panel::PanelConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_provisioning(&text);
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
        let _ = import_panel(&value);
    }
    if let Ok(config) = PanelConfig::from_json(&text) {
        // Realistic and extreme clocks, widths and zones: the plan's time
        // arithmetic is checked, so each is a plan or an error, never a panic.
        for (now_ms, max_data_points, utc_offset_min) in [
            (1_793_000_000_000, 800, 60),
            (0, 0, -720),
            (i64::MAX / 4, 1, 840),
            (i64::MAX, u32::MAX, 840),
            (i64::MIN, 1, -720),
            (253_402_300_799_999, 11_000, -840),
        ] {
            let _ = plan_queries(&config, PlanContext { now_ms, max_data_points, utc_offset_min });
        }
    }
});
