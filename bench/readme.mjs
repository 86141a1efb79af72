// Copies the benchmark's figures (the first table of BENCHMARKS.md, and the
// run's date) into README.md between <!-- bench:start --> and <!-- bench:end -->,
// so the README's table is always the last run's. scripts/bench.sh runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const bench = readFileSync(path.join(ROOT, 'BENCHMARKS.md'), 'utf8');
const lines = bench.split('\n');
const first = lines.findIndex((l) => l.startsWith('| measure'));
if (first < 0) throw new Error('BENCHMARKS.md has no figures table');
let end = first;
while (end < lines.length && lines[end].startsWith('|')) end++;
const date = /(\d{4}-\d{2}-\d{2})\. Produced by/.exec(bench)?.[1] ?? 'unknown date';
const block = [`Last run, ${date} (2 shared cores, software raster):`, '', ...lines.slice(first, end)].join('\n');

const readmePath = path.join(ROOT, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const re = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/;
if (!re.test(readme)) throw new Error('README.md has no <!-- bench:start --> … <!-- bench:end --> block');
writeFileSync(readmePath, readme.replace(re, `<!-- bench:start -->\n${block}\n<!-- bench:end -->`));
console.log(`README.md: the performance table of ${date}`);
