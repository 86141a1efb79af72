// The <exemplar-panel> custom element: a small class that reads its
// attributes (config or src, from, to, theme, refresh, sync-group), builds the config and
// calls the wasm `mount(element, config, failure)` given to defineElement;
// it keeps the returned handle for updates and destroys it when removed.
// Loaded by src/web/embed.rs as a wasm-bindgen snippet (a file, not inline
// script, so a strict CSP allows it).
export function defineElement(mount) {
  if (customElements.get('exemplar-panel')) return;
  class ExemplarPanelElement extends HTMLElement {
    static get observedAttributes() { return ['config', 'src', 'from', 'to', 'theme', 'refresh', 'sync-group']; }
    connectedCallback() { this._load(); }
    disconnectedCallback() { this._drop(); }
    attributeChangedCallback(name, before, after) {
      if (!this.isConnected || before === after) return;
      if ((name === 'from' || name === 'to') && this.handle) {
        this.handle.setTimeRange(this.getAttribute('from') || 'now-15m', this.getAttribute('to') || 'now');
      } else if ((name === 'theme' || name === 'refresh') && this.handle) {
        this.handle.update({ [name]: after || (name === 'theme' ? 'auto' : '') });
      } else if (name === 'sync-group' && this.handle) {
        this.handle.update({ syncGroup: after || '' });
      } else {
        this._load();
      }
    }
    /** The JS handle (update, setTimeRange, refresh, destroy, on) once mounted. */
    get handle() { return this._handle || null; }
    setTimeRange(from, to) { this.handle?.setTimeRange(from, to); }
    refresh() { this.handle?.refresh(); }
    previewTrace(traceId) { this.handle?.previewTrace(traceId); }
    async _load() {
      const token = (this._token = {});
      let text = this.getAttribute('config');
      const src = this.getAttribute('src');
      try {
        if (!text && src) {
          const res = await fetch(src);
          if (!res.ok) throw new Error(`exemplar-panel: ${src} answered HTTP ${res.status}`);
          text = await res.text();
        }
        if (token !== this._token || !this.isConnected) return;
        let config;
        try {
          config = JSON.parse(text || '{}');
        } catch {
          // Not JSON: the panel's own parser says where (line and column).
          this._drop();
          this._handle = mount(this, text);
          return;
        }
        for (const name of ['from', 'to']) {
          const v = this.getAttribute(name);
          if (v) config.time = { ...(config.time || {}), [name]: v };
        }
        for (const name of ['theme', 'refresh']) {
          const v = this.getAttribute(name);
          if (v) config[name] = v;
        }
        const group = this.getAttribute('sync-group');
        if (group) config.syncGroup = group;
        this._drop();
        this._handle = mount(this, config);
      } catch (e) {
        this._drop();
        this._handle = mount(this, null, String(e && e.message || e));
      }
    }
    _drop() {
      if (this._handle) { this._handle.destroy(); this._handle = null; }
    }
  }
  customElements.define('exemplar-panel', ExemplarPanelElement);
}
