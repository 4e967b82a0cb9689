#!/usr/bin/env bash
# Hot-reload development: the sandbox, plus `backstage-cli repo start` (frontend
# dev server on :3000 and backend on :7007, both reloading on change).
# For a production-like portal on one port, use scripts/start.sh instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_ROOT"
ensure_deps
mkdir -p .data/sqlite
# The sandbox's state (and the Kubernetes CA the backend trusts), as start.sh.
export SANDBOX_STATE_DIR="${SANDBOX_STATE_DIR:-$PROJECT_ROOT/.data/sandbox}"
mkdir -p "$SANDBOX_STATE_DIR"

node packages/sandbox/bin/sandbox --port 7010 --state-dir "$SANDBOX_STATE_DIR" &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

yarn backstage-cli repo start --config "$PROJECT_ROOT/app-config.yaml" --config "$PROJECT_ROOT/app-config.dev.yaml"
