// This file must NOT compile: tests/e2e/npm.test.mjs runs
// `tsc -p tsconfig.must-not-compile.json` and expects each error below, by name.
import type { PanelConfig } from 'exemplar-panel';

export const config: PanelConfig = {
  titel: 'Checkout latency', // a typo: `title`
  prometheus: { url: 'http://localhost:9090' },
  targets: [{ expr: 'up' }],
};

export const nested: PanelConfig = {
  prometheus: { ulr: 'http://localhost:9090' }, // a typo: `url`
  targets: [{ expr: 'up' }],
};

export const value: PanelConfig = {
  theme: 'purple', // `auto`, `light` or `dark`
  targets: [{ expr: 'up' }],
};
