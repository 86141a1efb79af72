// The trace view's host page for the e2e test and the README screenshot: the
// full widget (or ?bundle=exemplar-panel, the lean one) mounted from ?config=,
// its handle in window.panel, the trace-preview events in window.previews; and
// the demo's config for one trace datasource type.
import { createServer } from 'node:http';

import { freePort, panelConfig, sendFile } from './harness.mjs';

// A page that mounts one panel from ?config= and keeps its handle and the trace-preview events.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>trace view</title></head>
<body><main id="root"></main><script type="module" src="/trace-host.js"></script></body></html>`;
const PAGE_JS = `
const query = new URLSearchParams(location.search);
const bundle = query.get('bundle') === 'exemplar-panel' ? 'exemplar-panel' : 'exemplar-panel-full';
const { default: init, mount } = await import(\`./\${bundle}.js\`);
await init();
window.previews = [];
document.addEventListener('trace-preview', (e) => window.previews.push(e.detail));
const config = JSON.parse(query.get('config'));
window.panel = mount(document.getElementById('root'), config);
window.pageReady = true;
`;

/** Serves `dist` and the host page at /trace-host.html. */
export async function serveTraceHost(dist) {
  const port = await freePort();
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/trace-host.html') return res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    if (pathname === '/trace-host.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(PAGE_JS);
    return sendFile(dist, pathname, res);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${port}`;
  return { url, page: (config, bundle = 'exemplar-panel-full') => `${url}/trace-host.html?bundle=${bundle}&config=${encodeURIComponent(JSON.stringify(config))}`, stop: () => new Promise((r) => server.close(r)) };
}

/** The demo's config, its trace ids resolved through one datasource of `type`. */
export function traceConfig({ promUrl, demoUrl, type, extra = {} }) {
  const url = type === 'tempo' ? `${demoUrl}/tempo` : demoUrl;
  return {
    ...panelConfig({ promUrl, demoUrl }),
    exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'traces' }],
    datasources: [{ uid: 'traces', name: `Demo ${type}`, type, url }],
    ...extra,
  };
}

/** Pins the slowest exemplar through the table (slowest first); returns its trace id. */
export async function pinSlowest(page) {
  await page.getByTestId('toggle-table').click();
  const row = page.getByTestId('exemplar-row').first();
  await row.waitFor();
  const traceId = (await row.locator('.ep-mono').innerText()).trim();
  await row.click();
  await page.getByTestId('preview-trace').waitFor();
  return traceId;
}
