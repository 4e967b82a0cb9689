import express, { RequestHandler, Router } from 'express';
import path from 'node:path';
import { JsonStateFile } from '../../state/JsonStateFile';
import { SimulatorFactory } from '../types';
import { archivistRoutes, processUpload } from './archivistRoutes';
import { ConfigurationArchives } from './ConfigurationArchives';
import { configurationVersionRoutes } from './configurationVersionRoutes';
import { TfcContext } from './context';
import { Documents } from './documents';
import { JSON_API, sendErrors, sendNotFound } from './jsonApi';
import { outputRoutes } from './outputRoutes';
import { RunEngine } from './RunEngine';
import { RunListRateLimiter } from './RunListRateLimiter';
import { runRoutes } from './runRoutes';
import { TfcStore } from './TfcStore';
import { variableRoutes } from './variableRoutes';
import { workspaceRoutes } from './workspaceRoutes';
import { answerErrors, errorStatus } from '../../http/express';

/**
 * Headers Terraform Cloud sends on every API answer; go-tfe reads them from
 * `GET /api/v2/ping` when a client is made (`RemoteAPIVersion`, `IsCloud`
 * from `TFP-AppName`, its rate limiter from `X-RateLimit-Limit`). Terraform's
 * `cloud` block needs API version 2.5 or later.
 */
const API_HEADERS = {
  'TFP-API-Version': '2.6',
  'TFP-AppName': 'HCP Terraform',
  'X-RateLimit-Limit': '30',
};

/** Options of {@link tfcSimulator}. */
export interface TfcSimulatorOptions {
  /**
   * The organizations that exist (default: `acme`). Cost estimation is on
   * unless `costEstimation: false`; with it, runs pass through
   * cost_estimating and cost_estimated and wait for confirmation there.
   */
  organizations?: (string | { name: string; costEstimation?: boolean })[];
  /** The one valid API token; it sees every organization. Default `sandbox-tfc-token`. */
  token?: string;
  /** Time between two run statuses, and to process an upload. Default 500 ms. */
  stepMs?: number;
  /** How long a new state's outputs answer 503 "being processed". Default: `stepMs`. */
  outputsProcessingMs?: number;
  /** Run listings allowed per minute and token. Default 30, as Terraform Cloud. */
  runListsPerMinute?: number;
}

/**
 * Terraform Cloud (API v2, `/tfc/api/v2/...`) for the provisioning plugin:
 * organizations, workspaces with tag bindings, variables, configuration
 * versions with tar.gz uploads, runs that move through their real statuses
 * on timers, plans, applies, cost estimates and state outputs derived from
 * the variables. See ./tiers.ts for how variables become resources.
 */
export function tfcSimulator(
  options: TfcSimulatorOptions = {},
): SimulatorFactory {
  const token = options.token ?? 'sandbox-tfc-token';
  const stepMs = options.stepMs ?? 500;
  const organizations = (options.organizations ?? ['acme']).map(org =>
    typeof org === 'string'
      ? { name: org, costEstimation: true }
      : { name: org.name, costEstimation: org.costEstimation ?? true },
  );

  return {
    name: 'tfc',
    async create({ mountUrl, stateDir, world }) {
      const apiUrl = `${mountUrl}/api/v2`;
      const store = new TfcStore(organizations);
      // Everything users did (workspaces, runs, states), saved after every
      // change and taken back at start; the archives sit beside it.
      const stateFile = new JsonStateFile<unknown>(
        path.join(stateDir, 'tfc.json'),
      );
      const save = () => stateFile.save(() => store.snapshot());
      const archives = new ConfigurationArchives(
        path.join(stateDir, 'archives'),
      );
      const engine = new RunEngine(store, {
        stepMs,
        outputsProcessingMs: options.outputsProcessingMs ?? stepMs,
        onChange: save,
        onError: error => world.recordError('tfc/run', error),
      });
      const urls = {
        apiUrl,
        apiPath: new URL(apiUrl).pathname,
        objectUrl: `${mountUrl}/archivist/v1/object`,
      };
      const ctx: TfcContext = {
        store,
        engine,
        urls,
        documents: new Documents(store, engine, urls),
        runListLimiter: new RunListRateLimiter(options.runListsPerMinute ?? 30),
        stepMs,
        archives,
      };

      const saved = stateFile.load();
      if (saved !== undefined) {
        try {
          store.restore(saved);
          // Uploads stored but not processed when the process stopped.
          for (const version of store.configurationVersions.values()) {
            const archive =
              version.status === 'pending'
                ? archives.read(version.id)
                : undefined;
            if (archive) {
              processUpload(ctx, version, archive);
            }
          }
          engine.resume();
        } catch (error) {
          // A state file that does not fit must not stop the sandbox.
          console.error(
            `tfc simulator: ignoring the saved state in ${stateFile.file}`,
            error,
          );
          engine.reset();
          store.reset();
        }
      }

      const authenticate: RequestHandler = (req, res, next) => {
        if (req.headers.authorization !== `Bearer ${token}`) {
          // 401 is only for a missing or bad token; a good token without
          // access gets 404, as everywhere in Terraform Cloud.
          sendErrors(res, 401, [{ title: 'unauthorized' }]);
          return;
        }
        next();
      };

      const api = Router();
      api.use((req, res, next) => {
        res.set(API_HEADERS);
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.once('finish', save);
        }
        next();
      });
      // A no-op for clients to read the headers with (no token needed).
      api.get('/ping', (_req, res) => {
        res.status(204).end();
      });
      api.use(authenticate);
      api.use(express.json({ type: [JSON_API, 'application/json'] }));
      workspaceRoutes(api, ctx);
      variableRoutes(api, ctx);
      configurationVersionRoutes(api, ctx);
      runRoutes(api, ctx);
      outputRoutes(api, ctx);
      api.use((_req, res) => sendNotFound(res));
      const bodyErrors = answerErrors((error, res) => {
        const status = errorStatus(error);
        sendErrors(res, status, [
          {
            title: status === 400 ? 'bad request' : 'internal error',
            detail:
              error?.type === 'entity.parse.failed'
                ? `The body is not valid JSON: ${error.message}`
                : String(error?.message ?? error),
          },
        ]);
      });
      api.use(bodyErrors);

      const router = Router();
      router.use('/api/v2', api);
      router.use('/archivist', (req, res, next) => {
        if (req.method === 'PUT') res.once('finish', save);
        next();
      });
      archivistRoutes(router, ctx);

      return {
        handler: router,
        reset() {
          engine.reset();
          store.reset();
          ctx.runListLimiter.reset();
          stateFile.clear();
          archives.clear();
        },
        close() {
          // Timers stop with the process; what they did so far is saved.
          engine.reset();
          stateFile.flush();
        },
      };
    },
  };
}
