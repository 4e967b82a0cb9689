#!/usr/bin/env bash
# Deployments benchmark (see bench/README.md, "Deployments").
#   bash bench/deployments.sh [--sizes 2000,10000] [--window 30] [--no-setup] [--pg] [--ports 7107,7110] [--modes watch,baseline] [--profile]
# Needs ports 7007 and 7010 free; run it under the e2e lock on a shared machine:
#   flock /tmp/e2e.lock bash bench/deployments.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
source "$PROJECT_ROOT/scripts/lib/stack.sh"
cd "$PROJECT_ROOT"

setup=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-setup) setup=0 ;;
    *) args+=("$arg") ;;
  esac
done
# deployments.mjs refuses ports in use (7007/7010, or --ports PORTAL,SANDBOX).
if [ "$setup" = 1 ]; then
  ensure_deps
  build_app_if_stale
  build_backend_if_stale
fi
exec node "$PROJECT_ROOT/bench/deployments.mjs" "${args[@]}"
