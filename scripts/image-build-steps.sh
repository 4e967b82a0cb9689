#!/usr/bin/env bash
# The Dockerfile's build steps without a container tool, then a smoke test of
# the result: the production bundle starts from a temporary directory on the
# production config (PostgreSQL + Redis) and answers readiness.
#
#   bash scripts/image-build-steps.sh        # ~6 min on 2 cores (see README)
#
# Needs BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (a PostgreSQL 15
# server; a fresh database is created and dropped) and Debian's redis-server.
# Binds free ports only. Leaves nothing behind but its log on failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PROJECT_ROOT"
ensure_apt_package redis-server
: "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:?a PostgreSQL 15 server is needed}"

started=$SECONDS
step() { echo "==> [$((SECONDS - started))s] $*" >&2; }
WORK="$(mktemp -d /tmp/portal-image.XXXXXX)"
DB="portal_image_$RANDOM$RANDOM"
PG_URL="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING%/}"
BACKEND_PID="" REDIS_PID=""
cleanup() {
  [ -n "$BACKEND_PID" ] && kill "$BACKEND_PID" 2>/dev/null && wait "$BACKEND_PID" 2>/dev/null
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null
  psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
PATH="/usr/lib/postgresql/15/bin:$PATH"

# --- build stage -----------------------------------------------------------
step "yarn tsc"
yarn tsc
step "backend bundle (packages/backend, builds the frontend too)"
yarn build:backend >"$WORK/build.log" 2>&1 || { grep -v '^app: ' "$WORK/build.log" | tail -20 >&2; exit 1; }

# --- deps stage: production dependencies from the skeleton -----------------
step "production install in $WORK"
cp .yarnrc.yml package.json yarn.lock "$WORK/"
mkdir -p "$WORK/.yarn" && cp -r .yarn/releases "$WORK/.yarn/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$WORK"
(cd "$WORK" && yarn workspaces focus --all --production >"$WORK/install.log" 2>&1) ||
  { tail -30 "$WORK/install.log" >&2; exit 1; }
if [ -d "$WORK/node_modules/@backstage/cli" ] || [ -d "$WORK/node_modules/jest" ]; then
  echo "dev dependencies in the production install" >&2; exit 1
fi

# --- runtime stage ---------------------------------------------------------
tar xzf packages/backend/dist/bundle.tar.gz -C "$WORK"
find "$WORK" -name '*.map' -not -path "$WORK/node_modules/*" -delete
cp app-config.yaml app-config.production.yaml catalog-info.yaml "$WORK/"
mkdir -p "$WORK/infra" && cp -r infra/modules infra/stacks infra/cloudformation "$WORK/infra/"
# The templates the Paved road keeps services on (pavedRoad.templates of
# app-config.production.yaml). The image has no git history: each earlier
# version is packed beside its template (versions/<semver>/), where the
# backend's TemplateVersions reads it.
mkdir -p "$WORK/templates" && cp -r templates/microservice "$WORK/templates/"
rm -rf "$WORK/templates/microservice/versions"
packed="$(bash plugins/paved-road-backend/scripts/pack-template-versions.sh \
  templates/microservice "$WORK/templates/microservice/versions")"
for version in $packed; do
  [ -f "$WORK/templates/microservice/versions/$version/template.yaml" ] &&
    [ -d "$WORK/templates/microservice/versions/$version/skeleton" ] ||
    { echo "template version $version not packed" >&2; exit 1; }
done
step "earlier template versions packed: $(echo ${packed:-none}) (the current one is the folder)"
if find "$WORK" -name '*.map' -not -path "$WORK/node_modules/*" | grep -q .; then
  echo "source maps left in the image" >&2; exit 1
fi
step "image contents: $(du -sh "$WORK" | cut -f1)"

# --- smoke: the bundle on the production config ----------------------------
psql "$PG_URL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PORT="$(free_port)"
# Only what the chart's ConfigMap/ExternalSecret would set differently here:
# a free port and one database for every plugin.
cat >"$WORK/app-config.smoke.yaml" <<YAML
backend:
  listen: 127.0.0.1:$PORT
  database:
    pluginDivisionMode: schema
    ensureSchemaExists: true
    connection:
      database: $DB
YAML
pg_host="$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname+" "+(u.port||5432)+" "+(decodeURIComponent(u.username)||"postgres")+" "+decodeURIComponent(u.password))' "$PG_URL")"
read -r PGH PGP PGU PGPW <<<"$pg_host"
step "starting the bundle on :$PORT"
(
  cd "$WORK"
  export PORTAL_BASE_URL="http://127.0.0.1:$PORT" POSTGRES_HOST="$PGH" POSTGRES_PORT="$PGP" \
    POSTGRES_USER="$PGU" POSTGRES_PASSWORD="${PGPW:-unused}" REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
    AUTH_SESSION_SECRET=smoke OIDC_METADATA_URL=http://127.0.0.1:9/.well-known/openid-configuration \
    OIDC_CLIENT_ID=portal OIDC_CLIENT_SECRET=smoke GITHUB_TOKEN=smoke \
    EKS_DEV_API_URL=https://127.0.0.1:9 EKS_STAGING_API_URL=https://127.0.0.1:9 EKS_PROD_API_URL=https://127.0.0.1:9 \
    EKS_DEV_CA_DATA=LS0t EKS_STAGING_CA_DATA=LS0t EKS_PROD_CA_DATA=LS0t \
    TFC_ORGANIZATION=smoke TFC_TOKEN=smoke ARGOCD_URL=http://127.0.0.1:9 ARGOCD_TOKEN=smoke \
    GRAFANA_URL=http://127.0.0.1:9 GRAFANA_PUBLIC_URL=http://127.0.0.1:9 GRAFANA_TOKEN=smoke \
    JAEGER_QUERY_URL=http://127.0.0.1:9 JAEGER_UI_URL=http://127.0.0.1:9 LOGS_DISCOVER_URL=http://127.0.0.1:9 \
    PROMETHEUS_DEV_URL=http://127.0.0.1:9 PROMETHEUS_STAGING_URL=http://127.0.0.1:9 PROMETHEUS_PROD_URL=http://127.0.0.1:9
  exec node packages/backend --config app-config.yaml --config app-config.production.yaml \
    --config app-config.smoke.yaml
) >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fs "$base/.backstage/health/v1/readiness" >/dev/null 2>&1 && break
  kill -0 "$BACKEND_PID" 2>/dev/null || { tail -40 "$WORK/backend.log" >&2; exit 1; }
  sleep 1
done
curl -fs "$base/.backstage/health/v1/readiness" >/dev/null || { tail -40 "$WORK/backend.log" >&2; echo "not ready" >&2; exit 1; }
curl -fs "$base/.backstage/health/v1/liveness" >/dev/null
curl -fs "$base/" | grep -q '<div id="root">' || { echo "the frontend is not served" >&2; exit 1; }
js="$(curl -fs "$base/" | grep -o 'static/[^"]*\.js' | head -1)"
code="$(curl -s -o /dev/null -w '%{http_code}' "$base/$js.map")"
[ "$code" = 404 ] || { echo "source map served ($code)" >&2; exit 1; }
if grep -q "events backend not found" "$WORK/backend.log"; then
  echo "events backend not reached" >&2; exit 1
fi
step "OK: ready, frontend served, no source maps, events on the bus ($((SECONDS - started))s)"
