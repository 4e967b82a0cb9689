# Functions to build and run the portal stack (sandbox + backend serving the
# built frontend). Sourced after scripts/env.sh.
PORTAL_URL="${PORTAL_URL:-http://localhost:7007}"
SANDBOX_URL="${SANDBOX_URL:-http://localhost:7010}"
# Where the sandbox keeps what users did (git repositories, Terraform Cloud
# runs, stacks, ...) across restarts, and its TLS certificates. The backend
# reads the Kubernetes CA from it too, hence exported.
SANDBOX_STATE_DIR="${SANDBOX_STATE_DIR:-$PROJECT_ROOT/.data/sandbox}"
# Each process's stderr is copied here (NAME.stderr.log; its last lines say
# why it died), with its pid (NAME.pid) while it runs.
STACK_LOG_DIR="${STACK_LOG_DIR:-$PROJECT_ROOT/.data/logs}"
# A process that dies within this many seconds of its start failed quickly;
# after this many quick failures in a row the stack gives up.
STACK_QUICK_FAILURE_S="${STACK_QUICK_FAILURE_S:-60}"
STACK_MAX_QUICK_FAILURES="${STACK_MAX_QUICK_FAILURES:-3}"

declare -A STACK_PID=()      # name -> pid
declare -A STACK_STARTED=()  # name -> $SECONDS at its start
declare -A STACK_FAILURES=() # name -> quick failures in a row
STACK_NAMES=()
BACKEND_ARGS=()
STACK_STOPPING=0

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

# The built backend (`backstage-cli package build` of packages/backend: the
# backend and every workspace package it uses, compiled to dist/, with the
# frontend's dist) instead of transforming TypeScript at each start.
# STACK_BACKEND=source runs src/index.ts as before (bench/run.sh's stock
# comparison, debugging); dev (scripts/dev.sh) keeps hot reload either way.
STACK_BACKEND="${STACK_BACKEND:-bundle}"
# Where the bundle is unpacked to run in place: its workspace packages under
# their repository paths, a node_modules of links to the repository's (the
# production install the image makes, without installing anything).
BACKEND_BUNDLE_DIR="${BACKEND_BUNDLE_DIR:-$PROJECT_ROOT/.data/backend-bundle}"

# Rebuilds the backend bundle when a source of it (or the frontend's build,
# which it carries) is newer than the last bundle, and unpacks it.
build_backend_if_stale() {
  [ "$STACK_BACKEND" = bundle ] || return 0
  local bundle="$PROJECT_ROOT/packages/backend/dist/bundle.tar.gz"
  if [ ! -f "$bundle" ] || [ -n "$(find "$PROJECT_ROOT/packages/backend/src" \
      "$PROJECT_ROOT/packages/backend/package.json" "$PROJECT_ROOT"/plugins/*/src \
      "$PROJECT_ROOT"/plugins/*/migrations "$PROJECT_ROOT"/plugins/*/package.json \
      "$PROJECT_ROOT"/plugins/*/config.d.ts "$PROJECT_ROOT/packages/app/dist/index.html" \
      "$PROJECT_ROOT/yarn.lock" -newer "$bundle" -print -quit 2>/dev/null)" ]; then
    echo "==> building the backend (backstage-cli package build)" >&2
    (cd "$PROJECT_ROOT/packages/backend" && yarn build) >&2
  fi
  local stamp="$BACKEND_BUNDLE_DIR/.unpacked"
  if [ -f "$stamp" ] && [ ! "$bundle" -nt "$stamp" ]; then
    return 0
  fi
  rm -rf "$BACKEND_BUNDLE_DIR"
  mkdir -p "$BACKEND_BUNDLE_DIR/node_modules/@internal"
  tar xzf "$bundle" -C "$BACKEND_BUNDLE_DIR"
  local entry name pkg dir
  for entry in "$PROJECT_ROOT"/node_modules/* "$PROJECT_ROOT"/node_modules/.bin; do
    name=${entry##*/}
    case $name in @internal | app | backend) continue ;; esac
    ln -s "$entry" "$BACKEND_BUNDLE_DIR/node_modules/$name"
  done
  # The workspace packages resolve to their built copies in the bundle.
  for pkg in "$BACKEND_BUNDLE_DIR"/packages/*/package.json "$BACKEND_BUNDLE_DIR"/plugins/*/package.json; do
    dir=${pkg%/package.json}
    name=$(node -p 'require(process.argv[1]).name' "$pkg")
    ln -s "$dir" "$BACKEND_BUNDLE_DIR/node_modules/$name"
    # What yarn could not hoist stays beside the package.
    [ -d "$PROJECT_ROOT/${dir#"$BACKEND_BUNDLE_DIR"/}/node_modules" ] &&
      ln -s "$PROJECT_ROOT/${dir#"$BACKEND_BUNDLE_DIR"/}/node_modules" "$dir/node_modules"
  done
  touch "$stamp"
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

