#!/usr/bin/env bash
# Runs every example in examples/ against the built package, each with the runner its
# extension calls for, the way a user would: `npm run examples`.
#
#   .mjs .js  node                 (ESM: import 'relance/domain')
#   .cjs      node                 (CommonJS: require('relance/domain'))
#   .ts .mts  tsx                  (TypeScript as ESM, no type-check by tsx itself)
#   .cts      ts-node              (TypeScript as CommonJS, type-checked; see the header of
#                                   examples/notebook-ts-node.cts for why it takes
#                                   `node -r ts-node/register --loader ts-node/esm`)
#
# Before running anything it type-checks the TypeScript examples with
# `tsc -p examples/tsconfig.json` (tsx only strips types), and it fails on any file whose
# extension it does not know, so a new example cannot be skipped silently. tsconfig.json
# and README.md are not examples; hidden files are ignored.
#
# Builds dist/ first if it is missing (warns, without rebuilding, if src/ is newer).
# Exits non-zero if any step fails, after running all of them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin="$root/node_modules/.bin"
examples_dir="examples"
tsconfig="$examples_dir/tsconfig.json"

for tool in tsx tsc; do
  if [[ ! -x "$bin/$tool" ]]; then
    echo "run-examples: $bin/$tool not found; run \`npm install\` first" >&2
    exit 1
  fi
done
if [[ ! -f node_modules/ts-node/package.json ]]; then
  echo "run-examples: ts-node not installed; run \`npm install\` first" >&2
  exit 1
fi

# 1. The build the examples import through the package's exports map.
needed=(
  dist/domain/index.js dist/domain/index.cjs dist/domain/index.d.ts dist/domain/index.d.cts
  dist/simulate/index.js dist/simulate/index.cjs dist/simulate/index.d.ts dist/simulate/index.d.cts
)
missing=0
for f in "${needed[@]}"; do [[ -f "$f" ]] || missing=1; done
if ((missing)); then
  echo "== build (dist/ is missing or incomplete)"
  npm run --silent build
elif [[ -n "$(find src -newer dist/domain/index.js -type f -print -quit 2>/dev/null)" ]]; then
  echo "run-examples: warning: src/ changed since the last build; run \`npm run build\` to test the latest code" >&2
fi

# 2. Classify every file before running any.
shopt -s nullglob
files=()
unknown=()
for path in "$examples_dir"/*; do
  name="$(basename "$path")"
  case "$name" in
    tsconfig.json | README.md) continue ;;
  esac
  if [[ ! -f "$path" ]]; then
    unknown+=("$path (not a regular file)")
    continue
  fi
  case "$name" in
    *.mjs | *.js | *.cjs | *.ts | *.mts | *.cts) files+=("$path") ;;
    *) unknown+=("$path") ;;
  esac
done
if ((${#unknown[@]} > 0)); then
  echo "run-examples: don't know how to run:" >&2
  printf '  %s\n' "${unknown[@]}" >&2
  echo "add a runner for the extension to scripts/run-examples.sh, or move the file out of examples/" >&2
  exit 1
fi
if ((${#files[@]} == 0)); then
  echo "run-examples: no examples found in $examples_dir/" >&2
  exit 1
fi

# Node ≥ 20.11 can silence the ExperimentalWarning that --loader prints; older Node 20 cannot.
quiet_loader=()
if node --disable-warning=ExperimentalWarning -e '' 2>/dev/null; then
  quiet_loader=(--disable-warning=ExperimentalWarning)
fi

now() { if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME/[.,]/}"; else echo "$((SECONDS * 1000000))"; fi; }
failed=()
run_step() {
  local label="$1"
  shift
  echo
  echo "== $label"
  echo "\$ $*"
  local start status=0
  start="$(now)"
  "$@" || status=$?
  local ms=$((($(now) - start) / 1000))
  if ((status == 0)); then
    echo "-- ok: $label (${ms} ms)"
  else
    echo "-- FAILED: $label (exit $status, ${ms} ms)" >&2
    failed+=("$label")
  fi
}

total_start="$(now)"

# 3. Type-check the TypeScript examples against the built .d.ts / .d.cts.
has_ts=0
for f in "${files[@]}"; do
  case "$f" in *.ts | *.mts | *.cts) has_ts=1 ;; esac
done
if ((has_ts)); then
  run_step "typecheck ($tsconfig)" "$bin/tsc" -p "$tsconfig"
fi

# 4. Run each example.
for f in "${files[@]}"; do
  case "$f" in
    *.mjs | *.js | *.cjs) run_step "$f" node "$f" ;;
    *.ts | *.mts) run_step "$f" "$bin/tsx" "$f" ;;
    *.cts) run_step "$f" env TS_NODE_PROJECT="$tsconfig" node "${quiet_loader[@]}" -r ts-node/register --loader ts-node/esm "$f" ;;
  esac
done

total_ms=$((($(now) - total_start) / 1000))
echo
if ((${#failed[@]} > 0)); then
  echo "run-examples: ${#failed[@]} failed (${total_ms} ms):" >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "run-examples: all ${#files[@]} examples passed (${total_ms} ms)"
