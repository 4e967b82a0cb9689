import { Router } from 'express';
import type {
  projectProjectCreateRequest,
  v1alpha1AppProject,
  v1alpha1Application,
  v1alpha1ApplicationSpec,
} from '@internal/api-argocd';
import { Environment } from '../../world/World';
import {
  applicationNotFound,
  handle,
  ArgoStatusError,
  GrpcCode,
  permissionDenied,
} from './argoErrors';
import { ApplicationStore } from './ApplicationStore';

const ARGOCD_NAMESPACE = 'argocd';
// Kubernetes object names (DNS-1123 subdomain), which Applications and
// AppProjects must be.
const OBJECT_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** JSON with sorted keys: Go's reflect.DeepEqual does not care about key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : v,
  );
}

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new ArgoStatusError(
      GrpcCode.InvalidArgument,
      `${kind}.argoproj.io "" is invalid: metadata.name: Required value: name or generateName is required`,
    );
  }
  if (name.length > 253 || !OBJECT_NAME.test(name)) {
    throw new ArgoStatusError(
      GrpcCode.InvalidArgument,
      `${kind}.argoproj.io "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return name;
}

const matches = (pattern: string | undefined, value: string | undefined) =>
  pattern === '*' || (pattern ?? '') === (value ?? '');

/**
 * Creating and deleting Applications and AppProjects, with the checks and
 * messages of Argo CD's server (v3): an app must name a project that
 * exists and permits its repository and destination, and a destination
 * cluster this instance knows. Creating what exists with the same spec
 * answers the existing object (Argo CD is idempotent there); a different
 * spec is refused unless `upsert` is set.
 */
export function createCreateRoutes(
  store: ApplicationStore,
  now: () => Date,
): Router {
  const router = Router();

  router.post(
    '/api/v1/applications',
    handle(async (req, res) => {
      const app = (req.body ?? {}) as v1alpha1Application;
      if (!app || typeof app !== 'object' || !app.metadata) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          'error creating application: application is nil in request',
        );
      }
      const name = checkName('Application', app.metadata.name);
      if (
        app.metadata.namespace &&
        app.metadata.namespace !== ARGOCD_NAMESPACE
      ) {
        throw permissionDenied(); // apps in other namespaces are not enabled
      }
      const spec: v1alpha1ApplicationSpec = { ...app.spec };
      spec.project = spec.project || 'default';
      const destination = spec.destination;
      if (!spec.source?.repoURL || !destination) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          `application spec for ${name} is invalid: InvalidSpecError: spec.source and spec.destination are required`,
        );
      }
      const project = store.project(spec.project);
      if (!project) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          `app is not allowed in project "${spec.project}", or the project does not exist`,
        );
      }
      const environment = store.environments.find(e => e === destination.name);
      if (!environment) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          destination.name
            ? `application destination spec for ${name} is invalid: unable to find destination server: there are no clusters with this name: ${destination.name}`
            : `application destination spec for ${name} is invalid: unable to find destination server: there are no clusters with this URL: ${destination.server}`,
        );
      }
      const repos = project.spec?.sourceRepos ?? [];
      if (!repos.some(r => matches(r, spec.source!.repoURL))) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          `application repo ${spec.source.repoURL} is not permitted in project '${spec.project}'`,
        );
      }
      const allowed = (project.spec?.destinations ?? []).some(
        d =>
          (d.name ? matches(d.name, destination.name) : d.server === '*') &&
          matches(d.namespace, destination.namespace),
      );
      if (!allowed) {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          `application destination server '${
            destination.server ?? destination.name
          }' and namespace '${
            destination.namespace ?? ''
          }' do not match any of the allowed destinations in project '${
            spec.project
          }'`,
        );
      }

      const desired = {
        name,
        spec,
        labels: { ...app.metadata.labels },
        annotations: { ...app.metadata.annotations },
        environment: environment as Environment,
      };
      const existing = store.get(name);
      if (!existing) {
        const created = store.createApplication(desired);
        // The sandbox's controller reconciles a new app before answering
        // (Argo CD does so right after): the answer shows its first sync.
        await store.refresh(created);
        res.json(created.toApplication(false));
        return;
      }
      const same =
        canonical(existing.spec) === canonical(desired.spec) &&
        canonical(existing.labels) === canonical(desired.labels) &&
        canonical(existing.annotations) === canonical(desired.annotations);
      if (same) {
        res.json(existing.toApplication(false));
        return;
      }
      if (String(req.query.upsert) !== 'true') {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          'existing application spec is different; use upsert flag to force update',
        );
      }
      existing.replace(desired, now().toISOString());
      store.touched(existing);
      await store.refresh(existing);
      res.json(existing.toApplication(false));
    }),
  );

  router.delete(
    '/api/v1/applications/:name',
    handle((req, res) => {
      const project =
        typeof req.query.project === 'string' ? req.query.project : undefined;
      const app = store.get(req.params.name);
      if (!app || (project && app.project !== project)) {
        throw project
          ? applicationNotFound(req.params.name)
          : permissionDenied();
      }
      store.deleteApplication(app.name);
      res.json({});
    }),
  );

  router.get(
    '/api/v1/projects/:name',
    handle((req, res) => {
      const project = store.project(req.params.name);
      if (!project) {
        throw new ArgoStatusError(
          GrpcCode.NotFound,
          `appprojects.argoproj.io "${req.params.name}" not found`,
        );
      }
      res.json(project);
    }),
  );

  router.post(
    '/api/v1/projects',
    handle((req, res) => {
      const body = (req.body ?? {}) as projectProjectCreateRequest;
      if (!body.project || typeof body.project !== 'object') {
        throw new ArgoStatusError(
          GrpcCode.InvalidArgument,
          'project is nil in request',
        );
      }
      const name = checkName('AppProject', body.project.metadata?.name);
      const project: v1alpha1AppProject = {
        metadata: {
          ...body.project.metadata,
          name,
          namespace: ARGOCD_NAMESPACE,
        },
        spec: body.project.spec ?? {},
      };
      const existing = store.project(name);
      if (existing && canonical(existing.spec) !== canonical(project.spec)) {
        if (!body.upsert) {
          throw new ArgoStatusError(
            GrpcCode.InvalidArgument,
            'existing project spec is different; use upsert flag to force update',
          );
        }
      } else if (existing) {
        res.json(existing);
        return;
      }
      if (name === 'default') {
        throw permissionDenied(); // the sandbox keeps `default` fixed
      }
      store.saveProject(project);
      res.json(project);
    }),
  );

  router.delete(
    '/api/v1/projects/:name',
    handle((req, res) => {
      if (!store.deleteProject(req.params.name)) {
        throw new ArgoStatusError(
          GrpcCode.NotFound,
          `appprojects.argoproj.io "${req.params.name}" not found`,
        );
      }
      res.json({});
    }),
  );

  return router;
}