# Stops every process of the stack: TERM, then KILL after 15 s.
stop_stack() {
  local name pid
  for name in "${!STACK_PID[@]}"; do
    kill -TERM "${STACK_PID[$name]}" 2>/dev/null || true
  done
  for name in "${!STACK_PID[@]}"; do
    pid=${STACK_PID[$name]}
    for _ in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -f "$STACK_LOG_DIR/$name.pid"
  done
  STACK_PID=()
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_process NAME: starts the sandbox or the backend in the background,
# its stderr both on ours and in $STACK_LOG_DIR/NAME.stderr.log.
start_process() {
  local name=$1
  local log="$STACK_LOG_DIR/$name.stderr.log"
  [ -f "$log" ] && mv -f "$log" "$log.1"
  case $name in
    sandbox)
      node "$PROJECT_ROOT/packages/sandbox/bin/sandbox" --port 7010 \
        --state-dir "$SANDBOX_STATE_DIR" 2> >(tee "$log" >&2) &
      ;;
    backend)
      # From packages/backend either way: the config's relative paths
      # (catalog files, templates) are relative to it.
      if [ "$STACK_BACKEND" = bundle ]; then
        (cd "$PROJECT_ROOT/packages/backend" &&
          exec node --enable-source-maps \
            "$BACKEND_BUNDLE_DIR/packages/backend/dist/index.cjs.js" \
            --config ../../app-config.yaml "${BACKEND_ARGS[@]}") \
          2> >(tee "$log" >&2) &
      else
        (cd "$PROJECT_ROOT/packages/backend" &&
          exec node --enable-source-maps \
            --require @backstage/cli-node/config/nodeTransform.cjs \
            src/index.ts --config ../../app-config.yaml "${BACKEND_ARGS[@]}") \
          2> >(tee "$log" >&2) &
      fi
      ;;
    *)
      echo "error: no stack process named $name" >&2
      return 1
      ;;
  esac
  STACK_PID[$name]=$!
  STACK_STARTED[$name]=$SECONDS
  # For whoever wants to restart one process (an e2e helper kills it; the
  # supervisor brings it back with the same state).
  echo "${STACK_PID[$name]}" >"$STACK_LOG_DIR/$name.pid"
}

ready_url() {
  case $1 in
    sandbox) echo "$SANDBOX_URL/admin/health" ;;
    backend) echo "$PORTAL_URL/.backstage/health/v1/readiness" ;;
  esac
}

