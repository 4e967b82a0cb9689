/*
 * A Backstage backend with the real @backstage/plugin-kubernetes-backend, run
 * as a script by backstageKubernetesBackend.test.ts:
 *
 *   PORTAL_TEST_PORT=7999 PORTAL_TEST_KUBERNETES='{...}' \
 *   PORTAL_TEST_WORLD_DIR=packages/sandbox/world \
 *   node --require @backstage/cli-node/config/nodeTransform.cjs portalKubernetesBackend.ts
 *
 * It is Backstage's createBackend() with every default service; only the
 * config, the root logger and the catalog are stand-ins (the catalog answers
 * from the sandbox's catalog files, which the portal's catalog also loads).
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const port = Number(process.env.PORTAL_TEST_PORT);
const kubernetes = JSON.parse(process.env.PORTAL_TEST_KUBERNETES ?? '{}');
const worldDir = process.env.PORTAL_TEST_WORLD_DIR ?? '';

/** Warnings and errors only, on stderr: the test shows them when start-up fails. */
const logger: RootLoggerService = {
  child: () => logger,
  error: message => process.stderr.write(`error: ${message}\n`),
  warn: message => process.stderr.write(`warn: ${message}\n`),
  info: () => {},
  debug: () => {},
};

function worldEntities(): Map<string, Entity> {
  const entities = fs
    .readdirSync(worldDir)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f => yaml.loadAll(fs.readFileSync(path.join(worldDir, f), 'utf8')))
    .filter((e): e is Entity => !!e && typeof e === 'object');
  return new Map(
    entities.map(e => [
      stringifyEntityRef({
        kind: e.kind,
        namespace: e.metadata.namespace ?? 'default',
        name: e.metadata.name,
      }),
      e,
    ]),
  );
}

async function main() {
  const entities = worldEntities();
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () =>
        new ConfigReader({
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            listen: { port, host: '127.0.0.1' },
            database: { client: 'better-sqlite3', connection: ':memory:' },
            auth: { dangerouslyDisableDefaultAuthPolicy: true },
          },
          permission: { enabled: false },
          kubernetes,
        }),
    }),
  );
  backend.add(
    createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => logger,
    }),
  );
  backend.add(
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      // The Kubernetes router only looks entities up by ref.
      factory: () =>
        ({
          async getEntityByRef(ref: string | CompoundEntityRef) {
            const parsed = typeof ref === 'string' ? parseEntityRef(ref) : ref;
            return entities.get(stringifyEntityRef(parsed));
          },
        } as any),
    }),
  );
  backend.add(kubernetesPlugin);
  await backend.start();
  process.stdout.write('portal backend started\n');
  process.once('SIGTERM', () => {
    backend.stop().finally(() => process.exit(0));
  });
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
