#!/usr/bin/env bash
# Runs every test of the project on a fresh clone: installs what is missing,
# then type-check, lint, formatting, unit tests (database tests on SQLite and a
# real PostgreSQL 15), Terraform tests, and the Playwright suite against the
# production build with the sandbox. Ends with one line "N passed, N failed".
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$PROJECT_ROOT/scripts/lib/postgres.sh"
source "$PROJECT_ROOT/scripts/lib/stack.sh"
source "$PROJECT_ROOT/scripts/lib/terraform.sh"
cd "$PROJECT_ROOT"

RESULTS_DIR="$PROJECT_ROOT/test-results"
rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
PASSED=0
FAILED=0
FAILURES=()
START_TIME=$SECONDS

summary() {
  echo
  echo "==> finished in $((SECONDS - START_TIME)) s"
  if [ ${#FAILURES[@]} -gt 0 ]; then
    printf '    failed: %s\n' "${FAILURES[@]}"
  fi
  echo "$PASSED passed, $FAILED failed"
}

cleanup() {
  stop_postgres
}
trap cleanup EXIT

# count NAME PASSED FAILED: adds a step's test counts to the totals.
count() {
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  if [ "$3" -gt 0 ]; then
    FAILURES+=("$1 ($3)")
  fi
}

# check NAME COMMAND...: a step that is one test (passes when the command does).
check() {
  local name=$1
  shift
  echo
  echo "==> $name"
  local t0=$SECONDS
  if "$@"; then
    count "$name" 1 0
    echo "    ok: $name ($((SECONDS - t0)) s)"
  else
    count "$name" 0 1
    echo "    FAILED: $name ($((SECONDS - t0)) s)"
  fi
}

# json_counts FILE EXPR: evaluates EXPR (JS, with `r` the parsed file) to "passed failed".
json_counts() {
  node -e "
    const fs = require('fs');
    try { const r = JSON.parse(fs.readFileSync(process.argv[1], 'utf8')); console.log($2); }
    catch { console.log('0 1'); }" "$1"
}

echo "==> toolchain: node $(node --version), yarn $(yarn --version)"
if ! ensure_deps; then
  count "yarn install" 0 1
  summary
  exit 1
fi
ensure_chromium

check "type-check" yarn tsc
check "lint" yarn backstage-cli repo lint
check "no package cycle" node scripts/package-cycles.js
check "generated contracts are current" bash scripts/contracts-current.sh
check "format" yarn prettier --check --loglevel warn .

echo
echo "==> unit tests (database tests on SQLite and PostgreSQL 15)"
# The multi-replica test of packages/backend starts its own Redis from it.
ensure_apt_package redis-server
if start_postgres; then
  # CI=true: no watch mode, and test databases insist on PostgreSQL.
  CI=true yarn backstage-cli repo test --ci --json --outputFile="$RESULTS_DIR/unit-results.json"
  read -r p f < <(json_counts "$RESULTS_DIR/unit-results.json" \
    "r.numPassedTests + ' ' + (r.numFailedTests + r.numRuntimeErrorTestSuites)")
  count "unit tests" "$p" "$f"
  # The Dockerfile's steps outside a container (no container tool here), then
  # the bundle on the production config answers readiness.
  check "image build steps" bash scripts/image-build-steps.sh
  stop_postgres
else
  count "start PostgreSQL" 0 1
fi

tf_dirs=$(find infra -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' 2>/dev/null | grep -v '/tests$' | sort -u)
if [ -n "$tf_dirs" ]; then
  for dir in $tf_dirs; do
    terraform_checks "$dir"
  done
fi

check "build frontend" build_app_if_stale

echo
echo "==> end-to-end tests (Playwright in Debian's Chromium)"
yarn playwright test
read -r p f < <(json_counts "$RESULTS_DIR/e2e-results.json" \
  "(r.stats.expected + r.stats.flaky) + ' ' + (r.stats.unexpected + (r.errors || []).length)")
count "e2e tests" "$p" "$f"

summary
[ "$FAILED" -eq 0 ]
