import {
  KubernetesTestSandbox,
  SANDBOX_K8S_TOKEN,
  startKubernetesTestSandbox,
} from './kubernetesTestSandbox';

describe('SelfSubjectAccessReview and SelfSubjectRulesReview', () => {
  let k8s: KubernetesTestSandbox;
  beforeAll(async () => {
    k8s = await startKubernetesTestSandbox();
  });
  afterAll(() => k8s.close());

  const review = async (
    body: unknown,
    token = SANDBOX_K8S_TOKEN,
    plural = 'selfsubjectaccessreviews',
  ) => {
    const res = await fetch(
      `${k8s.clusterUrl('dev')}/apis/authorization.k8s.io/v1/${plural}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      },
    );
    return { status: res.status, body: await res.json() };
  };
  const ask = (resourceAttributes: object, token?: string) =>
    review(
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes },
      },
      token,
    );

  it('allows reads but Secrets, naming the role that allows', async () => {
    const pods = await ask({ verb: 'list', resource: 'pods', namespace: 'a' });
    expect(pods.status).toBe(201);
    expect(pods.body).toMatchObject({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { resourceAttributes: { verb: 'list', resource: 'pods' } },
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "backstage-reader" of ClusterRole "backstage-reader" to ServiceAccount "backstage-reader/backstage"',
      },
    });
    const secrets = await ask({ verb: 'get', resource: 'secrets' });
    expect(secrets.body.status).toEqual({ allowed: false });
    const abort = await ask({
      verb: 'patch',
      group: 'argoproj.io',
      resource: 'rollouts',
      subresource: 'status',
    });
    expect(abort.body.status.allowed).toBe(false);
  });

  it('lets the deployer patch Rollouts, and only those', async () => {
    const deployer = 'sandbox-k8s-deployer-token';
    const patch = (resource: string, group: string) =>
      ask({ verb: 'patch', group, resource, subresource: 'status' }, deployer);
    expect((await patch('rollouts', 'argoproj.io')).body.status.allowed).toBe(
      true,
    );
    expect((await patch('deployments', 'apps')).body.status.allowed).toBe(
      false,
    );
  });

  it('answers the rules of the token', async () => {
    const rules = await review(
      { kind: 'SelfSubjectRulesReview', spec: { namespace: 'orders' } },
      'sandbox-k8s-deployer-token',
      'selfsubjectrulesreviews',
    );
    expect(rules.status).toBe(201);
    expect(rules.body.status.resourceRules).toContainEqual({
      verbs: ['patch'],
      apiGroups: ['argoproj.io'],
      resources: ['rollouts', 'rollouts/status'],
    });
  });

  it('refuses malformed reviews and strangers', async () => {
    const both = await review({
      spec: {
        resourceAttributes: { verb: 'get', resource: 'pods' },
        nonResourceAttributes: { verb: 'get', path: '/version' },
      },
    });
    expect(both.status).toBe(422);
    expect(both.body).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    const stranger = await ask({ verb: 'get', resource: 'pods' }, 'nope');
    expect(stranger.status).toBe(401);
    const list = await k8s.get(
      '/kubernetes/dev/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    );
    expect(list.status).toBe(405);
  });
});
