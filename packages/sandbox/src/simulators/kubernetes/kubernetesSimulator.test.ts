import {
  KubernetesTestSandbox,
  startKubernetesTestSandbox,
} from './kubernetesTestSandbox';

const SELECTOR = `labelSelector=${encodeURIComponent(
  'backstage.io/kubernetes-id=payments-api',
)}`;

describe('kubernetesSimulator', () => {
  let k8s: KubernetesTestSandbox;

  beforeAll(async () => {
    k8s = await startKubernetesTestSandbox();
  });

  afterAll(() => k8s.close());

  beforeEach(async () => {
    await k8s.call('POST', '/admin/reset');
  });

  describe('discovery', () => {
    it('answers /version, /api and /apis like an EKS API server', async () => {
      expect((await k8s.get('/kubernetes/dev/version')).body).toMatchObject({
        major: '1',
        minor: '33',
      });
      const core = await k8s.get('/kubernetes/dev/api');
      expect(core.body).toMatchObject({
        kind: 'APIVersions',
        versions: ['v1'],
      });
      const groups = await k8s.get('/kubernetes/dev/apis');
      expect(groups.body.kind).toBe('APIGroupList');
      expect(
        groups.body.groups.map((g: any) => g.preferredVersion.groupVersion),
      ).toEqual(
        expect.arrayContaining([
          'apps/v1',
          'autoscaling/v2',
          'batch/v1',
          'networking.k8s.io/v1',
          'argoproj.io/v1alpha1',
          'metrics.k8s.io/v1beta1',
        ]),
      );
    });

    it('lists the resources of a group version, with short names and subresources', async () => {
      const { body } = await k8s.get(
        '/kubernetes/prod/apis/argoproj.io/v1alpha1',
      );
      expect(body).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'argoproj.io/v1alpha1',
      });
      const rollouts = body.resources.find((r: any) => r.name === 'rollouts');
      expect(rollouts).toMatchObject({
        kind: 'Rollout',
        namespaced: true,
        shortNames: ['ro'],
      });
      expect(body.resources.map((r: any) => r.name)).toEqual(
        expect.arrayContaining([
          'rollouts/status',
          'analysisruns',
          'analysistemplates',
        ]),
      );
      const core = await k8s.get('/kubernetes/prod/api/v1');
      expect(core.body.resources.map((r: any) => r.name)).toEqual(
        expect.arrayContaining([
          'pods',
          'services',
          'configmaps',
          'limitranges',
          'resourcequotas',
          'namespaces',
        ]),
      );
    });
  });

  describe('what @backstage/plugin-kubernetes-backend lists', () => {
    it.each([
      ['/api/v1/pods', 'PodList', 'v1', 4],
      ['/api/v1/services', 'ServiceList', 'v1', 2],
      ['/api/v1/configmaps', 'ConfigMapList', 'v1', 0],
      ['/api/v1/limitranges', 'LimitRangeList', 'v1', 0],
      ['/api/v1/resourcequotas', 'ResourceQuotaList', 'v1', 0],
      ['/apis/apps/v1/deployments', 'DeploymentList', 'apps/v1', 0],
      // The live one and the older revisions it keeps, scaled to zero.
      ['/apis/apps/v1/replicasets', 'ReplicaSetList', 'apps/v1', 3],
      ['/apis/apps/v1/statefulsets', 'StatefulSetList', 'apps/v1', 0],
      ['/apis/apps/v1/daemonsets', 'DaemonSetList', 'apps/v1', 0],
      [
        '/apis/autoscaling/v2/horizontalpodautoscalers',
        'HorizontalPodAutoscalerList',
        'autoscaling/v2',
        0,
      ],
      ['/apis/batch/v1/jobs', 'JobList', 'batch/v1', 0],
      ['/apis/batch/v1/cronjobs', 'CronJobList', 'batch/v1', 0],
      [
        '/apis/networking.k8s.io/v1/ingresses',
        'IngressList',
        'networking.k8s.io/v1',
        1,
      ],
      [
        '/apis/argoproj.io/v1alpha1/rollouts',
        'RolloutList',
        'argoproj.io/v1alpha1',
        1,
      ],
      [
        '/apis/argoproj.io/v1alpha1/analysistemplates',
        'AnalysisTemplateList',
        'argoproj.io/v1alpha1',
        1,
      ],
    ])('%s is a %s', async (path, kind, apiVersion, count) => {
      const { status, body } = await k8s.get(
        `/kubernetes/prod${path}?${SELECTOR}`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        kind,
        apiVersion,
        metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
      });
      expect(body.items).toHaveLength(count);
      for (const item of body.items) {
        expect(item.metadata.labels['backstage.io/kubernetes-id']).toBe(
          'payments-api',
        );
        expect(item.metadata.namespace).toBe('payments-api');
      }
    });

    it('leaves kind out of built-in list items and keeps it on custom resources', async () => {
      const pods = await k8s.get(`/kubernetes/dev/api/v1/pods?${SELECTOR}`);
      expect(pods.body.items[0].kind).toBeUndefined();
      const rollouts = await k8s.get(
        `/kubernetes/dev/apis/argoproj.io/v1alpha1/rollouts?${SELECTOR}`,
      );
      expect(rollouts.body.items[0]).toMatchObject({
        kind: 'Rollout',
        apiVersion: 'argoproj.io/v1alpha1',
      });
    });

    it('serves pods as a cluster reports them: IPs, conditions, container states', async () => {
      const { body } = await k8s.get(
        `/kubernetes/dev/api/v1/namespaces/payments-api/pods?${SELECTOR}`,
      );
      const pod = body.items[0];
      expect(pod.status).toMatchObject({
        phase: 'Running',
        podIP: expect.stringMatching(/^10\.1\.\d+\.\d+$/),
        qosClass: 'Burstable',
      });
      expect(pod.status.conditions).toContainEqual(
        expect.objectContaining({ type: 'Ready', status: 'True' }),
      );
      expect(pod.status.containerStatuses[0]).toMatchObject({
        ready: true,
        state: { running: { startedAt: expect.any(String) } },
      });
      expect(pod.spec.containers[0].resources.requests).toEqual({
        cpu: '100m',
        memory: '128Mi',
      });
    });

    it('serves pod metrics for the pods of a namespace', async () => {
      const { body } = await k8s.get(
        `/kubernetes/staging/apis/metrics.k8s.io/v1beta1/namespaces/payments-api/pods?${SELECTOR}`,
      );
      expect(body).toMatchObject({
        kind: 'PodMetricsList',
        apiVersion: 'metrics.k8s.io/v1beta1',
      });
      const pods = await k8s.get(
        `/kubernetes/staging/api/v1/namespaces/payments-api/pods?${SELECTOR}`,
      );
      expect(body.items.map((m: any) => m.metadata.name)).toEqual(
        pods.body.items.map((p: any) => p.metadata.name),
      );
      expect(body.items[0].containers[0].usage).toEqual({
        cpu: expect.stringMatching(/^\d+n$/),
        memory: expect.stringMatching(/^\d+Ki$/),
      });
    });

    it('gets one object by name and answers 404 for a missing one', async () => {
      const rollout = await k8s.get(
        '/kubernetes/dev/apis/argoproj.io/v1alpha1/namespaces/payments-api/rollouts/payments-api',
      );
      expect(rollout.status).toBe(200);
      expect(rollout.body.kind).toBe('Rollout');
      const missing = await k8s.get(
        '/kubernetes/dev/apis/argoproj.io/v1alpha1/namespaces/payments-api/rollouts/nope',
      );
      expect(missing).toEqual({
        status: 404,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'rollouts.argoproj.io "nope" not found',
          reason: 'NotFound',
          details: { name: 'nope', group: 'argoproj.io', kind: 'rollouts' },
          code: 404,
        },
      });
    });

    it('lists the namespaces of the cluster', async () => {
      const { body } = await k8s.get('/kubernetes/dev/api/v1/namespaces');
      expect(body.kind).toBe('NamespaceList');
      expect(body.items.map((n: any) => n.metadata.name)).toEqual(
        expect.arrayContaining(['kube-system', 'payments-api', 'cart-service']),
      );
      const one = await k8s.get(
        '/kubernetes/dev/api/v1/namespaces/payments-api',
      );
      expect(one.body.status.phase).toBe('Active');
    });
  });

  describe('selectors and paging', () => {
    it('filters by label selector across all services', async () => {
      const all = await k8s.get(
        '/kubernetes/dev/apis/argoproj.io/v1alpha1/rollouts',
      );
      expect(all.body.items.length).toBeGreaterThan(5);
      const some = await k8s.get(
        `/kubernetes/dev/apis/argoproj.io/v1alpha1/rollouts?labelSelector=${encodeURIComponent(
          'app.kubernetes.io/name in (payments-api,cart-service)',
        )}`,
      );
      expect(some.body.items.map((r: any) => r.metadata.name)).toEqual([
        'cart-service',
        'payments-api',
      ]);
    });

    it('filters by the metadata field selectors', async () => {
      const { body } = await k8s.get(
        '/kubernetes/dev/api/v1/services?fieldSelector=metadata.name%3Dpayments-api-canary',
      );
      expect(body.items.map((s: any) => s.metadata.name)).toEqual([
        'payments-api-canary',
      ]);
      const unsupported = await k8s.get(
        '/kubernetes/dev/api/v1/pods?fieldSelector=spec.nodeName%3Dx',
      );
      expect(unsupported.status).toBe(400);
      expect(unsupported.body.reason).toBe('BadRequest');
    });

    it('answers a malformed label selector with 400', async () => {
      const { status, body } = await k8s.get(
        '/kubernetes/dev/api/v1/pods?labelSelector=%3D%3Dx',
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({ kind: 'Status', code: 400 });
    });

    it('pages with limit and continue', async () => {
      const first = await k8s.get('/kubernetes/dev/api/v1/services?limit=5');
      expect(first.body.items).toHaveLength(5);
      expect(first.body.metadata.continue).toEqual(expect.any(String));
      const all = await k8s.get('/kubernetes/dev/api/v1/services');
      expect(first.body.metadata.remainingItemCount).toBe(
        all.body.items.length - 5,
      );
      const second = await k8s.get(
        `/kubernetes/dev/api/v1/services?limit=5&continue=${first.body.metadata.continue}`,
      );
      expect(second.body.items.map((s: any) => s.metadata.uid)).toEqual(
        all.body.items.slice(5, 10).map((s: any) => s.metadata.uid),
      );
      const bad = await k8s.get('/kubernetes/dev/api/v1/services?continue=x');
      expect(bad.status).toBe(400);
    });

    it('prints a Table when kubectl asks for one', async () => {
      const { body } = await k8s.get(
        `/kubernetes/dev/apis/argoproj.io/v1alpha1/rollouts?${SELECTOR}`,
        {
          accept:
            'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        },
      );
      expect(body.kind).toBe('Table');
      expect(body.columnDefinitions.map((c: any) => c.name)).toEqual([
        'Name',
        'Desired',
        'Current',
        'Up-to-date',
        'Available',
        'Age',
      ]);
      expect(body.rows[0].cells.slice(0, 5)).toEqual([
        'payments-api',
        4,
        4,
        4,
        4,
      ]);
      expect(body.rows[0].object).toMatchObject({
        kind: 'PartialObjectMetadata',
        metadata: { name: 'payments-api', namespace: 'payments-api' },
      });
    });
  });

  describe('errors', () => {
    it('answers 401 without the service account token', async () => {
      const { status, body } = await k8s.get('/kubernetes/dev/api/v1/pods', {
        token: null,
      });
      expect(status).toBe(401);
      expect(body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      const wrong = await k8s.get('/kubernetes/dev/api/v1/pods', {
        token: 'other',
      });
      expect(wrong.status).toBe(401);
    });

    it('forbids secrets and writes to the read-only service account', async () => {
      const secrets = await k8s.get(
        '/kubernetes/dev/api/v1/namespaces/payments-api/secrets',
      );
      expect(secrets.status).toBe(403);
      expect(secrets.body.message).toBe(
        'secrets is forbidden: User "system:serviceaccount:backstage:backstage-reader" cannot list resource "secrets" in API group "" in the namespace "payments-api"',
      );
      const res = await fetch(
        `${k8s.clusterUrl('dev')}/api/v1/namespaces/payments-api/pods/x`,
        {
          method: 'DELETE',
          headers: { authorization: 'Bearer sandbox-k8s-token' },
        },
      );
      expect(res.status).toBe(403);
      expect((await res.json()).reason).toBe('Forbidden');
    });

    it('answers 404 for unknown paths, resources and clusters', async () => {
      for (const path of [
        '/kubernetes/dev/apis/example.com/v1/widgets',
        '/kubernetes/dev/api/v1/widgets',
        '/kubernetes/dev/api/v1/pods/not-namespaced',
        '/kubernetes/dev/nothing',
      ]) {
        const { status, body } = await k8s.get(path);
        expect({ path, status, reason: body.reason }).toEqual({
          path,
          status: 404,
          reason: 'NotFound',
        });
      }
      const cluster = await k8s.get('/kubernetes/qa/api/v1/pods');
      expect(cluster.status).toBe(404);
      expect(cluster.body.message).toContain('known: dev, staging, prod');
    });

    it('does not serve watches', async () => {
      const { status, body } = await k8s.get(
        '/kubernetes/dev/api/v1/pods?watch=true',
      );
      expect(status).toBe(405);
      expect(body.kind).toBe('Status');
    });
  });

  describe('Rollout patches (kubectl argo rollouts)', () => {
    const ROLLOUT =
      '/kubernetes/prod/apis/argoproj.io/v1alpha1/namespaces/payments-api/rollouts/payments-api';
    const patch = async (
      path: string,
      body: unknown,
      options: { token?: string; type?: string } = {},
    ) => {
      const res = await fetch(`${k8s.sandbox.url}${path}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${
            options.token ?? 'sandbox-k8s-deployer-token'
          }`,
          'content-type': options.type ?? 'application/merge-patch+json',
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const argoApp = () =>
      fetch(`${k8s.sandbox.url}/argocd/api/v1/applications/payments-api-prod`, {
        headers: { authorization: 'Bearer sandbox-argocd-token' },
      }).then(r => r.json());

    it('promotes past the manual gate and aborts a canary, as Argo CD then shows', async () => {
      await k8s.call('POST', '/argocd/_sandbox/release', {
        service: 'payments-api',
        environment: 'prod',
      });
      await k8s.tick(3);
      // prod waits for a person at its first pause.
      expect((await k8s.get(ROLLOUT)).body.status.phase).toBe('Paused');
      expect((await argoApp()).status.health.status).toBe('Suspended');

      const promoted = await patch(`${ROLLOUT}/status`, {
        status: { pauseConditions: null },
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body.status.pauseConditions).toBeUndefined();
      expect(promoted.body.status.currentStepIndex).toBe(2);

      const aborted = await patch(`${ROLLOUT}/status`, {
        status: { abort: true },
      });
      expect(aborted.body.status).toMatchObject({
        abort: true,
        phase: 'Degraded',
      });
      expect((await argoApp()).status.health.status).toBe('Degraded');

      const retried = await patch(`${ROLLOUT}/status`, {
        status: { abort: false },
      });
      expect(retried.body.status.abort).toBeUndefined();
    });

    it('pauses through the spec and ignores status sent to the main resource', async () => {
      const paused = await patch(ROLLOUT, { spec: { paused: true } });
      expect(paused.body.spec.paused).toBe(true);
      const ignored = await patch(ROLLOUT, { status: { abort: true } });
      expect(ignored.status).toBe(200);
      expect(ignored.body.status.abort).toBeUndefined();
    });

    it('refuses what it does not simulate, and the read-only account', async () => {
      const undo = await patch(
        ROLLOUT,
        [{ op: 'replace', path: '/spec/template', value: {} }],
        { type: 'application/json-patch+json' },
      );
      expect(undo.status).toBe(415);
      const strategic = await patch(
        ROLLOUT,
        { spec: { paused: true } },
        { type: 'application/strategic-merge-patch+json' },
      );
      expect(strategic.body.message).toBe(
        'strategic merge patch is not supported for custom resources',
      );
      const replicas = await patch(ROLLOUT, { spec: { replicas: 9 } });
      expect(replicas.status).toBe(422);
      expect(replicas.body.message).toContain('spec.replicas');
      const missing = await patch(
        `${ROLLOUT.replace(/payments-api$/, 'nope')}/status`,
        { status: { abort: true } },
      );
      expect(missing.status).toBe(404);
      const reader = await patch(
        `${ROLLOUT}/status`,
        { status: { abort: true } },
        { token: 'sandbox-k8s-token' },
      );
      expect(reader.status).toBe(403);
      expect(reader.body.message).toBe(
        'rollouts.argoproj.io "payments-api" is forbidden: User "system:serviceaccount:backstage:backstage-reader" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "payments-api"',
      );
    });
  });

  describe('one world with Argo CD', () => {
    const canaryOf = async (cluster: string, service: string) => {
      const selector = `labelSelector=${encodeURIComponent(
        `backstage.io/kubernetes-id=${service}`,
      )}`;
      const [rollouts, replicaSets, pods] = await Promise.all([
        k8s.get(
          `/kubernetes/${cluster}/apis/argoproj.io/v1alpha1/rollouts?${selector}`,
        ),
        k8s.get(`/kubernetes/${cluster}/apis/apps/v1/replicasets?${selector}`),
        k8s.get(`/kubernetes/${cluster}/api/v1/pods?${selector}`),
      ]);
      return {
        rollout: rollouts.body.items[0],
        replicaSets: replicaSets.body.items,
        pods: pods.body.items,
      };
    };

    it('shows the same pods as the Argo CD resource tree', async () => {
      const tree = await fetch(
        `${k8s.sandbox.url}/argocd/api/v1/applications/payments-api-prod/resource-tree`,
        { headers: { authorization: 'Bearer sandbox-argocd-token' } },
      ).then(r => r.json());
      const argoPods = tree.nodes
        .filter((n: any) => n.kind === 'Pod')
        .map((n: any) => n.name)
        .sort();
      const { pods } = await canaryOf('prod', 'payments-api');
      expect(pods.map((p: any) => p.metadata.name)).toEqual(argoPods);
    });

    it('steps the canary: stable and canary ReplicaSets scaled by weight, pods of each image', async () => {
      const before = await canaryOf('dev', 'payments-api');
      const stableImage = before.rollout.spec.template.spec.containers[0].image;
      await k8s.call('POST', '/argocd/_sandbox/release', {
        service: 'payments-api',
        environment: 'dev',
        image: 'registry.example.com/payments-api:2.0.0',
      });
      await k8s.tick(3); // sync, sync done + weight 10, pause
      let state = await canaryOf('dev', 'payments-api');
      expect(state.rollout.status).toMatchObject({
        phase: 'Paused',
        currentStepIndex: 1,
        canary: { weights: { canary: { weight: 10 } } },
      });
      const scaled = (replicaSets: any[]) =>
        replicaSets
          .filter((rs: any) => rs.spec.replicas > 0)
          .map((rs: any) => [
            rs.spec.template.spec.containers[0].image,
            rs.spec.replicas,
          ])
          .sort();
      expect(scaled(state.replicaSets)).toEqual([
        [stableImage, 4],
        ['registry.example.com/payments-api:2.0.0', 1],
      ]);
      const canaryHash = state.rollout.status.currentPodHash;
      const canaryPods = state.pods.filter(
        (p: any) =>
          p.metadata.labels['rollouts-pod-template-hash'] === canaryHash,
      );
      expect(canaryPods.map((p: any) => p.spec.containers[0].image)).toEqual([
        'registry.example.com/payments-api:2.0.0',
      ]);

      // Pause, analysis (start + 3 measurements), weight 50.
      await k8s.tick(3 + 4 + 1);
      state = await canaryOf('dev', 'payments-api');
      expect(state.rollout.status.canary.weights.canary.weight).toBe(50);
      expect(scaled(state.replicaSets)).toEqual([
        [stableImage, 4],
        ['registry.example.com/payments-api:2.0.0', 2],
      ]);
      const runs = await k8s.get(
        `/kubernetes/dev/apis/argoproj.io/v1alpha1/namespaces/payments-api/analysisruns?${SELECTOR}`,
      );
      const run = runs.body.items.find(
        (r: any) =>
          r.metadata.labels['rollouts-pod-template-hash'] === canaryHash,
      );
      expect(run.status.phase).toBe('Successful');

      // The last pause, then full promotion: only the new image runs.
      await k8s.tick(6);
      state = await canaryOf('dev', 'payments-api');
      expect(state.rollout.status.phase).toBe('Healthy');
      expect(scaled(state.replicaSets)).toEqual([
        ['registry.example.com/payments-api:2.0.0', 4],
      ]);
      expect(
        new Set(state.pods.map((p: any) => p.spec.containers[0].image)),
      ).toEqual(new Set(['registry.example.com/payments-api:2.0.0']));
    });

    it('gives seeded services their workloads too', async () => {
      expect(
        (await k8s.call('POST', '/admin/seed', { services: 50 })).status,
      ).toBe(200);
      const { body } = await k8s.get(
        `/kubernetes/prod/api/v1/pods?labelSelector=${encodeURIComponent(
          'backstage.io/kubernetes-id=svc-0042',
        )}`,
      );
      expect(body.items).toHaveLength(4);
      expect(body.items[0].metadata.namespace).toBe('svc-0042');
    });

    it('answers injected faults as Kubernetes Status objects', async () => {
      await k8s.call('PUT', '/admin/faults/kubernetes', {
        status: 503,
        times: 1,
      });
      const { status, body } = await k8s.get(
        `/kubernetes/dev/api/v1/pods?${SELECTOR}`,
      );
      expect(status).toBe(503);
      expect(body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'ServiceUnavailable',
        code: 503,
      });
    });
  });
});
