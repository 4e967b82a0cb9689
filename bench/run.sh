#!/usr/bin/env bash
# Baseline performance figures for the portal (see bench/README.md).
#   bash bench/run.sh [--runs N] [--no-setup] [--stock] [--compare results.json]
# --runs N      backend cold starts to time (default 3)
# --no-setup    skip ensure_deps and the frontend and backend rebuilds (measure what is there)
# --stock       also measure the stock create-app app (bench/stock-app.sh builds
#               it once, cached outside the repository), interleaved with ours
# Refuses to run while something listens on 7007 or 7010: it would measure
# someone else's portal. Stops everything it started, also on Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
source "$PROJECT_ROOT/scripts/lib/stack.sh"
cd "$PROJECT_ROOT"

setup=1
stock=0
args=()
for arg in "$@"; do
  case "$arg" in
    --no-setup) setup=0 ;;
    --stock) stock=1 ;;
    *) args+=("$arg") ;;
  esac
done

for port in 7007 7010; do
  if port_in_use "$port"; then
    echo "error: port $port is already in use (another portal or sandbox is running);" \
      "stop it or wait, then run the benchmark again" >&2
    exit 1
  fi
done

if [ "$setup" = 1 ]; then
  ensure_deps
  build_app_if_stale
  build_backend_if_stale
fi
if [ "$stock" = 1 ]; then
  args+=(--stock-app "$(bash "$PROJECT_ROOT/bench/stock-app.sh")")
fi

# exec: Ctrl-C reaches the Node script directly, which stops its children.
exec node "$PROJECT_ROOT/bench/baseline.mjs" "${args[@]}"
