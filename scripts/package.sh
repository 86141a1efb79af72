#!/usr/bin/env bash
# The release artefacts, in target/npm/ (the version is Cargo.toml's):
#   exemplar-panel-<version>.tgz       the npm package (npm pack of target/npm/package/):
#                                      the widget bundle (release build, wasm-opt), its
#                                      entry npm/index.js, the types (npm/*.d.ts and
#                                      wasm-bindgen's), the config's JSON Schema, npm/README.md
#   exemplar-panel-<version>-dist.zip  the static files of scripts/build.sh (dist/)
# Usage: scripts/package.sh [dist-dir]
#   dist-dir: what scripts/build.sh wrote (the test command passes target/e2e-dist);
#   without it, scripts/build.sh builds target/npm/dist first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1mpackage:\033[0m %s\n' "$*"; }
die() { printf 'package: %s\n' "$*" >&2; exit 1; }

version="$(sed -n '/^\[package\]/,/^\[/s/^version = "\([^"]*\)".*/\1/p' Cargo.toml)"
[ -n "$version" ] || die "cannot read the version from Cargo.toml"
out="$ROOT/target/npm"
mkdir -p "$out"

dist="${1:-}"
if [ -z "$dist" ]; then
  dist="$out/dist"
  scripts/build.sh "$dist"
fi
dist="$(cd "$dist" && pwd)"
for f in exemplar-panel.js exemplar-panel_bg.wasm exemplar-panel.d.ts exemplar-panel-full.js exemplar-panel-full_bg.wasm exemplar-panel-full.d.ts types.d.ts snippets; do
  [ -e "$dist/$f" ] || die "$dist/$f is missing: build it with scripts/build.sh $dist"
done
# The snippet must be the element of this source tree.
snippet="$(find "$dist/snippets" -path '*/src/web/element.js' | head -n1)"
[ -n "$snippet" ] && cmp -s "$snippet" src/web/element.js || die "$dist/snippets has no current src/web/element.js"

# The package directory.
pkg="$out/package"
rm -rf "$pkg"
mkdir -p "$pkg"
cp "$dist"/exemplar-panel.js "$dist"/exemplar-panel_bg.wasm "$dist"/exemplar-panel.d.ts "$pkg"/
cp "$dist"/exemplar-panel-full.js "$dist"/exemplar-panel-full_bg.wasm "$dist"/exemplar-panel-full.d.ts "$pkg"/
cp -r "$dist"/snippets "$pkg"/
cp npm/index.js npm/index.d.ts npm/full.js npm/full.d.ts npm/load.js npm/types.d.ts npm/README.md "$pkg"/
cp docs/config.schema.json "$pkg"/
node -e '
  const fs = require("node:fs");
  const [template, version, target] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(template, "utf8"));
  pkg.version = version;
  fs.writeFileSync(target, JSON.stringify(pkg, null, 2) + "\n");
' npm/package.json "$version" "$pkg/package.json"

tgz="$out/exemplar-panel-$version.tgz"
rm -f "$tgz"
npm pack "$pkg" --pack-destination "$out" --loglevel=error >/dev/null
[ -f "$tgz" ] || die "npm pack wrote no $tgz"

# The static files, under exemplar-panel-<version>/ in the zip.
zipfile="$out/exemplar-panel-$version-dist.zip"
top="exemplar-panel-$version"
rm -rf "${out:?}/$top" "$zipfile"
cp -r "$dist" "$out/$top"
if command -v zip >/dev/null 2>&1; then
  (cd "$out" && zip -qr -X "$zipfile" "$top")
elif command -v python3 >/dev/null 2>&1; then
  (cd "$out" && python3 -m zipfile -c "$zipfile" "$top")
else
  die "neither zip nor python3 is installed: cannot write $zipfile"
fi
rm -rf "${out:?}/$top"

say "$(printf '%s: %d bytes (the package, gzip), %d files' "${tgz#"$ROOT"/}" "$(wc -c <"$tgz")" "$(tar -tzf "$tgz" | wc -l)")"
say "$(printf '%s: %d bytes' "${zipfile#"$ROOT"/}" "$(wc -c <"$zipfile")")"
