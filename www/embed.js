// The example portal's own script: two panels, one time-range control, and a
// side box that shows the clicked exemplar (preventDefault: no new tab).
// Query parameters (for the tests): prom, traces, scrape.
// The widget bundle (scripts/build.sh); under the demo's `trunk serve` only the
// app bundle exists, which exports the same API.
const bundle = await import('./exemplar-panel.js').catch(() => import('./exemplar-panel-app.js'));
const { default: init, mount } = bundle;

await init(); // also registers <exemplar-panel>

const params = new URLSearchParams(location.search);
const prometheus = { url: params.get('prom') ?? '' }; // '' = same origin (the demo's Trunk proxy)
const traces = params.get('traces') ?? 'http://127.0.0.1:8080';
const scrapeInterval = params.get('scrape') ?? '2s';
const quantile = (q, by = 'le') =>
  `histogram_quantile(${q}, sum(rate(http_request_duration_seconds_bucket[$__rate_interval])) by (${by}))`;
const destinations = [{ name: 'trace_id', url: `${traces}/trace/\${__value.raw}`, urlDisplayLabel: 'Open trace' }];

// Panel A: <exemplar-panel config="…">, light theme.
const a = document.createElement('exemplar-panel');
a.id = 'panel-a';
a.setAttribute('theme', 'light');
a.setAttribute(
  'config',
  JSON.stringify({
    title: 'Checkout latency p99 / p50',
    prometheus,
    scrapeInterval,
    unit: 's',
    targets: [
      { refId: 'A', expr: quantile('0.99'), legendFormat: 'p99' },
      { refId: 'B', expr: quantile('0.5'), legendFormat: 'p50' },
    ],
    exemplarTraceIdDestinations: destinations,
  }),
);
document.getElementById('slot-a').append(a);

// Panel B: the JS API, dark theme, p95 by route.
const b = mount(document.getElementById('panel-b'), {
  title: 'p95 by route',
  prometheus,
  scrapeInterval,
  unit: 's',
  theme: 'dark',
  targets: [{ refId: 'A', expr: quantile('0.95', 'le, route'), legendFormat: '{{route}}' }],
  exemplarTraceIdDestinations: destinations,
});

// One control for both panels.
for (const button of document.querySelectorAll('[data-range]')) {
  button.addEventListener('click', () => {
    a.setTimeRange(button.dataset.range, 'now');
    b.setTimeRange(button.dataset.range, 'now');
  });
}

// Our own trace box: keep the user here.
const details = document.getElementById('side-details');
document.addEventListener('exemplar-click', (event) => {
  event.preventDefault();
  const { labels, series, value, timestamp, links } = event.detail;
  const rows = [
    ['trace id', labels.trace_id ?? '(none)'],
    ['series', series],
    ['value', `${(value * 1000).toFixed(1)} ms`],
    ['time', new Date(timestamp).toLocaleString()],
    ['link', links[0]?.url ?? ''],
  ];
  details.replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v; // text, never HTML
      dd.dataset.field = k;
      return [dt, dd];
    }),
  );
  details.hidden = false;
  document.getElementById('side-empty').hidden = true;
});

// For the end-to-end tests.
window.portal = { a, b, mount };
