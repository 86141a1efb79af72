// exemplar-panel's config and event types, generated from the Rust types
// (crates/core: config/, panel/host.rs, trace/view.rs, doctor/) by
// crates/core/src/contract/typescript.rs: do not edit.
// Regenerate: REGENERATE=1 cargo test -p exemplar-core contract

/**
 * The config of an exemplar-panel: the JSON that `mount()`, the `<exemplar-panel config>` attribute and the standalone page's `?config=` take. Every field but `targets[].expr` has a default; fields it does not know are ignored with a warning. See docs/configuration.md.
 */
export interface PanelConfig {
  /**
   * This file's JSON Schema, for editors, e.g. `./node_modules/exemplar-panel/config.schema.json`; the panel ignores it.
   */
  $schema?: string;
  /**
   * Resolves `datasourceUid` in destinations.
   *
   * @default []
   */
  datasources?: Datasource[];
  /**
   * Digits after the point in every value shown (Grafana's `decimals`); unset: about three significant digits.
   */
  decimals?: number | null;
  /**
   * A time × value box of exemplars (the viewer's shift-drag): the table lists the exemplars inside, the dots outside are dimmed.
   */
  exemplarBox?: ExemplarBox | null;
  /**
   * Which exemplars are drawn: `outliers` (default), `grafana` or `all`.
   *
   * @default "outliers"
   */
  exemplarSampling?: Sampler;
  /**
   * Trace link destinations (Grafana's `exemplarTraceIdDestinations`).
   *
   * @default []
   */
  exemplarTraceIdDestinations?: TraceDestination[];
  /**
   * The exemplar filters, as typed.
   */
  filters?: FilterConfig;
  /**
   * The text of a Grafana datasources provisioning file (YAML or JSON): fills `prometheus`, `scrapeInterval`, the destinations and the datasource table where this config leaves them open.
   *
   * @default ""
   */
  grafanaDatasources?: string;
  /**
   * A Grafana dashboard panel (or dashboard, or its JSON text) whose queries and query options fill what this config leaves open.
   */
  grafanaPanel?: unknown;
  /**
   * Draw no exemplar (the viewer's switch; grafana#97124): the queries still ask for them, so switching back shows them at once.
   */
  hideExemplars?: boolean;
  /**
   * The panel's minimum interval (Grafana's query option "Min interval"), e.g. `1m` or `>1m`; empty: `scrapeInterval`.
   */
  interval?: string;
  /**
   * The legend (Grafana's `options.legend`): `displayMode` `list` or `table`, and `calcs` (`min`, `max`, `mean`, `last`, `lastNotNull`) over the shown range.
   */
  legend?: LegendConfig;
  /**
   * The value axis's top (Grafana's `max`): exactly there, whatever the data.
   */
  max?: number | null;
  /**
   * Grafana's `maxDataPoints`; unset (or 0): the plot width in CSS px.
   */
  maxDataPoints?: number | null;
  /**
   * The value axis's bottom (Grafana's `min`): exactly there, whatever the data.
   */
  min?: number | null;
  /**
   * Prometheus connection.
   *
   * @default {"headers":{},"method":"POST","url":""}
   */
  prometheus?: PrometheusConfig;
  /**
   * Auto-refresh interval (`5s`, `1m`, …); empty or `off` for none. A refresh never starts while a query is in flight.
   *
   * @default ""
   */
  refresh?: string;
  /**
   * The y axis's scale, as Grafana's `fieldConfig.defaults.custom.scaleDistribution`: `{"type": "linear"}` (default) or `{"type": "log", "log": 2 | 10}`. On a log scale, values ≤ 0 break the lines and their exemplars sit hollow on the bottom edge.
   */
  scaleDistribution?: ScaleDistribution;
  /**
   * Prometheus scrape interval (Grafana's datasource `timeInterval`), the minimum step and the base of `$__rate_interval`. Default `15s`.
   *
   * @default "15s"
   */
  scrapeInterval?: string;
  /**
   * The value axis reaches up to at least this (Grafana's `custom.axisSoftMax`); data above extends it.
   */
  softMax?: number | null;
  /**
   * The value axis reaches down to at least this (Grafana's `custom.axisSoftMin`); data below extends it.
   */
  softMin?: number | null;
  /**
   * Panels on one page with the same group share the hovered time (a crosshair); empty: none.
   */
  syncGroup?: string;
  /**
   * With `syncGroup`: panels of the group also share the time range (a zoom or a picker change in one moves all).
   */
  syncTime?: boolean;
  /**
   * Queries.
   *
   * @default []
   */
  targets?: Target[];
  /**
   * `auto` (follows `prefers-color-scheme`), `light` or `dark`.
   *
   * @default "auto"
   */
  theme?: ThemeChoice;
  /**
   * Steps of colour by value (Grafana's `fieldConfig.defaults.thresholds`), drawn as `thresholdsStyle` says.
   */
  thresholds?: Thresholds;
  /**
   * How thresholds are drawn (Grafana's `custom.thresholdsStyle`): `off`, `line`, `area`, `line+area`.
   */
  thresholdsStyle?: ThresholdsStyle;
  /**
   * Time range.
   *
   * @default {"from":"now-15m","to":"now"}
   */
  time?: TimeConfig;
  /**
   * Panel title.
   *
   * @default ""
   */
  title?: string;
  /**
   * Show the panel's toolbar (time range, zoom, refresh, theme).
   *
   * @default true
   */
  toolbar?: boolean;
  /**
   * The value unit, a Grafana unit id (`fieldConfig.defaults.unit`): `short` (default), `none`, `ns`, `µs`, `ms`, `s`, `m`, `h`, `d`, `reqps`, `rps`, `ops`, `wps`, `percent`, `percentunit`, `bytes`, `decbytes`, `bits`, `decbits`, `suffix:<text>` or `prefix:<text>`. Values scale within their family.
   *
   * @default "short"
   */
  unit?: Unit;
}

