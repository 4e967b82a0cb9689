import express, { Router } from 'express';
import type { KubeObject } from '../../world/ClusterWorkloads';
import { ENVIRONMENTS } from '../../world/World';
import { SimulatorFactory } from '../types';
import { ensureServerCertificate, ServerCertificate } from './certificates';
import {
  Account,
  isAllowed,
  selfSubjectAccessReview,
  selfSubjectRulesReview,
} from './accessReview';
import {
  apiGroupList,
  apiResourceList,
  ApiResource,
  apiVersionOf,
  coreApiVersions,
  findResource,
} from './apiResources';
import { ClusterView } from './ClusterView';
import {
  badRequest,
  faultStatus,
  forbidden,
  KubeStatusError,
  methodNotSupported,
  objectNotFound,
  pathNotFound,
  sendStatus,
  unauthorized,
} from './kubeStatus';
import { decodeReview } from './protobufReview';
import { rolloutActionsOf } from './rolloutPatches';
import { toTable, wantsTable } from './tables';
import { answerErrors } from '../../http/express';

export interface KubernetesSimulatorOptions {
  /** Mount name: `/kubernetes` by default. */
  name?: string;
  /** The clusters, one per environment: `/<name>/<cluster>` is an API server. */
  clusters?: string[];
  /** The read-only service account's token (the portal's). */
  token?: string;
  /**
   * A token that may also patch Rollouts (`kubectl argo rollouts` abort,
   * retry, promote, pause, restart), as a deployer's role allows.
   */
  deployerToken?: string;
  now?: () => Date;
}

const READER: Account = {
  user: 'system:serviceaccount:backstage:backstage-reader',
  role: 'backstage-reader',
  patchesRollouts: false,
};
const DEPLOYER: Account = {
  user: 'system:serviceaccount:backstage:backstage-deployer',
  role: 'backstage-deployer',
  patchesRollouts: true,
};

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The content types a PATCH may carry. */
const PATCH_TYPES = [
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
];

/** Kinds whose list items carry their own kind (unstructured custom resources). */
const isCustomResource = (resource: ApiResource) =>
  resource.group === 'argoproj.io';

const KUBERNETES_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.5-eks-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-10-01T00:00:00Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface Continue {
  offset: number;
  resourceVersion: string;
}

function encodeContinue(token: Continue): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(token: string): Continue {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString());
    if (Number.isInteger(decoded.offset) && decoded.offset >= 0) {
      return decoded;
    }
  } catch {
    // answered below
  }
  throw badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

function queryString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The Kubernetes API servers of the dev, staging and prod EKS clusters, at
 * `/kubernetes/<cluster>`. What runs there comes from the World's cluster
 * registry, which the Argo CD simulator fills: every application
 * `<service>-<env>` shows as its Services, Ingress, AnalysisTemplate,
 * Rollout, ReplicaSets, pods and AnalysisRuns in namespace `<service>` of
 * cluster `<env>`, at the canary step the Argo CD world is at.
 */
