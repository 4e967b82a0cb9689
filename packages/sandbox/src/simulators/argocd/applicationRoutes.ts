import { Request, Response, Router } from 'express';
import type {
  applicationApplicationPatchRequest,
  applicationApplicationRollbackRequest,
  applicationApplicationSyncRequest,
  applicationResourceActionRunRequestV2,
  v1alpha1ApplicationList,
} from '@internal/api-argocd';
import {
  applicationNotFound,
  handle,
  ArgoStatusError,
  GrpcCode,
  permissionDenied,
} from './argoErrors';
import { ApplicationStore } from './ApplicationStore';
import {
  applicationFilter,
  ARGOCD_NAMESPACE,
  strings,
  text,
} from './applicationQuery';
import { SimulatedApplication } from './SimulatedApplication';

/** Applications per write of a list response. */
const LIST_SLICE = 500;

/** Writes the chunks, waiting for the socket to drain between them. */
export async function writeAll(
  res: Response,
  chunks: () => Iterable<string>,
): Promise<void> {
  for (const chunk of chunks()) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>(resolve => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
}

/**
 * Argo CD's Application API (paths and semantics of argocd-swagger.json):
 * list, get, resource tree, live resources, resource actions, sync,
 * rollback, patch and terminate.
 */
export function createApplicationRoutes(
  store: ApplicationStore,
  now: () => Date,
): Router {
  const router = Router();
  const timestamp = () => now().toISOString();

  /**
   * Finds an application the way Argo CD's getAppEnforceRBAC does: without
   * a project a missing app is "permission denied" (403), so callers cannot
   * probe which apps exist; with a project it is "not found" (404).
   */
  function findApp(
    name: string,
    scope: { project?: string; appNamespace?: string },
  ): SimulatedApplication {
    if (scope.appNamespace && scope.appNamespace !== ARGOCD_NAMESPACE) {
      throw permissionDenied(); // apps in other namespaces are not enabled
    }
    const app = store.get(name);
    if (!app) {
      throw scope.project ? applicationNotFound(name) : permissionDenied();
    }
    if (scope.project && app.project !== scope.project) {
      throw applicationNotFound(name);
    }
    return app;
  }

  function queryScope(req: Request) {
    return {
      project: text(req.query.project),
      appNamespace: text(req.query.appNamespace),
    };
  }

  function resourceQuery(req: Request) {
    return {
      group: text(req.query.group) ?? '',
      kind: text(req.query.kind),
      namespace: text(req.query.namespace),
      name: text(req.query.resourceName),
    };
  }

  router.get(
    '/api/v1/applications',
    handle(async (req, res) => {
      const matches = applicationFilter(req);
      const apps = store.list().filter(app =>
        matches({
          name: app.name,
          labels: app.labels,
          project: app.project,
          repoURL: app.spec.source?.repoURL,
        }),
      );
      // Assembled from each application's cached JSON: with thousands of
      // apps, serialising the whole list on every request is what is slow.
      const metadata: v1alpha1ApplicationList['metadata'] = {
        resourceVersion: store.resourceVersion,
      };
      res.setHeader('content-type', 'application/json; charset=utf-8');
      // Written in slices as the socket drains (no ETag, unlike res.send):
      // 30,000 apps are 150 MB, which must not be one string in memory.
      await writeAll(res, function* lines() {
        yield `{"metadata":${JSON.stringify(metadata)},"items":[`;
        for (let i = 0; i < apps.length; i += LIST_SLICE) {
          const slice = apps.slice(i, i + LIST_SLICE).map(a => a.toListJson());
          yield `${i > 0 ? ',' : ''}${slice.join(',')}`;
        }
        yield ']}';
      });
      res.end();
    }),
  );

  router.get(
    '/api/v1/applications/:name',
    handle(async (req, res) => {
      const projects = [
        ...strings(req.query.project),
        ...strings(req.query.projects),
      ];
      if (projects.length > 1) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          'multiple projects specified - the get endpoint accepts either zero or one project',
        );
      }
      const app = findApp(req.params.name, {
        project: projects[0],
        appNamespace: text(req.query.appNamespace),
      });
      if (text(req.query.refresh)) {
        // `?refresh=normal|hard`: Argo CD answers after the reconciliation.
        await store.refresh(app);
      }
      res.json(app.toApplication(true));
    }),
  );

  router.get(
    '/api/v1/applications/:applicationName/resource-tree',
    handle((req, res) => {
      res.json(
        findApp(req.params.applicationName, queryScope(req)).resourceTree(),
      );
    }),
  );

  router.get(
    '/api/v1/applications/:name/manifests',
    handle(async (req, res) => {
      const app = findApp(req.params.name, queryScope(req));
      await store.prepare(app, text(req.query.revision));
      const { revision, manifests } = app.manifestsAt(text(req.query.revision));
      res.json({
        manifests,
        namespace: app.service.name,
        revision,
        sourceType: 'Helm',
      });
    }),
  );

  router.get(
    '/api/v1/applications/:name/revisions/:revision/metadata',
    handle(async (req, res) => {
      const app = findApp(req.params.name, queryScope(req));
      await store.prepare(app, req.params.revision);
      res.json(app.revisionMetadata(req.params.revision));
    }),
  );

  router.get(
    '/api/v1/applications/:name/resource',
    handle((req, res) => {
      const app = findApp(req.params.name, queryScope(req));
      res.json({
        manifest: JSON.stringify(app.liveManifest(resourceQuery(req))),
      });
    }),
  );

  router.get(
    '/api/v1/applications/:name/resource/actions',
    handle((req, res) => {
      const app = findApp(req.params.name, queryScope(req));
      res.json({ actions: app.resourceActions(resourceQuery(req)) });
    }),
  );

  // Deprecated v1: the resource in the query, the action name as the body
  // (a JSON string, hence the non-strict JSON parser).
  router.post(
    '/api/v1/applications/:name/resource/actions',
    handle((req, res) => {
      const app = findApp(req.params.name, queryScope(req));
      app.runResourceAction(
        resourceQuery(req),
        String(req.body ?? ''),
        timestamp(),
      );
      store.touched(app);
      res.json({});
    }),
  );

  router.post(
    '/api/v1/applications/:name/resource/actions/v2',
    handle((req, res) => {
      const body = (req.body ?? {}) as applicationResourceActionRunRequestV2;
      const app = findApp(req.params.name, body);
      app.runResourceAction(
        {
          group: body.group ?? '',
          kind: body.kind,
          namespace: body.namespace,
          name: body.resourceName,
        },
        String(body.action ?? ''),
        timestamp(),
      );
      store.touched(app);
      res.json({});
    }),
  );

  router.post(
    '/api/v1/applications/:name/rollback',
    handle(async (req, res) => {
      const body = (req.body ?? {}) as applicationApplicationRollbackRequest;
      const app = findApp(req.params.name, body);
      // int64 fields may arrive as JSON numbers or strings (grpc-gateway).
      const id = Number(body.id ?? 0);
      // An entry from before the sandbox started may name a commit the app
      // has not read yet (a sample service's past).
      await store.prepare(app, app.history.find(h => h.id === id)?.revision);
      app.rollback(
        { id, dryRun: !!body.dryRun, prune: !!body.prune },
        { username: res.locals.username },
        timestamp(),
      );
      store.touched(app);
      res.json(app.toApplication(false));
    }),
  );

  router.post(
    '/api/v1/applications/:name/sync',
    handle(async (req, res) => {
      const body = (req.body ?? {}) as applicationApplicationSyncRequest;
      const app = findApp(req.params.name, body);
      await store.prepare(app, text(body.revision));
      app.sync(
        {
          revision: text(body.revision),
          dryRun: !!body.dryRun,
          prune: !!body.prune,
          strategy: body.strategy,
        },
        { username: res.locals.username },
        timestamp(),
      );
      store.touched(app);
      res.json(app.toApplication(false));
    }),
  );

  router.patch(
    '/api/v1/applications/:name',
    handle(async (req, res) => {
      const body = (req.body ?? {}) as applicationApplicationPatchRequest;
      const app = findApp(req.params.name, body);
      app.patch(
        String(body.patch ?? ''),
        String(body.patchType ?? ''),
        timestamp(),
      );
      store.touched(app);
      // A changed source (revision, value files) is compared again at once.
      await store.refresh(app);
      res.json(app.toApplication(false));
    }),
  );

  router.delete(
    '/api/v1/applications/:name/operation',
    handle((req, res) => {
      const app = findApp(req.params.name, queryScope(req));
      app.terminateOperation(timestamp());
      store.touched(app);
      res.json({});
    }),
  );

  return router;
}