/**
 * One row of the datasource table: resolves a destination's `datasourceUid` to a trace URL without Grafana.
 */
export interface Datasource {
  /**
   * For `jaeger`, `tempo` and `zipkin`: the base URL of the API the trace preview asks, when it is not `url` (e.g. a proxy that adds CORS headers).
   */
  apiUrl?: string;
  /**
   * For `grafana` (and `tempo` with `grafanaUrl`): the tracing datasource's uid inside that Grafana; defaults to `uid`.
   *
   * @default ""
   */
  grafanaDatasourceUid?: string;
  /**
   * For `tempo`: open traces in this Grafana's Explore instead of Tempo's API.
   *
   * @default ""
   */
  grafanaUrl?: string;
  /**
   * Headers the trace preview sends to this datasource's API, and nowhere else; never logged.
   */
  headers?: Record<string, string>;
  /**
   * Display name, used in the default link title `Query with <name>`.
   *
   * @default ""
   */
  name?: string;
  /**
   * How long a trace preview may wait for the API (`10s`); empty: 30s.
   */
  timeout?: string;
  /**
   * `jaeger`, `zipkin`, `tempo`, `grafana`, or anything else (then `url` is a template).
   *
   * @default ""
   */
  type?: string;
  /**
   * The uid destinations refer to.
   *
   * @default ""
   */
  uid?: string;
  /**
   * The backend's base URL (for `grafana`: Grafana's base URL).
   *
   * @default ""
   */
  url?: string;
}

/**
 * The rectangle: `from`–`to` (epoch ms) × `min`–`max` (values in the panel's unit), edges included.
 */
export interface ExemplarBox {
  /**
   * Start, epoch ms.
   */
  from: number;
  /**
   * Highest value.
   */
  max: number;
  /**
   * Lowest value.
   */
  min: number;
  /**
   * End, epoch ms.
   */
  to: number;
}

/**
 * The exemplar filters as typed (texts, so a URL or a config keeps them exactly).
 */
export interface FilterConfig {
  /**
   * Keep only exemplars above their series' line.
   */
  aboveLine?: boolean;
  /**
   * Label matchers, e.g. `route="/api/pay", status!="500"`.
   */
  labels?: string;
  /**
   * Keep values ≥ this: a number in the panel's unit, or (unit `s`) `250ms`.
   */
  minValue?: string;
}

