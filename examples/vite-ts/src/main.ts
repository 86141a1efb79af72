// Two panels from the npm package, typed: <exemplar-panel> (panel A) and mount()
// (panel B), and a trace box that shows the clicked exemplar instead of opening a
// tab. Query parameters (the end-to-end test sets them): prom (Prometheus URL),
// traces (the trace viewer's base URL), scrape (the scrape interval).
import init, { mount, type DoctorReport, type ExemplarEvent, type PanelConfig, type PanelHandle } from 'exemplar-panel';

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

const params = new URLSearchParams(location.search);
const traces = params.get('traces') ?? 'http://127.0.0.1:8080';
const quantile = (q: number, by = 'le'): string =>
  `histogram_quantile(${q}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (${by}))`;

// What both panels share. `PanelConfig` is generated from the Rust types: a
// misspelled field or a wrong value does not compile (see must-not-compile/).
const shared: PanelConfig = {
  prometheus: { url: params.get('prom') ?? 'http://127.0.0.1:9090' },
  scrapeInterval: params.get('scrape') ?? '15s',
  time: { from: 'now-5m', to: 'now' },
  unit: 's',
  exemplarTraceIdDestinations: [
    { name: 'trace_id', url: `${traces}/trace/\${__value.raw}`, urlDisplayLabel: 'Open trace' },
  ],
};

await init(); // loads the .wasm (a Vite asset) and registers <exemplar-panel>

// Panel A: the custom element. `createElement('exemplar-panel')` is typed
// (HTMLElementTagNameMap) as ExemplarPanelElement.
const element = document.createElement('exemplar-panel');
element.setAttribute('theme', 'light');
element.setAttribute(
  'config',
  JSON.stringify({
    ...shared,
    title: 'p99 / p50 (the element)',
    targets: [
      { refId: 'A', expr: quantile(0.99), legendFormat: 'p99' },
      { refId: 'B', expr: quantile(0.5), legendFormat: 'p50' },
    ],
  } satisfies PanelConfig),
);
byId('element-slot').append(element);

// Panel B: mount() returns a PanelHandle.
const panel: PanelHandle = mount(byId('mounted'), {
  ...shared,
  title: 'p95 by route (mount())',
  theme: 'dark',
  targets: [{ refId: 'A', expr: quantile(0.95, 'le, route'), legendFormat: '{{route}}' }],
});

// The trace box: the event's `detail` is an ExemplarDetail.
const clicked = byId('clicked');
function field(name: string): HTMLElement {
  const node = clicked.querySelector<HTMLElement>(`[data-field="${name}"]`);
  if (!node) throw new Error(`no [data-field="${name}"] in #clicked`);
  return node;
}
function showTrace(event: ExemplarEvent, source: string): void {
  event.preventDefault(); // keep the user here: no new tab
  const { labels, links, series, value } = event.detail;
  field('trace-id').textContent = labels['trace_id'] ?? '(no trace_id label)';
  field('source').textContent = source;
  field('series').textContent = series || '(no series)';
  field('value').textContent = `${(value * 1000).toFixed(1)} ms`;
  field('link').textContent = links[0]?.url ?? '';
}

// The element's events are typed through HTMLElementEventMap; the handle's
// on() takes the same listener (and returns a function that unsubscribes).
element.addEventListener('exemplar-click', (event) => showTrace(event, 'element'));
panel.on('exemplar-click', (event) => showTrace(event, 'mount()'));
// on() types the listener by the event's name (PanelEventMap): `exemplar-box`
// hands over the box's detail, not an exemplar's.
panel.on('exemplar-box', (event) => {
  clicked.dataset['boxed'] = event.detail.box ? String(event.detail.count) : '';
});

/** The doctor's problems, one line each: `diagnose()` resolves to a `DoctorReport`
 * in `exemplar-panel/full` (the lean widget's rejects, naming that bundle). */
export function problems(report: DoctorReport): string[] {
  return report.checks.filter((c) => c.status === 'problem').map((c) => `${c.id}: ${c.fix ?? c.finding}`);
}
