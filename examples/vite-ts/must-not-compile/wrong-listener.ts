// This file must NOT compile: tests/e2e/npm.test.mjs runs
// `tsc -p tsconfig.must-not-compile.json` and expects each error below, by name.
// PanelHandle.on() types the listener by the event's name (PanelEventMap).
import type { ExemplarEvent, PanelHandle } from 'exemplar-panel';

export function listen(panel: PanelHandle): void {
  panel.on('exemplar-box', (event) => event.detail.labels); // a box's detail has no labels
  panel.on('trace-preview', (event: ExemplarEvent) => event.detail.links); // not an exemplar's event
  panel.on('exemplar-hover', () => {}); // no such event
}