# start_stack [backend args...]: sandbox first (the backend discovers the IdP
# at start), then the backend in production mode.
start_stack() {
  local port name
  for port in 7007 7010; do
    if port_in_use "$port"; then
      echo "error: port $port is already in use; stop the other portal first" >&2
      return 1
    fi
  done
  trap 'STACK_STOPPING=1; stop_stack; exit 130' INT
  trap 'STACK_STOPPING=1; stop_stack; exit 143' TERM
  trap 'STACK_STOPPING=1; stop_stack' EXIT
  mkdir -p "$PROJECT_ROOT/.data/sqlite" "$SANDBOX_STATE_DIR" "$STACK_LOG_DIR"
  SANDBOX_STATE_DIR="$(cd "$SANDBOX_STATE_DIR" && pwd)"
  export SANDBOX_STATE_DIR
  BACKEND_ARGS=("$@")
  STACK_NAMES=(sandbox backend)

  for name in "${STACK_NAMES[@]}"; do
    STACK_FAILURES[$name]=0
    start_process "$name"
    wait_for_url "$(ready_url "$name")" "$name" "${STACK_PID[$name]}" || {
      failed_start "$name"
      return 1
    }
  done
}

# failed_start NAME: a start that did not become ready; stops the process if
# it still runs (not ready in time) and reports how it ended.
failed_start() {
  local name=$1 status=0
  kill -TERM "${STACK_PID[$name]}" 2>/dev/null || true
  wait "${STACK_PID[$name]}" 2>/dev/null || status=$?
  report_exit "$name" "$status"
}

# report_exit NAME STATUS: which process died, how, and its last words.
report_exit() {
  local name=$1 status=$2 how
  if [ "$status" -gt 128 ]; then
    how="was killed by SIG$(kill -l $((status - 128)) 2>/dev/null || echo "$((status - 128))")"
  else
    how="exited with code $status"
  fi
  # Its stderr goes through tee, which may write the last lines a moment later.
  sleep 0.3
  {
    echo
    echo "==> the $name (pid ${STACK_PID[$name]}) $how after $((SECONDS - STACK_STARTED[$name])) s; the last lines of its stderr:"
    tail -n 20 "$STACK_LOG_DIR/$name.stderr.log" 2>/dev/null | sed 's/^/    | /'
    echo "    (all of it: $STACK_LOG_DIR/$name.stderr.log)"
  } >&2
}

# restart_process NAME: starts it again after a back-off (1, 2, 4 ... s) and
# waits until it is ready; gives up (status 1) after
# $STACK_MAX_QUICK_FAILURES quick failures in a row.
restart_process() {
  local name=$1 delay
  while :; do
    if [ $((SECONDS - STACK_STARTED[$name])) -lt "$STACK_QUICK_FAILURE_S" ]; then
      STACK_FAILURES[$name]=$((STACK_FAILURES[$name] + 1))
    else
      STACK_FAILURES[$name]=1
    fi
    if [ "${STACK_FAILURES[$name]}" -gt "$STACK_MAX_QUICK_FAILURES" ]; then
      echo "==> the $name failed ${STACK_FAILURES[$name]} times in a row within ${STACK_QUICK_FAILURE_S} s of its start: giving up, stopping the portal" >&2
      return 1
    fi
    delay=$((1 << (STACK_FAILURES[$name] - 1)))
    echo "==> restarting the $name in $delay s (quick failure ${STACK_FAILURES[$name]} of $STACK_MAX_QUICK_FAILURES allowed)" >&2
    sleep "$delay"
    [ "$STACK_STOPPING" = 1 ] && return 1
    start_process "$name"
    if wait_for_url "$(ready_url "$name")" "$name" "${STACK_PID[$name]}"; then
      echo "==> the $name is back (pid ${STACK_PID[$name]})" >&2
      return 0
    fi
    failed_start "$name"
  done
}

# Watches the stack until Ctrl-C (or TERM): a process that dies is reported
# and restarted; the portal stops only when one keeps failing.
wait_stack() {
  local pid status name
  while [ "$STACK_STOPPING" = 0 ]; do
    pid=
    status=0
    wait -n -p pid "${STACK_PID[@]}" || status=$?
    [ "$STACK_STOPPING" = 1 ] && break
    [ -n "$pid" ] || continue
    for name in "${!STACK_PID[@]}"; do
      if [ "${STACK_PID[$name]}" = "$pid" ]; then
        report_exit "$name" "$status"
        restart_process "$name" || {
          stop_stack
          return 1
        }
        break
      fi
    done
  done
}
