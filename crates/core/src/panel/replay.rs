//! One refresh replayed from recorded answers: a config, the bodies of its
//! first target's `query_range` and `query_exemplars`, and the moment and
//! width of the refresh give the model a panel would draw, with no network.
//! The benchmark page (`web/bench.rs`) times exactly this.
//!
//! Rules: the config is read as the panel reads it (unknown fields noted,
//! refIds filled in); both bodies count as HTTP 200 answers; a range body
//! that does not parse is an error, an exemplar body that does not parse
//! becomes the model's notice, as in a live refresh.

use crate::config::{ConfigError, PanelConfig};
use crate::model::{build_model, ExemplarFetchError, PanelModel, TargetData};
use crate::prom::{parse_exemplars, parse_range, ApiError};
use crate::query::{plan_queries, PlanContext, PlanError};

/// Why a replay gave no model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplayError {
    /// The config does not parse.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The config gives no plan.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The config has no visible target.
    #[error("no visible target")]
    NoTarget,
    /// The `query_range` body does not parse.
    #[error(transparent)]
    Range(#[from] ApiError),
}

/// Plans the first visible target of `config_json` at `ctx` and builds its
/// model from the two recorded bodies; returns the config read and the model.
pub fn replay_first_target(
    config_json: &str,
    range_json: &str,
    exemplars_json: &str,
    ctx: PlanContext,
) -> Result<(PanelConfig, PanelModel), ReplayError> {
    let config = PanelConfig::from_json(config_json)?.with_ref_ids();
    let plan = plan_queries(&config, ctx)?;
    let query = plan.queries.first().cloned().ok_or(ReplayError::NoTarget)?;
    let range = parse_range(200, range_json)?;
    let exemplars = parse_exemplars(200, exemplars_json).map_err(ExemplarFetchError::Answer);
    let model = build_model(&plan, vec![TargetData { query, range, exemplars: Some(exemplars) }]);
    Ok((config, model))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_default()
    }

    /// The fixtures were recorded around 1795611608 s; a range of a day around them.
    const CTX: PlanContext = PlanContext { now_ms: 1_795_612_000_000, max_data_points: 800, utc_offset_min: 0 };
    const CONFIG: &str = r#"{"targets":[{"expr":"p99"}],"time":{"from":"now-1d","to":"now"}}"#;

    #[test]
    fn recorded_answers_give_the_model_a_refresh_would() {
        let replayed =
            replay_first_target(CONFIG, &fixture("query_range_p99.json"), &fixture("query_exemplars.json"), CTX);
        let (config, model) = replayed.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.targets[0].ref_id, "A", "refIds filled in");
        assert_eq!(model.series.len(), 1);
        assert!(model.series[0].values.len() > 10);
        assert!(!model.exemplars.is_empty());
    }

    #[test]
    fn a_bad_exemplar_body_is_a_notice_and_a_bad_range_body_an_error() {
        let replayed = replay_first_target(CONFIG, &fixture("query_range_p99.json"), "<html>", CTX);
        let (_, model) = replayed.unwrap_or_else(|e| panic!("{e}"));
        assert!(model.exemplars.is_empty());
        assert!(!model.notices.is_empty(), "the exemplar failure is shown, not fatal");
        let bad = replay_first_target(CONFIG, "<html>", "", CTX);
        assert!(matches!(bad, Err(ReplayError::Range(ApiError::NotJson { status: 200, .. }))), "{bad:?}");
    }

    #[test]
    fn configs_without_a_plan_say_why() {
        let hidden = r#"{"targets":[{"expr":"up","hide":true}]}"#;
        let r = replay_first_target(hidden, "", "", CTX);
        assert_eq!(r.map(|_| ()), Err(ReplayError::Config(ConfigError::NoTargets)));
        let empty = r#"{"targets":[{"expr":"up"}],"time":{"from":"now","to":"now-1h"}}"#;
        let r = replay_first_target(empty, "", "", CTX);
        assert!(matches!(r, Err(ReplayError::Plan(PlanError::EmptyRange { .. }))), "{r:?}");
        assert!(matches!(replay_first_target("{", "", "", CTX), Err(ReplayError::Config(ConfigError::Syntax { .. }))));
        assert_eq!(ReplayError::NoTarget.to_string(), "no visible target");
    }
}
