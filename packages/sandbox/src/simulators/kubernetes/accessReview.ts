import { badRequest, KubeStatusError } from './kubeStatus';

/** Who a token belongs to, and what its (cluster) role grants. */
export interface Account {
  /** As RBAC messages name it: `system:serviceaccount:<ns>:<name>`. */
  user: string;
  /** The ClusterRole (and ClusterRoleBinding) that grants its rights. */
  role: string;
  /** May patch `rollouts` and `rollouts/status`. */
  patchesRollouts: boolean;
}

/**
 * Resources no account may read: a read-only role for the portal leaves
 * Secrets out, as the platform's RBAC does.
 */
export const FORBIDDEN_READS = new Set(['secrets']);

const READ_VERBS = ['get', 'list', 'watch'];

/** What one request (or one question of `kubectl auth can-i`) wants to do. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

/**
 * The accounts' roles: every account reads everything but Secrets (watch
 * included, though the sandbox serves no watches); the deployer may also
 * patch Rollouts and their status. RBAC only allows: what no rule grants is
 * denied without a reason.
 */
export function isAllowed(account: Account, attrs: ResourceAttributes) {
  const verb = attrs.verb.toLowerCase();
  if (
    READ_VERBS.includes(verb) &&
    !FORBIDDEN_READS.has(attrs.resource) &&
    attrs.resource !== '*'
  ) {
    return true;
  }
  return (
    account.patchesRollouts &&
    verb === 'patch' &&
    attrs.group === 'argoproj.io' &&
    attrs.resource === 'rollouts' &&
    (!attrs.subresource || attrs.subresource === 'status')
  );
}

/** The rules of an account, as a SelfSubjectRulesReview lists them. */
function rulesOf(account: Account) {
  return {
    resourceRules: [
      // SelfSubjectAccessReview and -RulesReview: every authenticated user.
      {
        verbs: ['create'],
        apiGroups: ['authorization.k8s.io'],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      },
      ...(account.patchesRollouts
        ? [
            {
              verbs: ['patch'],
              apiGroups: ['argoproj.io'],
              resources: ['rollouts', 'rollouts/status'],
            },
          ]
        : []),
      // Listed resource by resource in the real role; here every readable one.
      { verbs: READ_VERBS, apiGroups: ['*'], resources: ['*'] },
    ],
    nonResourceRules: [
      {
        verbs: ['get'],
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/livez',
          '/readyz',
          '/version',
          '/version/',
        ],
      },
    ],
    incomplete: false,
  };
}

function invalid(kind: string, field: string, detail: string) {
  return new KubeStatusError(
    422,
    'Invalid',
    `${kind}.authorization.k8s.io "" is invalid: ${field}: ${detail}`,
    {
      group: 'authorization.k8s.io',
      kind,
      causes: [{ reason: 'FieldValueInvalid', message: detail, field }],
    },
  );
}

function reviewBody(kind: string, body: unknown): Record<string, any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(
      `the body of the request was in an unknown format - accepted media types include: application/json`,
    );
  }
  const review = body as Record<string, any>;
  if (review.kind !== undefined && review.kind !== kind) {
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a ${review.kind}`,
    );
  }
  return review;
}

/**
 * `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`: whether
 * the caller's token may do what `spec` asks (what `kubectl auth can-i`
 * sends). Answers the review back with its `status`.
 */
export function selfSubjectAccessReview(account: Account, body: unknown) {
  const kind = 'SelfSubjectAccessReview';
  const review = reviewBody(kind, body);
  const spec = review.spec ?? {};
  const resource = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if ((resource === undefined) === (nonResource === undefined)) {
    throw invalid(
      kind,
      'spec.resourceAttributes',
      'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  }
  let allowed: boolean;
  if (resource) {
    allowed = isAllowed(account, {
      verb: String(resource.verb ?? ''),
      group: String(resource.group ?? ''),
      resource: String(resource.resource ?? ''),
      subresource: resource.subresource
        ? String(resource.subresource)
        : undefined,
    });
  } else {
    allowed =
      String(nonResource.verb ?? '').toLowerCase() === 'get' &&
      rulesOf(account).nonResourceRules[0].nonResourceURLs.some(url =>
        url.endsWith('*')
          ? String(nonResource.path ?? '').startsWith(url.slice(0, -1))
          : url === nonResource.path,
      );
  }
  const [namespace, name] = account.user
    .replace(/^system:serviceaccount:/, '')
    .split(':');
  return {
    kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: allowed
      ? {
          allowed: true,
          reason: `RBAC: allowed by ClusterRoleBinding "${account.role}" of ClusterRole "${account.role}" to ServiceAccount "${name}/${namespace}"`,
        }
      : { allowed: false },
  };
}

/** `POST .../selfsubjectrulesreviews`: the caller's rules (`kubectl auth can-i --list`). */
export function selfSubjectRulesReview(account: Account, body: unknown) {
  const kind = 'SelfSubjectRulesReview';
  const review = reviewBody(kind, body);
  if (!review.spec?.namespace) {
    throw invalid(
      kind,
      'spec.namespace',
      'Required value: no namespace on request',
    );
  }
  return {
    kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: review.spec,
    status: rulesOf(account),
  };
}
