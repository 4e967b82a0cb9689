#!/usr/bin/env bash
# Builds, once, the stock app that `@backstage/create-app` makes for our
# Backstage release (backstage.json), for bench/run.sh --stock to measure
# next to the portal. Prints the app's directory on stdout.
#   bash bench/stock-app.sh [--force]
# Cached outside the repository, in
# ${XDG_CACHE_HOME:-$HOME/.cache}/portal-bench/stock-<create-app version>
# (PORTAL_BENCH_CACHE overrides the parent). --force builds it again.
# The app is made non-interactively (--skip-install, then `yarn install`
# with scripts/env.sh's Node 22 and the template's own Yarn), and built as
# scripts/start.sh builds ours: the frontend's production build, then
# `backstage-cli package build` of the backend.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"

force=0
[ "${1:-}" = --force ] && force=1

release=$(node -p 'require(process.argv[1]).version' "$PROJECT_ROOT/backstage.json")
cache="${PORTAL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/portal-bench}"
mkdir -p "$cache"

# create-app's own version says nothing about the release its template pins:
# each version carries the release in dist/package.json.cjs.js (the template's
# backstage.json is `{{version 'root'}}`). Newest first; remembered per release.
map="$cache/create-app-for-$release"
if [ ! -s "$map" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  found=
  for v in $(npm view @backstage/create-app versions --json |
    node -e 'const v=JSON.parse(require("fs").readFileSync(0,"utf8")).filter(x=>!x.includes("-"));console.log(v.reverse().slice(0,8).join(" "))'); do
    rm -rf "$work/package" "$work"/*.tgz
    (cd "$work" && npm pack --silent "@backstage/create-app@$v" >/dev/null && tar xzf ./*.tgz)
    pinned=$(node -p 'require(process.argv[1]).version' "$work/package/dist/package.json.cjs.js")
    echo "    @backstage/create-app@$v pins Backstage $pinned" >&2
    if [ "$pinned" = "$release" ]; then
      found=$v
      break
    fi
  done
  [ -n "$found" ] || {
    echo "error: no recent @backstage/create-app pins Backstage $release" >&2
    exit 1
  }
  echo "$found" >"$map"
fi
version=$(cat "$map")
app="$cache/stock-$version"

if [ "$force" = 0 ] && [ -f "$app/.built" ]; then
  echo "$app"
  exit 0
fi

echo "==> stock app: @backstage/create-app@$version (Backstage $release) in $app" >&2
rm -rf "$app"
tool="$cache/create-app-$version"
if [ ! -x "$tool/node_modules/.bin/backstage-create-app" ]; then
  mkdir -p "$tool"
  npm install --silent --no-audit --no-fund --prefix "$tool" "@backstage/create-app@$version" >&2
fi
# BACKSTAGE_APP_NAME answers the one prompt. Its yarn.lock seed comes from
# GitHub (unreachable here: it gives up after 3 s and keeps the template's).
(cd "$cache" && BACKSTAGE_APP_NAME=stock "$tool/node_modules/.bin/backstage-create-app" \
  --skip-install --path "$app") >&2

cd "$app"
# The template's caret ranges resolve to whatever is newest on the registry
# (its yarn.lock seed is unreachable), which mixes releases (a signals
# backend newer than its backend-defaults fails at start). Pinned to the
# portal's own @backstage versions: stock and ours differ by our code only.
node "$PROJECT_ROOT/bench/lib/pinStockVersions.cjs" "$app" "$PROJECT_ROOT" >&2
# The template pins its own Yarn (yarnPath); our `yarn` hands over to it.
echo "==> stock app: yarn install" >&2
yarn install >&2
echo "==> stock app: yarn workspace app build" >&2
yarn workspace app build >&2
echo "==> stock app: yarn workspace backend build" >&2
yarn workspace backend build >&2
# Unpacked to run in place as scripts/lib/stack.sh runs ours: the bundle's
# packages, a node_modules of links to the app's own install.
mkdir -p "$app/bundle/node_modules"
tar xzf "$app/packages/backend/dist/bundle.tar.gz" -C "$app/bundle"
for entry in "$app"/node_modules/* "$app"/node_modules/.bin; do
  case ${entry##*/} in app | backend) continue ;; esac
  ln -s "$entry" "$app/bundle/node_modules/${entry##*/}"
done
for name in app backend; do
  [ -d "$app/bundle/packages/$name" ] && ln -s "$app/bundle/packages/$name" "$app/bundle/node_modules/$name"
done
touch "$app/.built"
echo "$app"
