# The portal's image: the backend bundle (packages/backend) serving the built
# frontend (packages/app, through the app-backend plugin) on :7007.
#
#   docker build -t portal:$(git rev-parse --short HEAD) .
#
# The same steps without a container tool: scripts/image-build-steps.sh.
#
# Base: Debian 12 "bookworm" slim with Node 22, the Node line the repository
# pins (scripts/env.sh; Node 24 breaks better-sqlite3 < 13). A tag, not a
# digest: rebuilds pick up Debian's and Node's security patches; pin the digest
# in your registry's mirror if you need bit-for-bit rebuilds.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

# --- build: the whole repository, dev dependencies included -----------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 (the embedded default's database) compiles from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 g++ make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN yarn install --immutable \
    && yarn tsc \
    # Builds the frontend too (app is a bundled dependency of the backend).
    && yarn build:backend \
    # Source maps would give away the frontend's sources (the backend also
    # refuses *.map, packages/backend/src/sourceMaps.ts).
    && find packages/app/dist -name '*.map' -delete

# --- deps: production dependencies only, from the bundle's skeleton ---------
FROM ${NODE_IMAGE} AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 g++ make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/.yarnrc.yml /src/package.json /src/yarn.lock ./
COPY --from=build /src/.yarn/releases ./.yarn/releases
COPY --from=build /src/packages/backend/dist/skeleton.tar.gz ./
RUN tar xzf skeleton.tar.gz && rm skeleton.tar.gz \
    && yarn workspaces focus --all --production \
    && rm -rf "$(yarn config get cacheFolder)"

# --- runtime: no compiler, no dev dependencies, no sources ------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app ./
COPY --from=build --chown=node:node /src/packages/backend/dist/bundle.tar.gz ./
RUN tar xzf bundle.tar.gz && rm bundle.tar.gz \
    && find . -name '*.map' -not -path './node_modules/*' -delete
# What the production config reads relative to /app: the portal's own catalog
# entity and the Terraform the provisioning plugin uploads (configuration.root).
COPY --chown=node:node app-config.yaml app-config.production.yaml catalog-info.yaml ./
COPY --chown=node:node infra/modules ./infra/modules
COPY --chown=node:node infra/stacks ./infra/stacks
# The CloudFormation engine's default template (plugins/provisioning-node).
COPY --chown=node:node infra/cloudformation ./infra/cloudformation
# The templates the Paved road keeps services on (pavedRoad.templates). The
# build context has no git history: pack each earlier version beside its
# template first (the backend reads templates/<name>/versions/<semver>/):
#   bash plugins/paved-road-backend/scripts/pack-template-versions.sh \
#     templates/microservice templates/microservice/versions
COPY --chown=node:node templates ./templates
# The image's own user (uid 1000), never root; the chart runs it read-only.
USER node
EXPOSE 7007
CMD ["node", "packages/backend", "--config", "app-config.yaml", "--config", "app-config.production.yaml"]
