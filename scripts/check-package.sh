#!/usr/bin/env bash
# Checks the package as it will be published: packs it, lints the tarball with publint
# (strict) and attw, then checks each subpath's bundle size against .size-limit.json.
# Usage: npm run check:package   (builds first only if dist/ is missing; run
#        `npm run build` yourself after changing src/)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

# Every file that package.json promises ("exports" targets and "bin") must exist in
# dist/ before packing; if one is missing, build.
missing="$(node -e '
  const fs = require("node:fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  const targets = [];
  const walk = (v) => typeof v === "string" ? targets.push(v)
    : v && typeof v === "object" ? Object.values(v).forEach(walk) : undefined;
  walk(pkg.exports);
  walk(pkg.bin);
  console.log(targets.filter((t) => t.startsWith("./dist/") && !fs.existsSync(t)).join(" "));
')"
if [[ -n "$missing" ]]; then
  step "missing from dist/: $missing → npm run build"
  npm run build
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/relance-pack.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

step "npm pack → $tmp"
# --ignore-scripts: pack exactly what dist/ holds now, no lifecycle scripts.
npm pack --ignore-scripts --pack-destination "$tmp" --silent >/dev/null
tarballs=("$tmp"/*.tgz)
if [[ ${#tarballs[@]} -ne 1 || ! -f "${tarballs[0]}" ]]; then
  echo "check-package: expected one tarball in $tmp, found: ${tarballs[*]}" >&2
  exit 1
fi
tarball="${tarballs[0]}"
tar -tzf "$tarball" | sed 's/^/  /'

step "publint --strict (warnings fail)"
publint run "$tarball" --strict

step "attw --profile node16"
# node16 profile: engines.node >= 20 and every subpath lives in "exports", which
# node10 resolution cannot read; a typesVersions copy of the map would only be legacy noise.
attw "$tarball" --profile node16

step "the core's bundles import no chart renderer (vega, vega-lite: the CLI's alone)"
if grep -RlE "from ['\"]vega(-lite)?['\"]|import\\(['\"]vega(-lite)?['\"]\\)|require\\(['\"]vega(-lite)?['\"]\\)" dist --include='*.js' --include='*.cjs' | grep -v '^dist/cli/'; then
  echo "check-package: a core bundle imports vega or vega-lite" >&2
  exit 1
fi

step "size-limit (gzip, whole subpath via import \"*\"; budgets in .size-limit.json)"
size-limit

step "check-package: OK"