export function kubernetesSimulator(
  options: KubernetesSimulatorOptions = {},
): SimulatorFactory {
  const tokens = new Map([
    [options.token ?? 'sandbox-k8s-token', READER],
    [options.deployerToken ?? 'sandbox-k8s-deployer-token', DEPLOYER],
  ]);
  const clusterNames = options.clusters ?? [...ENVIRONMENTS];
  const now = options.now ?? (() => new Date());

  return {
    name: options.name ?? 'kubernetes',
    async create({ world, mountUrl, baseUrl, stateDir }) {
      // HTTPS on the sandbox's port, with a CA kept in the state directory
      // (`<state dir>/kubernetes/ca.crt`): kubectl sends no token over plain
      // HTTP. Without openssl the API stays plain HTTP only.
      let certificate: ServerCertificate | undefined;
      try {
        certificate = ensureServerCertificate(stateDir, [
          new URL(baseUrl).hostname.replace(/^\[|\]$/g, ''),
        ]);
      } catch (error) {
        console.error(
          `kubernetes simulator: no TLS certificate (is openssl installed?), serving plain HTTP only: ${error}`,
        );
      }
      const clusters = new Map(
        clusterNames.map(name => [name, new ClusterView(name, world, now())]),
      );
      const router = Router();
      router.use(
        express.json({
          type: [...PATCH_TYPES, 'application/json'],
          limit: '1mb',
        }),
      );

      router.use('/:cluster', (req, res, next) => {
        const cluster = clusters.get(req.params.cluster);
        if (!cluster) {
          sendStatus(
            res,
            new KubeStatusError(
              404,
              'NotFound',
              `no cluster '${
                req.params.cluster
              }' in the sandbox; known: ${clusterNames.join(', ')}`,
            ),
          );
          return;
        }
        const header = req.headers.authorization ?? '';
        const presented = header.startsWith('Bearer ')
          ? header.slice('Bearer '.length).trim()
          : undefined;
        const account = presented ? tokens.get(presented) : undefined;
        if (!account) {
          sendStatus(res, unauthorized());
          return;
        }
        res.locals.cluster = cluster;
        res.locals.account = account;
        next();
      });

      // Access reviews: what `kubectl auth can-i [--list]` asks, in JSON
      // or (kubectl's choice) protobuf; answered in JSON, which it accepts.
      const reviewBody = express.raw({
        type: PROTOBUF,
        limit: '64kb',
      });
      const reviewOf = (req: express.Request) =>
        Buffer.isBuffer(req.body) ? decodeReview(req.body) : req.body;
      router.post(
        '/:cluster/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        reviewBody,
        (req, res) => {
          res
            .status(201)
            .json(selfSubjectAccessReview(res.locals.account, reviewOf(req)));
        },
      );
      router.post(
        '/:cluster/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
        reviewBody,
        (req, res) => {
          res
            .status(201)
            .json(selfSubjectRulesReview(res.locals.account, reviewOf(req)));
        },
      );

      router.get('/:cluster/version', (_req, res) => {
        res.json(KUBERNETES_VERSION);
      });
      router.get('/:cluster/api', (req, res) => {
        res.json(coreApiVersions(`${mountUrl}/${req.params.cluster}`));
      });
      router.get('/:cluster/apis', (_req, res) => {
        res.json(apiGroupList());
      });
      router.get('/:cluster', (_req, res) => {
        res.json({
          paths: [
            '/api',
            '/api/v1',
            '/apis',
            ...apiGroupList().groups.flatMap(g => [
              `/apis/${g.name}`,
              `/apis/${g.preferredVersion.groupVersion}`,
            ]),
            '/version',
          ],
        });
      });
      router.get('/:cluster/apis/:group', (req, res) => {
        const group = apiGroupList().groups.find(
          g => g.name === req.params.group,
        );
        if (!group) {
          sendStatus(res, pathNotFound());
          return;
        }
        res.json({ kind: 'APIGroup', apiVersion: 'v1', ...group });
      });

      // Everything under a group version: discovery, lists and single objects.
      const serveGroupVersion = (
        group: string,
        version: string,
        rest: string[],
        req: express.Request,
        res: express.Response,
      ) => {
        const cluster: ClusterView = res.locals.cluster;
        if (rest.length === 0) {
          const list = apiResourceList(group, version);
          if (!list || req.method !== 'GET') {
            throw pathNotFound();
          }
          res.json(list);
          return;
        }
        // [plural] | [plural, name] | [namespaces, ns, plural] | [namespaces, ns, plural, name, sub?]
        let namespace: string | undefined;
        let segments = rest;
        if (segments[0] === 'namespaces' && segments.length >= 3) {
          namespace = segments[1];
          segments = segments.slice(2);
        }
        const [plural, name, subresource, ...extra] = segments;
        const resource = findResource(group, version, plural);
        if (!resource || extra.length > 0) {
          throw pathNotFound();
        }
        if (namespace !== undefined && !resource.namespaced) {
          throw pathNotFound();
        }
        if (name !== undefined && resource.namespaced && !namespace) {
          throw pathNotFound();
        }
        if (
          subresource !== undefined &&
          !(resource.subresources ?? []).includes(subresource)
        ) {
          throw pathNotFound();
        }
        // RBAC decides first, as the API server authorizes before it serves.
        const account: Account = res.locals.account;
        const verb = verbOf(req.method, name);
        const rolloutPatch =
          req.method === 'PATCH' &&
          resource.plural === 'rollouts' &&
          name !== undefined &&
          (subresource === undefined || subresource === 'status');
        if (rolloutPatch && account.patchesRollouts) {
          const actions = rolloutActionsOf(
            req.headers['content-type'],
            req.body,
            subresource,
          );
          if (!cluster.patchRollout(namespace!, name!, actions)) {
            throw objectNotFound(resource, name!);
          }
          const [patched] = cluster.list(
            resource,
            { namespace, name },
            now().getTime(),
          );
          res.json(withTypeMeta(resource, patched));
          return;
        }
        if (req.method === 'GET' && !resource.verbs.includes(verb)) {
          throw methodNotSupported(`${verb} ${resource.plural}`);
        }
        if (
          req.method !== 'GET' ||
          !isAllowed(account, {
            verb,
            group: resource.group,
            resource: resource.plural,
            subresource,
          })
        ) {
          throw forbidden({
            user: account.user,
            verb,
            resource,
            subresource,
            namespace,
            name,
          });
        }
        if (req.query.watch === 'true' || req.query.watch === '1') {
          throw methodNotSupported(
            `watch ${resource.plural}: the sandbox does not serve watches`,
          );
        }

        const at = now().getTime();
        if (name !== undefined) {
          const [object] = cluster.list(resource, { namespace, name }, at);
          if (!object) {
            throw objectNotFound(resource, name);
          }
          res.json(withTypeMeta(resource, object));
          return;
        }

        const all = cluster.list(
          resource,
          {
            namespace,
            labelSelector: queryString(req.query.labelSelector),
            fieldSelector: queryString(req.query.fieldSelector),
          },
          at,
        );
        const resourceVersion = listResourceVersion(all, at);
        const limit = Number(queryString(req.query.limit) ?? 0);
        if (!Number.isInteger(limit) || limit < 0) {
          throw badRequest(`invalid limit: ${req.query.limit}`);
        }
        const continueToken = queryString(req.query.continue);
        const start = continueToken ? decodeContinue(continueToken).offset : 0;
        const end = limit > 0 ? start + limit : all.length;
        const page = all.slice(start, end);
        const metadata: Record<string, unknown> = { resourceVersion };
        if (end < all.length) {
          metadata.continue = encodeContinue({ offset: end, resourceVersion });
          metadata.remainingItemCount = all.length - end;
        }
        if (wantsTable(req.headers.accept)) {
          res.json(
            toTable(
              resource,
              page.map(o => withTypeMeta(resource, o)),
              metadata,
              queryString(req.query.includeObject),
              at,
            ),
          );
          return;
        }
        res.json({
          kind: `${resource.kind}List`,
          apiVersion: apiVersionOf(resource),
          metadata,
          items: page.map(o =>
            isCustomResource(resource) ? o : withoutTypeMeta(o),
          ),
        });
      };

      // Express 4 paths cannot capture "the rest", so these are regexps:
      // 1 = cluster, then group and version, then the rest.
      router.all(/^\/([^/]+)\/api\/v1(?:\/(.*))?$/, (req, res) => {
        serveGroupVersion('', 'v1', segmentsOf(req.params[1]), req, res);
      });
      router.all(
        /^\/([^/]+)\/apis\/([^/]+)\/([^/]+)(?:\/(.*))?$/,
        (req, res) => {
          serveGroupVersion(
            req.params[1],
            req.params[2],
            segmentsOf(req.params[3]),
            req,
            res,
          );
        },
      );

      router.use((_req, res) => {
        sendStatus(res, pathNotFound());
      });
      const errorHandler = answerErrors((error, res) => {
        if (error instanceof KubeStatusError) {
          sendStatus(res, error);
          return;
        }
        if (error?.type === 'entity.parse.failed') {
          sendStatus(
            res,
            badRequest(`error decoding patch: ${String(error.message)}`),
          );
          return;
        }
        sendStatus(
          res,
          new KubeStatusError(
            500,
            'InternalError',
            `Internal error occurred: ${String(error?.message ?? error)}`,
          ),
        );
      });
      router.use(errorHandler);

      return {
        handler: router,
        faultBody: faultStatus,
        ...(certificate && {
          tls: { key: certificate.key, cert: certificate.cert },
        }),
      };
    },
  };
}

function segmentsOf(rest: string | undefined): string[] {
  return (rest ?? '').split('/').filter(Boolean).map(decodeURIComponent);
}

/** The RBAC verb of a request. */
function verbOf(method: string, name: string | undefined): string {
  switch (method) {
    case 'GET':
      return name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    default:
      return method.toLowerCase();
  }
}

/** A single object always names its kind (typed or not). */
function withTypeMeta(resource: ApiResource, object: KubeObject): KubeObject {
  return {
    ...object,
    kind: resource.kind,
    apiVersion: apiVersionOf(resource),
  };
}

/** Items of a built-in type's list carry no kind/apiVersion, as the API server encodes them. */
function withoutTypeMeta(object: KubeObject): KubeObject {
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = object;
  return rest as KubeObject;
}

/** The list's resourceVersion: the newest of its items', as etcd's revision covers them. */
function listResourceVersion(objects: KubeObject[], at: number): string {
  let newest = 0;
  for (const o of objects) {
    const version = Number(o.metadata.resourceVersion);
    if (Number.isFinite(version) && version > newest) {
      newest = version;
    }
  }
  return String(newest || Math.floor(at / 1000));
}
