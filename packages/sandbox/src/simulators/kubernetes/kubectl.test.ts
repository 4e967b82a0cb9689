/*
 * The real kubectl v1.33 against the simulator: discovery, short names,
 * label selectors across namespaces, server-side printing and errors must
 * all work the way they do against an EKS cluster.
 */
import { Kubectl, kubectlFor } from '../../__testUtils__/kubectl';
import {
  KubernetesTestSandbox,
  SANDBOX_K8S_TOKEN,
  startKubernetesTestSandbox,
} from './kubernetesTestSandbox';

jest.setTimeout(120_000);

/** kubectl's table output as rows of columns. */
function rows(stdout: string): string[][] {
  return stdout
    .trim()
    .split('\n')
    .map(line => line.trim().split(/\s{2,}/));
}

describe('kubectl against the Kubernetes simulator', () => {
  let k8s: KubernetesTestSandbox;
  let kubectl: Kubectl;
  // kubectl sends its token only over TLS: the sandbox's HTTPS, verified
  // with the CA it made.
  const server = (cluster: string) => k8s.httpsClusterUrl(cluster);
  const as = (token: string, clusters = ['dev']) =>
    kubectlFor({
      clusters: Object.fromEntries(clusters.map(c => [c, server(c)])),
      token,
      caFile: k8s.caFile,
    });

  beforeAll(async () => {
    k8s = await startKubernetesTestSandbox();
    kubectl = await as(SANDBOX_K8S_TOKEN, ['dev', 'staging', 'prod']);
  });

  afterAll(async () => {
    await kubectl?.dispose();
    await k8s?.close();
  });

  it('reports the server version', async () => {
    const result = await kubectl.run(['version', '-o', 'json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).serverVersion).toMatchObject({
      major: '1',
      minor: '33',
    });
  });

  it('lists the pods and the Rollout of payments-api by its Backstage label', async () => {
    const result = await kubectl.run([
      '--context=prod',
      'get',
      'pods,rollouts',
      '-A',
      '-l',
      'backstage.io/kubernetes-id=payments-api',
    ]);
    expect(result.stderr).toBe('');
    const table = rows(result.stdout);
    const pods = table.filter(r => r[1]?.startsWith('pod/'));
    const rollouts = table.filter(r =>
      r[1]?.startsWith('rollout.argoproj.io/'),
    );
    // The Rollout has 4 replicas, all stable while no canary runs.
    expect(pods).toHaveLength(4);
    for (const pod of pods) {
      expect(pod[0]).toBe('payments-api');
      expect(pod.slice(2, 5)).toEqual(['1/1', 'Running', '0']);
    }
    expect(rollouts).toEqual([
      [
        'payments-api',
        'rollout.argoproj.io/payments-api',
        '4',
        '4',
        '4',
        '4',
        expect.stringMatching(/^\d+d$/),
      ],
    ]);
  });

  it('resolves short names and namespaces like a real cluster', async () => {
    const result = await kubectl.run([
      '--context=dev',
      'get',
      'ro,rs,svc,ing',
      '-n',
      'cart-service',
      '-o',
      'name',
    ]);
    expect(result.stderr).toBe('');
    const names = result.stdout.trim().split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'rollout.argoproj.io/cart-service',
        'service/cart-service',
        'service/cart-service-canary',
        'ingress.networking.k8s.io/cart-service',
      ]),
    );
    expect(names.filter(n => n.startsWith('replicaset.apps/'))).not.toEqual([]);
  });

  it('shows a canary with stable and canary pods of their own images', async () => {
    const release = await k8s.call('POST', '/argocd/_sandbox/release', {
      service: 'payments-api',
      environment: 'staging',
      image: 'registry.example.com/payments-api:9.9.9',
    });
    expect(release.status).toBe(201);
    // Sync starts, sync finishes and sets weight 10, then the pause.
    await k8s.tick(3);

    const result = await kubectl.run([
      '--context=staging',
      'get',
      'pods',
      '-n',
      'payments-api',
      '-l',
      'backstage.io/kubernetes-id=payments-api',
      '-o',
      'json',
    ]);
    expect(result.stderr).toBe('');
    const images = JSON.parse(result.stdout).items.map(
      (pod: any) => pod.spec.containers[0].image,
    );
    // 4 stable pods keep serving; the canary's one pod runs the new image.
    expect(images.sort()).toEqual([
      ...Array(4).fill('registry.example.com/payments-api:1.4.0'),
      'registry.example.com/payments-api:9.9.9',
    ]);

    const rollout = await kubectl.run([
      '--context=staging',
      'get',
      'rollout',
      'payments-api',
      '-n',
      'payments-api',
      '-o',
      'jsonpath={.status.phase} {.status.canary.weights.canary.weight}',
    ]);
    expect(rollout.stdout).toBe('Paused 10');
  });

  it('aborts a canary with the patch kubectl argo rollouts sends', async () => {
    const deployer = await as('sandbox-k8s-deployer-token');
    try {
      await k8s.call('POST', '/argocd/_sandbox/release', {
        service: 'cart-service',
        environment: 'dev',
      });
      await k8s.tick(2);
      const result = await deployer.run([
        'patch',
        'rollout',
        'cart-service',
        '-n',
        'cart-service',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"abort":true}}',
      ]);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe(
        'rollout.argoproj.io/cart-service patched',
      );
      const phase = await deployer.run([
        'get',
        'rollout',
        'cart-service',
        '-n',
        'cart-service',
        '-o',
        'jsonpath={.status.phase}',
      ]);
      expect(phase.stdout).toBe('Degraded');

      const reader = await kubectl.run([
        '--context=dev',
        'patch',
        'rollout',
        'cart-service',
        '-n',
        'cart-service',
        '--subresource=status',
        '--type=merge',
        '-p',
        '{"status":{"abort":false}}',
      ]);
      expect(reader.code).not.toBe(0);
      expect(reader.stderr).toContain(
        'cannot patch resource "rollouts/status"',
      );
    } finally {
      await deployer.dispose();
    }
  });

  it('prints the API server errors', async () => {
    const missing = await kubectl.run([
      'get',
      'pod',
      'nope',
      '-n',
      'payments-api',
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('pods "nope" not found');

    const secrets = await kubectl.run(['get', 'secrets', '-A']);
    expect(secrets.code).not.toBe(0);
    expect(secrets.stderr).toContain(
      'User "system:serviceaccount:backstage:backstage-reader" cannot list resource "secrets"',
    );
  });

  it('is refused without the service account token', async () => {
    const stranger = await as('not-the-token');
    try {
      const result = await stranger.run(['get', 'pods', '-A']);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Unauthorized|must be logged in/);
    } finally {
      await stranger.dispose();
    }
  });

  it("answers kubectl auth can-i per the token's rights", async () => {
    const canI = async (k: Kubectl, ...args: string[]) => {
      const result = await k.run(['auth', 'can-i', ...args]);
      return `${result.code} ${result.stdout.trim()}`;
    };
    expect(await canI(kubectl, 'list', 'pods', '-A')).toBe('0 yes');
    expect(
      await canI(kubectl, 'get', 'rollouts.argoproj.io', '-n', 'payments-api'),
    ).toBe('0 yes');
    expect(await canI(kubectl, 'get', 'secrets', '-n', 'payments-api')).toBe(
      '1 no',
    );
    expect(await canI(kubectl, 'delete', 'pods', '-n', 'payments-api')).toBe(
      '1 no',
    );
    expect(
      await canI(
        kubectl,
        'patch',
        'rollouts.argoproj.io',
        '--subresource=status',
        '-n',
        'payments-api',
      ),
    ).toBe('1 no');
    expect(await canI(kubectl, 'get', '/version')).toBe('0 yes');

    const deployer = await as('sandbox-k8s-deployer-token');
    try {
      expect(
        await canI(
          deployer,
          'patch',
          'rollouts.argoproj.io',
          '--subresource=status',
          '-n',
          'payments-api',
        ),
      ).toBe('0 yes');
      expect(
        await canI(deployer, 'patch', 'deployments', '-n', 'payments-api'),
      ).toBe('1 no');
      const list = await deployer.run([
        'auth',
        'can-i',
        '--list',
        '-n',
        'payments-api',
      ]);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(
        /rollouts\.argoproj\.io\s+\[\]\s+\[\]\s+\[patch\]/,
      );
    } finally {
      await deployer.dispose();
    }
  });

  it('checks the server certificate: an untrusted CA is refused', async () => {
    const result = await kubectl.run([
      '--context=dev',
      '--certificate-authority=/dev/null',
      'get',
      'pods',
      '-A',
    ]);
    expect(result.code).not.toBe(0);
  });
});