/**
 * HTTP method for Prometheus queries. POST sends a form body (Grafana's default).
 *
 * - `"POST"`: Form-encoded POST: no URL length limit.
 * - `"GET"`: Query string GET.
 */
export type HttpMethod = "POST" | "GET";

/**
 * A value the legend computes over the shown range (Grafana's reducer ids).
 *
 * - `"min"`: The least value (NaN left out).
 * - `"max"`: The greatest value (NaN left out).
 * - `"mean"`: The mean of the values (NaN left out).
 * - `"last"`: The last sample's value, whatever it is.
 * - `"lastNotNull"`: The last value that is not NaN.
 */
export type LegendCalc = "min" | "max" | "mean" | "last" | "lastNotNull";

/**
 * Grafana's `options.legend`: how the legend shows, and which values it computes.
 */
export interface LegendConfig {
  /**
   * Values computed over the shown range, in this order: `min`, `max`, `mean`, `last`, `lastNotNull`.
   *
   * @default []
   */
  calcs?: LegendCalc[];
  /**
   * `list` (default: buttons in a row) or `table` (a row per series, a column per value).
   *
   * @default "list"
   */
  displayMode?: LegendDisplayMode;
}

/**
 * How the legend is laid out.
 *
 * - `"list"`: Buttons in a row, each value after the name.
 * - `"table"`: A table: a row per series, a column per value.
 */
export type LegendDisplayMode = "list" | "table";

/**
 * The log scale's base: 2 or 10.
 */
export type LogBase = 2 | 10;

/**
 * Where Prometheus is and how to talk to it.
 */
export interface PrometheusConfig {
  /**
   * Extra request headers. Never sent anywhere but Prometheus, never logged.
   *
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * POST (default) or GET.
   *
   * @default "POST"
   */
  method?: HttpMethod;
  /**
   * How long one refresh may wait for Prometheus (`30s`, `2m`); empty: 30s.
   */
  timeout?: string;
  /**
   * Base URL, e.g. `http://localhost:9090`. Empty means same origin (behind the Trunk proxy or a reverse proxy).
   *
   * @default ""
   */
  url?: string;
}

/**
 * Which exemplars are drawn (`exemplarSampling`).
 *
 * - `"outliers"`: Ours: per series min, max and 2σ outliers per step, plus the slowest.
 * - `"grafana"`: Grafana's σ-sampler.
 * - `"all"`: Everything.
 */
export type Sampler = "outliers" | "grafana" | "all";

/**
 * Grafana's `scaleDistribution`.
 */
export interface ScaleDistribution {
  /**
   * For `symlog`: values within ± this are drawn linearly (default 1); ignored otherwise.
   */
  linearThreshold?: Threshold | null;
  /**
   * The base of a log or symlog scale, 2 (default) or 10; ignored by `linear`.
   */
  log?: LogBase | null;
  /**
   * `linear` (default), `log` or `symlog`.
   *
   * @default "linear"
   */
  type?: ScaleType;
}

/**
 * `linear` or `log`.
 *
 * - `"linear"`: Values map linearly to height (the default).
 * - `"log"`: Values map to height by their logarithm: latencies from 1 ms to 10 s share one axis.
 * - `"symlog"`: Symmetric log: logarithmic away from zero, linear near it (within `linearThreshold`), so zeros and negative values have a place too.
 */
export type ScaleType = "linear" | "log" | "symlog";

/**
 * One query of the panel (Grafana's target).
 */
export interface Target {
  /**
   * Fetch exemplars for this query.
   *
   * @default true
   */
  exemplar?: boolean;
  /**
   * PromQL, e.g. `histogram_quantile(0.99, sum(rate(x_bucket[$__rate_interval])) by (le))`.
   */
  expr: string;
  /**
   * Do not run or draw this target.
   *
   * @default false
   */
  hide?: boolean;
  /**
   * Minimum step for this target (Grafana's query "Min step"), e.g. `1m` or `>1m`; empty: the panel's.
   */
  interval?: string;
  /**
   * `{{label}}` template for series names; empty gives `name{k="v"}`.
   *
   * @default ""
   */
  legendFormat?: string;
  /**
   * Short id, e.g. `A`.
   *
   * @default ""
   */
  refId?: string;
}

