#!/usr/bin/env bash
# Starts the portal on its embedded defaults: the sandbox's simulators and the
# production build of the frontend served by the built backend (rebuilt when
# a source is newer; STACK_BACKEND=source runs src/index.ts) on one port.
#   scripts/start.sh [--config extra.yaml ...]   (extra args go to the backend)
# The sandbox keeps what users did in .data/sandbox (SANDBOX_STATE_DIR);
# a process that dies is reported and restarted. Ctrl-C stops everything it
# started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$PROJECT_ROOT/scripts/lib/stack.sh"
cd "$PROJECT_ROOT"

ensure_deps
build_app_if_stale
build_backend_if_stale
start_stack "$@"
echo
echo "  Portal ready: $PORTAL_URL"
echo "  Sign in with a sample user, e.g. lena.fischer (password: sandbox)."
echo "  Sandbox admin API: $SANDBOX_URL/admin/health   (Ctrl-C stops both)"
echo "  Sandbox state: $SANDBOX_STATE_DIR   (POST $SANDBOX_URL/admin/reset returns to the start)"
echo
wait_stack
