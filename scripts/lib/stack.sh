# Functions to build and run the portal stack (sandbox + backend serving the
# built frontend). Sourced after scripts/env.sh.
PORTAL_URL="${PORTAL_URL:-http://localhost:7007}"
SANDBOX_URL="${SANDBOX_URL:-http://localhost:7010}"
STACK_PIDS=()

# Rebuilds the frontend when any of its sources is newer than the last build.
build_app_if_stale() {
  local marker="$PROJECT_ROOT/packages/app/dist/index.html"
  if [ -f "$marker" ] && [ -z "$(find "$PROJECT_ROOT/packages/app/src" "$PROJECT_ROOT/packages/app/public" \
      "$PROJECT_ROOT"/plugins/*/src "$PROJECT_ROOT/yarn.lock" -newer "$marker" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  echo "==> building the frontend (production)" >&2
  (cd "$PROJECT_ROOT/packages/app" && yarn build) >&2
}

wait_for_url() {
  local url=$1 name=$2 pid=$3 tries=${4:-240}
  for _ in $(seq "$tries"); do
    if curl -fs -o /dev/null "$url"; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $name exited before it was ready" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "error: $name was not ready at $url after $((tries / 2)) s" >&2
  return 1
}

stop_stack() {
  local pid
  for pid in "${STACK_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STACK_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  STACK_PIDS=()
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_stack [backend args...]: sandbox first (the backend discovers the IdP
# at start), then the backend in production mode.
start_stack() {
  local port
  for port in 7007 7010; do
    if port_in_use "$port"; then
      echo "error: port $port is already in use; stop the other portal first" >&2
      return 1
    fi
  done
  trap 'stop_stack; exit 130' INT
  trap 'stop_stack' TERM EXIT
  mkdir -p "$PROJECT_ROOT/.data/sqlite"

  node "$PROJECT_ROOT/packages/sandbox/bin/sandbox" --port 7010 &
  STACK_PIDS+=($!)
  wait_for_url "$SANDBOX_URL/admin/health" sandbox "${STACK_PIDS[-1]}"

  (cd "$PROJECT_ROOT/packages/backend" &&
    exec node --enable-source-maps \
      --require @backstage/cli-node/config/nodeTransform.cjs \
      src/index.ts --config ../../app-config.yaml "$@") &
  STACK_PIDS+=($!)
  wait_for_url "$PORTAL_URL/.backstage/health/v1/readiness" backend "${STACK_PIDS[-1]}"
}

# Waits until one of the stack's processes exits, then stops the rest.
wait_stack() {
  wait -n "${STACK_PIDS[@]}" || true
  stop_stack
}
