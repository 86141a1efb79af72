// Installs the package that scripts/package.sh packed (target/npm/exemplar-panel-<version>.tgz,
// the version being Cargo.toml's) into this example, as an app installs a tarball. It is not
// saved in package.json or the lock file: the tarball changes with every build, and a lock
// file would pin its hash. Your app: `npm install exemplar-panel` (or the .tgz).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cargo = readFileSync(path.join(root, 'Cargo.toml'), 'utf8');
const version = /^\[package\][^[]*?^version = "([^"]+)"/m.exec(cargo)?.[1];
if (!version) throw new Error('cannot read the version from Cargo.toml');
const tarball = path.join(root, 'target/npm', `exemplar-panel-${version}.tgz`);
if (!existsSync(tarball)) throw new Error(`${tarball} is missing: run scripts/package.sh first`);
execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
  cwd: here,
  stdio: 'inherit',
});
