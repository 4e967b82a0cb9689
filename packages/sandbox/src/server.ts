import express from 'express';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdminRouter } from './admin/adminRouter';
import { acceptTlsToo } from './dualProtocol';
import { CallCounter } from './admin/CallCounter';
import { FaultInjector } from './admin/FaultInjector';
import { argocdSimulator } from './simulators/argocd';
import { cloudformationSimulator } from './simulators/cloudformation';
import { elasticsearchSimulator } from './simulators/elasticsearch';
import { githubSimulator } from './simulators/github';
import { grafanaSimulator } from './simulators/grafana';
import { identitySimulator } from './simulators/identity';
import { jaegerSimulator } from './simulators/jaeger';
import { kubernetesSimulator } from './simulators/kubernetes';
import { prometheusSimulator } from './simulators/prometheus';
import { tfcSimulator } from './simulators/tfc';
import { Simulator, SimulatorFactory } from './simulators/types';
import { World } from './world/World';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** The URL browsers use to reach the sandbox; defaults to http://localhost:<port>. */
  publicUrl?: string;
  /** Catalog files describing the sample world. */
  worldDir?: string;
  /** The portal's base URL, for the OIDC client's redirect URI. */
  portalUrl?: string;
  /**
   * The simulators to mount; defaults to every real simulator. Tests of the
   * admin API pass stand-ins here (the identity simulator needs oidc-provider,
   * an ES module that jest cannot load).
   */
  simulators?: SimulatorFactory[];
  /**
   * Where simulators keep what must survive a restart (`.data/sandbox` for
   * `scripts/start.sh`); a temporary directory, removed on close, when absent.
   */
  stateDir?: string;
  /**
   * Plays the template's CI workflow (a push to main builds and deploys to
   * dev); off unless given. `scripts/start.sh` turns it on, the Playwright
   * suite plays CI itself (`SANDBOX_CI=off`), for determinism.
   */
  ci?: { delayMs?: number };
}

export interface Sandbox {
  url: string;
  world: World;
  close(): Promise<void>;
}

// The sandbox runs from its sources (bin/sandbox) and is never built, so
// __dirname is the real src/ directory.
// eslint-disable-next-line no-restricted-syntax
export const DEFAULT_WORLD_DIR = path.resolve(__dirname, '..', 'world');

/** Starts every simulator behind one HTTP port, plus the admin API at /admin. */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const world = World.fromCatalogDirectory(
    options.worldDir ?? DEFAULT_WORLD_DIR,
  );
  const temporaryState = !options.stateDir;
  const stateDir =
    options.stateDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
  const worldState = world.persist(path.join(stateDir, 'world'));
  const faults = new FaultInjector();
  const calls = new CallCounter();
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  // HTTPS on the same port once a simulator brings a certificate.
  const tls = acceptTlsToo(server, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7010, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = (options.publicUrl ?? `http://localhost:${port}`).replace(
    /\/$/,
    '',
  );

  const factories: SimulatorFactory[] = options.simulators ?? [
    identitySimulator({
      portalUrl: options.portalUrl ?? 'http://localhost:7007',
    }),
    tfcSimulator(),
    // Sample services are deployed from repositories in the GitHub simulator.
    argocdSimulator({ sampleRepositories: true, ci: options.ci }),
    // Serves what the Argo CD simulator deploys (the World's cluster registry).
    kubernetesSimulator(),
    // Alerts on the sandbox's compressed rollout clock: a bad canary's
    // error-rate rule is pending at once and firing 30 s later.
    grafanaSimulator({
      alertTiming: { evaluationIntervalMs: 10_000, pendingPeriodMs: 30_000 },
    }),
    jaegerSimulator(),
    prometheusSimulator(),
    elasticsearchSimulator(),
    githubSimulator(),
    cloudformationSimulator(),
  ];
  const simulators: { name: string; simulator: Simulator }[] = [];
  for (const factory of factories) {
    let simulator: Simulator;
    try {
      simulator = await factory.create({
        world,
        baseUrl,
        mountUrl: `${baseUrl}/${factory.name}`,
        stateDir: path.join(stateDir, factory.name),
      });
    } catch (error) {
      // Free the port: a sandbox that failed to start must not keep it.
      server.close();
      throw error;
    }
    simulators.push({ name: factory.name, simulator });
    if (simulator.tls) {
      tls.useCertificate(simulator.tls);
    }
    app.use(
      `/${factory.name}`,
      calls.middleware(factory.name),
      faults.middleware(factory.name, simulator.faultBody?.bind(simulator)),
      simulator.handler,
    );
  }

  // Until every simulator's `start` has settled, health says `starting`.
  let started = false;
  app.use(
    '/admin',
    createAdminRouter({
      world,
      faults,
      calls,
      simulatorNames: simulators.map(s => s.name),
      isStarted: () => started,
      resetSimulators: async () => {
        for (const { simulator } of simulators) {
          await simulator.reset?.();
        }
      },
    }),
  );
  // After every mount and the admin API, so a root handler (GitHub's
  // /<owner>/<repo>) can never shadow them.
  for (const { simulator } of simulators) {
    if (simulator.rootHandler) {
      app.use(simulator.rootHandler);
    }
  }
  void Promise.allSettled(
    simulators.map(({ simulator }) => simulator.start?.()),
  ).then(() => {
    started = true;
  });
  app.use((req, res) => {
    res
      .status(404)
      .json({ error: `no simulator serves ${req.method} ${req.path}` });
  });

  return {
    url: baseUrl,
    world,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        tls.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      });
      for (const { simulator } of simulators) {
        await simulator.close?.();
      }
      worldState.flush();
      if (temporaryState) {
        fs.rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}
