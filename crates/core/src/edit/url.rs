//! The page's URL state. Where the config comes from: `?config=<JSON>`, else
//! the demo's. Once the viewer changes anything (range, zoom, refresh, theme,
//! sampling, filters, queries), the whole config goes back into `?config=`: a
//! new history entry when the range changed (so Back and Forward walk the
//! zooms), the current one replaced otherwise.
//!
//! *Copy link* gives a short URL: `?c=<packed>`, the same config text
//! deflated (raw DEFLATE, level 10) and base64url-encoded without padding
//! ([`pack`]); the page reads `?c=` before `?config=` ([`unpack`], refusing
//! more than [`MAX_UNPACKED_BYTES`] once inflated, so a crafted link cannot
//! exhaust memory). The demo's view packs to under 1,000 characters (a test
//! keeps it under 2,000, the length every browser, proxy and chat tool keeps).

use base64::Engine;

use super::LinkTables;
use crate::config::{ConfigError, PanelConfig, TimeConfig, DEMO_CONFIG_JSON};

/// A packed config inflates to at most this many bytes (1 MiB).
pub const MAX_UNPACKED_BYTES: usize = 1 << 20;

/// Why a `?c=` value gives no config.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    /// Not base64url.
    #[error("the link's config is damaged (not base64url): was it cut short?")]
    Base64,
    /// Not DEFLATE data, or more than [`MAX_UNPACKED_BYTES`] once inflated.
    #[error("the link's config is damaged or over 1 MiB: was it cut short?")]
    Inflate,
    /// Not UTF-8 text.
    #[error("the link's config is not text")]
    Utf8,
}

/// `config` (JSON text) packed for `?c=` (see the module's docs).
pub fn pack(config: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(config.as_bytes(), 10);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated)
}

/// The config text a `?c=` value holds.
pub fn unpack(packed: &str) -> Result<String, PackError> {
    let deflated =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(packed.trim()).map_err(|_| PackError::Base64)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_UNPACKED_BYTES)
        .map_err(|_| PackError::Inflate)?;
    String::from_utf8(bytes).map_err(|_| PackError::Utf8)
}

/// The config text of the page's URL: `?c=`'s unpacked (a copied link),
/// else `?config=`'s; `None` without either.
pub fn page_config(packed: Option<&str>, plain: Option<String>) -> Result<Option<String>, PackError> {
    match packed {
        Some(p) if !p.trim().is_empty() => unpack(p).map(Some),
        _ => Ok(plain),
    }
}

/// Whether the page starts without a config: no `?config=`, or an empty one
/// (a link whose value was lost is the start page, not an "EOF while
/// parsing" error over a blank panel).
pub fn starts_without_config(url_config: Option<&str>) -> bool {
    url_config.is_none_or(|c| c.trim().is_empty())
}

/// The config the page starts with (`?config=`'s, else the demo's) and the
/// link editor's tables: the `saved` ones (asked only without `?config=`, so
/// a shared URL always shows what it says), else the config's.
pub fn initial(
    url_config: Option<&str>,
    saved: impl FnOnce() -> Option<LinkTables>,
) -> (Result<PanelConfig, ConfigError>, LinkTables) {
    let url_config = url_config.filter(|_| !starts_without_config(url_config));
    let base = PanelConfig::load(url_config.unwrap_or(DEMO_CONFIG_JSON));
    let saved = if url_config.is_some() { None } else { saved() };
    let tables = match (&base, saved) {
        (_, Some(saved)) => saved,
        (Ok(c), None) => LinkTables::of(c),
        (Err(_), None) => LinkTables::default(),
    };
    (base, tables)
}

/// The config text for `?config=`: the config as shown, without the Grafana
/// import sources (what they gave is in it already).
pub fn url_config_text(mut effective: PanelConfig) -> Option<String> {
    effective.grafana_datasources.clear();
    effective.grafana_panel = serde_json::Value::Null;
    serde_json::to_string(&effective).ok()
}