/**
 * The colour theme.
 *
 * - `"auto"`: Follow the browser's `prefers-color-scheme`.
 * - `"light"`: Light.
 * - `"dark"`: Dark.
 */
export type ThemeChoice = "auto" | "light" | "dark";

/**
 * A symlog scale's linear threshold: values within ± it are drawn linearly.
 */
export type Threshold = number;

/**
 * One threshold step.
 */
export interface ThresholdStep {
  /**
   * A Grafana colour: a name (`green`, `semi-dark-red`, …), `#rrggbb` or `#rgb`.
   *
   * @default ""
   */
  color?: string;
  /**
   * Where the step starts; `null` for the base step.
   *
   * @default null
   */
  value?: number | null;
}

/**
 * Grafana's `fieldConfig.defaults.thresholds`: steps of colour by value.
 */
export interface Thresholds {
  /**
   * `absolute`: the steps are values; `percentage`: percents of the value axis's range.
   *
   * @default "absolute"
   */
  mode?: ThresholdsMode;
  /**
   * The steps, lowest first; the first one's `value` is `null` (the base: everything below the next).
   *
   * @default []
   */
  steps?: ThresholdStep[];
}

/**
 * How threshold values are read.
 *
 * - `"absolute"`: Values in the panel's unit.
 * - `"percentage"`: Percents (0–100) of the value axis's range.
 */
export type ThresholdsMode = "absolute" | "percentage";

/**
 * Grafana's `fieldConfig.defaults.custom.thresholdsStyle`.
 */
export interface ThresholdsStyle {
  /**
   * `off` (default), `line` or `area`.
   *
   * @default "off"
   */
  mode?: ThresholdsStyleMode;
}

/**
 * How thresholds are drawn.
 *
 * - `"off"`: Not drawn.
 * - `"line"`: A line at each threshold, in its colour.
 * - `"area"`: Each step's band, faintly filled with its colour.
 * - `"line+area"`: Both.
 */
export type ThresholdsStyleMode = "off" | "line" | "area" | "line+area";

/**
 * The time range, as Grafana-style expressions (`now-1h`, `now`) or epoch ms.
 */
export interface TimeConfig {
  /**
   * Start, e.g. `now-1h`.
   *
   * @default "now-15m"
   */
  from?: string;
  /**
   * End, e.g. `now`.
   *
   * @default "now"
   */
  to?: string;
}

/**
 * One row of Grafana's `exemplarTraceIdDestinations`.
 */
export interface TraceDestination {
  /**
   * A datasource uid to resolve through `datasources` (instead of `url`).
   *
   * @default ""
   */
  datasourceUid?: string;
  /**
   * The exemplar label whose value is the trace id, e.g. `trace_id`.
   *
   * @default ""
   */
  name?: string;
  /**
   * URL template, e.g. `http://jaeger:16686/trace/${__value.raw}`.
   *
   * @default ""
   */
  url?: string;
  /**
   * Link title; defaults to `Go to <url>`.
   *
   * @default ""
   */
  urlDisplayLabel?: string;
}

/**
 * The value unit, a Grafana unit id: `short` (default), `none`, the time units `ns`, `µs`, `ms`, `s`, `m`, `h`, `d`, the rates `reqps`, `rps`, `ops`, `wps`, `percent` (0–100), `percentunit` (0–1), the data units `bytes`, `decbytes`, `bits`, `decbits`, or a custom `suffix:<text>` or `prefix:<text>`. Values scale within their family: 0.004 with `s` reads `4 ms`.
 */
export type Unit = "short" | "none" | "ns" | "µs" | "ms" | "s" | "m" | "h" | "d" | "reqps" | "rps" | "ops" | "wps" | "percent" | "percentunit" | "bytes" | "decbytes" | "bits" | "decbits" | `suffix:${string}` | `prefix:${string}`;

