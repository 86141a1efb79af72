// Where the widget's bytes go: twiggy's item list of the widget wasm (before
// wasm-bindgen and wasm-opt, so the names are still there), summed by crate.
// Used by run.mjs for BENCHMARKS.md; `node bench/sizes.mjs FILE` prints it.
import { execFileSync } from 'node:child_process';

/** One CSV line → fields (twiggy quotes fields with commas or quotes, doubling inner quotes). */
function fields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The crate an item belongs to: the first path segment of its name (inside `<… as …>` too). */
function crateOf(name) {
  if (name.startsWith('data segment')) return '(data: string and table constants)';
  if (/^(export|import) /.test(name)) return '(wasm-bindgen exports and imports)';
  const inner = name.replace(/^[<&]+(mut |dyn )?/, '');
  const first = /^([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/.exec(inner)?.[1];
  if (first && !/^[A-Z]$/.test(first) && !['T', 'F', 'Fut'].includes(first)) return first;
  // `<T as crate::Trait>::f`: the trait's crate.
  return / as ([a-z_][a-z0-9_]*)/.exec(name)?.[1] ?? '(other)';
}

/** Bytes by crate (sorted, largest first), and the largest items, from twiggy's CSV. */
export function sizeBreakdown(wasmFile, top = 12) {
  const csv = execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'csv', wasmFile], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const items = csv
    .trim()
    .split('\n')
    .slice(1)
    .map(fields)
    .map(([name, bytes]) => ({ name, bytes: Number(bytes) }))
    // Names and wasm-bindgen's build-time section are gone from the shipped wasm.
    .filter((i) => !/function names|__wasm_bindgen_unstable|^Σ|^\.\.\. and/.test(i.name) && Number.isFinite(i.bytes));
  const total = items.reduce((n, i) => n + i.bytes, 0);
  const byCrate = new Map();
  for (const i of items) byCrate.set(crateOf(i.name), (byCrate.get(crateOf(i.name)) ?? 0) + i.bytes);
  return {
    total,
    crates: [...byCrate.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([crate, bytes]) => ({ crate, bytes })),
    items: items.sort((a, b) => b.bytes - a.bytes).slice(0, top).map((i) => ({ ...i, name: i.name.replace(/::h[0-9a-f]{16}$/, '') })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const b = sizeBreakdown(process.argv[2]);
  console.log(`total ${b.total} bytes`);
  for (const c of b.crates) console.log(`${String(c.bytes).padStart(8)} ${((100 * c.bytes) / b.total).toFixed(1).padStart(5)}% ${c.crate}`);
  console.log('');
  for (const i of b.items) console.log(`${String(i.bytes).padStart(8)} ${i.name.slice(0, 120)}`);
}