/// A write to the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlWrite {
    /// The text for `?config=`.
    pub config: String,
    /// A new history entry (the range changed); else the current one is replaced.
    pub push: bool,
}

/// Follows the config as shown and says what to write to the URL.
#[derive(Debug, Clone, Default)]
pub struct UrlState {
    /// The range last shown.
    last_time: Option<TimeConfig>,
}

impl UrlState {
    /// The config as shown changed (`first`: the page as loaded, whose URL
    /// is already right): what to write, if anything.
    pub fn next(&mut self, effective: PanelConfig, first: bool) -> Option<UrlWrite> {
        let push = self.last_time.as_ref() != Some(&effective.time);
        self.last_time = Some(effective.time.clone());
        if first {
            return None;
        }
        url_config_text(effective).map(|config| UrlWrite { config, push })
    }

    /// Back or Forward to a URL whose `?config=` is `text`: the config it
    /// gives and, when it is valid, its link tables. Its range is the one
    /// shown from now on, so showing it writes no new history entry.
    pub fn restore(&mut self, text: &str) -> (Result<PanelConfig, ConfigError>, Option<LinkTables>) {
        let next = PanelConfig::load(text);
        let tables = next.as_ref().ok().map(|c| {
            self.last_time = Some(c.time.clone());
            LinkTables::of(c)
        });
        (next, tables)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TraceDestination;

    fn config(from: &str) -> PanelConfig {
        let mut c = PanelConfig::load(r#"{"targets": [{"expr": "up"}]}"#).unwrap();
        c.time = TimeConfig { from: from.into(), to: "now".into() };
        c
    }

    #[test]
    fn parse_config_fills_ref_ids() {
        let c = PanelConfig::load(r#"{"targets": [{"expr": "up"}, {"expr": "up", "refId": "X"}]}"#).unwrap();
        let ids: Vec<_> = c.targets.iter().map(|t| t.ref_id.as_str()).collect();
        assert_eq!(ids, ["A", "X"]);
        assert!(PanelConfig::load("{").is_err());
    }

    #[test]
    fn a_packed_config_round_trips_and_the_demos_view_is_a_short_link() {
        let text = url_config_text(PanelConfig::load(DEMO_CONFIG_JSON).unwrap()).unwrap();
        let packed = pack(&text);
        assert_eq!(unpack(&packed).as_deref(), Ok(text.as_str()));
        assert!(packed.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "URL-safe as is");
        let link = format!("http://127.0.0.1:8000/?c={packed}");
        assert!(link.len() < 2000, "the demo's view in {} characters", link.len());
        // A viewer's changes (a zoom, a refresh, filters) stay short too.
        let mut zoomed = PanelConfig::load(DEMO_CONFIG_JSON).unwrap();
        zoomed.time = TimeConfig { from: "1796668878812".into(), to: "1796669178812".into() };
        zoomed.refresh = "5s".into();
        zoomed.filters.labels = r#"route="/api/pay""#.into();
        let link = format!("http://127.0.0.1:8000/?c={}", pack(&url_config_text(zoomed).unwrap()));
        assert!(link.len() < 2000, "{}", link.len());
    }

    #[test]
    fn a_copied_link_wins_over_config() {
        let packed = pack("{\"title\":\"packed\"}");
        assert_eq!(page_config(Some(&packed), Some("{}".into())), Ok(Some("{\"title\":\"packed\"}".into())));
        assert_eq!(page_config(None, Some("{}".into())), Ok(Some("{}".into())));
        assert_eq!(page_config(Some(""), None), Ok(None), "an empty c= is no link");
        assert_eq!(page_config(Some("%%"), None), Err(PackError::Base64));
    }

    #[test]
    fn a_damaged_or_huge_link_is_refused_with_a_reason() {
        assert_eq!(unpack("not base64!"), Err(PackError::Base64));
        assert_eq!(unpack("AAAA"), Err(PackError::Inflate));
        let bomb = pack(&" ".repeat(MAX_UNPACKED_BYTES + 1));
        assert!(bomb.len() < 4000, "a small link…");
        assert_eq!(unpack(&bomb), Err(PackError::Inflate), "…that would inflate past the limit");
        let cut = pack(r#"{"targets":[{"expr":"up"}]}"#);
        assert!(unpack(&cut[..cut.len() / 2]).is_err(), "a link cut short");
    }

    #[test]
    fn initial_takes_the_saved_tables_only_without_a_url_config() {
        let saved = LinkTables {
            exemplar_trace_id_destinations: vec![TraceDestination { name: "saved".into(), ..Default::default() }],
            datasources: vec![],
        };
        let url = r#"{"targets": [{"expr": "up"}],
            "exemplarTraceIdDestinations": [{"name": "tid", "url": "https://t.example/${__value.raw}"}]}"#;
        let (base, tables) = initial(Some(url), || panic!("a URL config never asks for the saved tables"));
        assert_eq!(tables, LinkTables::of(base.as_ref().unwrap()));
        assert_eq!(tables.exemplar_trace_id_destinations[0].name, "tid");

        let (base, tables) = initial(None, || Some(saved.clone()));
        assert_eq!(base, PanelConfig::load(DEMO_CONFIG_JSON));
        assert_eq!(tables, saved);

        let (base, tables) = initial(None, || None);
        assert_eq!(tables, LinkTables::of(base.as_ref().unwrap()));

        let (base, tables) = initial(Some("{"), || None);
        assert!(base.is_err());
        assert_eq!(tables, LinkTables::default());

        for empty in ["", "  "] {
            assert!(starts_without_config(Some(empty)), "?config={empty:?} is the start page");
            let (base, tables) = initial(Some(empty), || Some(saved.clone()));
            assert_eq!(base, PanelConfig::load(DEMO_CONFIG_JSON), "the demo's, not an EOF error");
            assert_eq!(tables, saved);
        }
        assert!(starts_without_config(None) && !starts_without_config(Some("{}")));
    }

    #[test]
    fn the_url_text_leaves_out_the_import_sources() {
        let mut c = config("now-1h");
        c.grafana_datasources = "apiVersion: 1".into();
        c.grafana_panel = serde_json::json!({"targets": []});
        let text = url_config_text(c).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["grafanaDatasources"], "");
        assert!(back.get("grafanaPanel").is_none());
        assert_eq!(back["time"]["from"], "now-1h");
    }

    #[test]
    fn first_is_not_written_then_a_new_range_pushes_and_the_rest_replaces() {
        let mut s = UrlState::default();
        assert_eq!(s.next(config("now-1h"), true), None);
        let w = s.next(config("now-1h"), false).unwrap();
        assert!(!w.push);
        assert_eq!(w.config, url_config_text(config("now-1h")).unwrap());
        let mut themed = config("now-1h");
        themed.refresh = "5s".into();
        assert!(!s.next(themed, false).unwrap().push);
        assert!(s.next(config("now-6h"), false).unwrap().push);
        assert!(!s.next(config("now-6h"), false).unwrap().push);
    }

    #[test]
    fn without_a_range_shown_yet_the_first_write_pushes() {
        // The page loaded with an invalid config: nothing shown, nothing kept.
        let mut s = UrlState::default();
        assert!(s.next(config("now-1h"), false).unwrap().push);
    }

    #[test]
    fn restore_takes_the_url_range_as_shown() {
        let mut s = UrlState::default();
        assert_eq!(s.next(config("now-1h"), true), None);
        let text = url_config_text(config("now-6h")).unwrap();
        let (next, tables) = s.restore(&text);
        assert_eq!(tables, Some(LinkTables::default()));
        assert_eq!(next.unwrap().time.from, "now-6h");
        // Showing the restored config replaces, not pushes.
        assert!(!s.next(config("now-6h"), false).unwrap().push);

        let (next, tables) = s.restore("{");
        assert!(next.is_err());
        assert_eq!(tables, None);
        // A bad URL config leaves the range shown as it was.
        assert!(!s.next(config("now-6h"), false).unwrap().push);
    }
}