/**
 * The `detail` of `exemplar-select` and `exemplar-click`: one exemplar.
 */
export interface ExemplarDetail {
  /**
   * The exemplar's labels.
   */
  labels: Record<string, string>;
  /**
   * Its trace links.
   */
  links: TraceLink[];
  /**
   * The legend name of the first series that owns it; empty when none matched.
   */
  series: string;
  /**
   * The labels of the series it was recorded on.
   */
  seriesLabels: Record<string, string>;
  /**
   * The legend names of every series that owns it (p99, p90 and p50 of one histogram all do), in legend order.
   */
  seriesNames: string[];
  /**
   * Epoch ms.
   */
  timestamp: number;
  /**
   * The observed value.
   */
  value: number;
  /**
   * CSS px relative to the plot element.
   */
  x: number;
  /**
   * CSS px relative to the plot element.
   */
  y: number;
}

/**
 * A resolved link.
 */
export interface TraceLink {
  /**
   * Button text.
   */
  title: string;
  /**
   * An http(s) URL.
   */
  url: string;
}

/**
 * The `detail` of `exemplar-box`: the viewer's box (shift-drag or Shift+arrows; `null` once cleared with Escape) and the exemplars inside it.
 */
export interface ExemplarBoxDetail {
  /**
   * Epoch ms `from`–`to` × values `min`–`max`, edges included; `null` when cleared.
   */
  box: ExemplarBox | null;
  /**
   * How many exemplars are inside.
   */
  count: number;
  /**
   * Those exemplars (at most 1000), as in `exemplar-select`.
   */
  exemplars: ExemplarDetail[];
}

/**
 * The `detail` of `trace-preview`: fired when the trace view shows a trace (a public contract, generated into the package's types with the others).
 */
export interface TracePreviewDetail {
  /**
   * Its duration, ms.
   */
  durationMs: number;
  /**
   * How many spans it has.
   */
  spanCount: number;
  /**
   * The trace id shown.
   */
  traceId: string;
}

/**
 * What the doctor found: `panel.diagnose()` returns this as JSON.
 */
export interface DoctorReport {
  /**
   * The backend, as detected (`Prometheus 2.42.0+ds`, `VictoriaMetrics`, `the backend`).
   */
  backend: string;
  /**
   * The checks, in a fixed order.
   */
  checks: DoctorCheck[];
  /**
   * Where exemplars have been dropped from the ring buffer, when they have.
   */
  coverageGap?: DoctorBand | null;
  /**
   * The wrong-label fix, when the exemplars carry another label.
   */
  labelFix?: DoctorLabelFix | null;
}

/**
 * A span of the panel's range where no exemplar can exist (shaded on the chart).
 */
export interface DoctorBand {
  /**
   * Start, epoch ms.
   */
  fromMs: number;
  /**
   * End, epoch ms.
   */
  toMs: number;
}

/**
 * One check.
 */
export interface DoctorCheck {
  /**
   * What was found, one or two sentences.
   */
  finding: string;
  /**
   * For a problem: what to do, one sentence naming the flag, key or label.
   */
  fix?: string | null;
  /**
   * Stable id (the report's order): `backend`, `exemplar-storage`, `storage`, `coverage`, `series-without-exemplars`, `scrape-targets`, `trace-label`, `cors`.
   */
  id: "backend" | "exemplar-storage" | "storage" | "coverage" | "series-without-exemplars" | "scrape-targets" | "trace-label" | "cors";
  /**
   * Its outcome.
   */
  status: DoctorStatus;
}

/**
 * A one-click fix for the wrong label: set destination `destination`'s `name` to `label`.
 */
export interface DoctorLabelFix {
  /**
   * Index into `exemplarTraceIdDestinations`.
   */
  destination: number;
  /**
   * The label the exemplars carry.
   */
  label: string;
}

/**
 * A check's outcome.
 *
 * - `"ok"`: Fine.
 * - `"problem"`: A cause of missing exemplars: see the fix.
 * - `"unknown"`: Could not be decided from what the backend let the panel read.
 */
export type DoctorStatus = "ok" | "problem" | "unknown";
