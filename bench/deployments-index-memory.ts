// The deployments index's own memory: the JS heap it holds per Argo CD
// application at N seeded services x 3 environments (no backend, no
// catalog), and how long the streamed list into it takes. The sandbox runs
// in-process (port 0); its heap is counted before the index is filled, after
// a first list that makes it build every application.
//   source scripts/env.sh
//   node --expose-gc --require @backstage/cli-node/config/nodeTransform.cjs \
//     bench/deployments-index-memory.ts [--services 2000,10000]
import { argocdSimulator, startSandbox } from '../packages/sandbox/src';
import { ArgoCDClient } from '../plugins/deployments-node/src';
import { ApplicationIndex } from '../plugins/deployments-backend/src/service/ApplicationIndex';
import {
  environmentOf,
  summarize,
} from '../plugins/deployments-backend/src/service/summarize';

const sizesArg = process.argv.indexOf('--services');
const SIZES = (sizesArg > 0 ? process.argv[sizesArg + 1] : '2000,10000')
  .split(',')
  .map(Number);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run node with --expose-gc');
const settled = () => {
  gc();
  gc();
  return process.memoryUsage();
};
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

async function main() {
  const sandbox = await startSandbox({
    port: 0,
    simulators: [argocdSimulator({ tickMs: 0 })],
  });
  const base = `${sandbox.url}/argocd`;
  const client = new ArgoCDClient({
    baseUrl: base,
    token: 'sandbox-argocd-token',
  });
  const config = {
    name: 'argocd',
    baseUrl: base,
    webUrl: base,
    environments: ['dev', 'staging', 'prod'],
  } as unknown as Parameters<typeof summarize>[1];
  const kept: ApplicationIndex[] = [];
  try {
    for (const services of SIZES) {
      await fetch(`${sandbox.url}/admin/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ services }),
      });
      await client.forEachApplication({}, () => {});
      const before = settled();
      const index = new ApplicationIndex();
      const t0 = performance.now();
      await client.forEachApplication({}, app => {
        const environment = environmentOf(app);
        if (!environment) return;
        index.upsert(
          summarize(app, config, environment),
          app.metadata?.resourceVersion,
        );
      });
      const listMs = Math.round(performance.now() - t0);
      const after = settled();
      kept.push(index);
      console.log(
        JSON.stringify({
          services,
          applications: index.size,
          listIntoIndexMs: listMs,
          indexHeapMb: mb(after.heapUsed - before.heapUsed),
          bytesPerApplication: Math.round(
            (after.heapUsed - before.heapUsed) / index.size,
          ),
          processRssMb: mb(after.rss),
        }),
      );
      kept.pop();
    }
  } finally {
    await sandbox.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
