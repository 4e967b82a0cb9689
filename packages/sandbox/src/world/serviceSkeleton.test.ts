import yaml from 'js-yaml';
import {
  renderServiceRepository,
  renderServiceSkeleton,
  sampleAnswers,
} from './serviceSkeleton';

describe('renderServiceSkeleton', () => {
  it('renders the chart, the values of each environment and the Argo CD manifests', () => {
    const files = renderServiceSkeleton({
      name: 'orders',
      description: 'Takes orders',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      environments: ['dev', 'prod'],
      database: 'postgres',
      repoUrl: 'http://localhost:7010/acme/orders.git',
      imageTag: '1.0.0',
    });
    expect([...files.keys()].sort()).toEqual(
      expect.arrayContaining([
        'argocd/orders-dev.yaml',
        'argocd/orders-prod.yaml',
        'argocd/project.yaml',
        'chart/Chart.yaml',
        'chart/templates/rollout.yaml',
        'chart/values-dev.yaml',
        'chart/values-prod.yaml',
        'chart/values.yaml',
      ]),
    );
    expect(files.has('chart/values-staging.yaml')).toBe(false);
    // Helm templates are copied verbatim.
    expect(files.get('chart/templates/rollout.yaml')).toContain(
      '{{ .Values.name }}',
    );
    const dev = yaml.load(files.get('chart/values-dev.yaml')!) as any;
    expect(dev).toMatchObject({
      environment: 'dev',
      image: { tag: '1.0.0' },
      autoscaling: { minReplicas: 1, maxReplicas: 2 },
      provisioned: { database: { port: 5432 } },
    });
    const values = yaml.load(files.get('chart/values.yaml')!) as any;
    expect(values).toMatchObject({ name: 'orders', partOf: 'payments' });
    const app = yaml.load(files.get('argocd/orders-prod.yaml')!) as any;
    expect(app.spec.source).toMatchObject({
      repoURL: 'http://localhost:7010/acme/orders.git',
      helm: { valueFiles: ['values-prod.yaml'] },
    });
  });
});

describe('renderServiceRepository', () => {
  it('renders the whole repository with the record the Paved road reads', () => {
    const files = renderServiceRepository({
      name: 'orders',
      description: 'Takes orders',
      owner: 'group:default/payments',
      system: 'system:default/payments',
      environments: ['dev', 'prod'],
      database: 'rds-postgres',
      repoUrl: 'http://localhost:7010/acme/orders.git',
    });
    expect(files.get('Dockerfile')).toBeDefined();
    const info = yaml.load(files.get('catalog-info.yaml')!) as any;
    const annotations = info.metadata.annotations;
    expect(annotations['paved-road.acme.example/template']).toBe(
      'template:default/microservice',
    );
    expect(annotations['paved-road.acme.example/template-version']).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
    expect(
      JSON.parse(annotations['paved-road.acme.example/template-values']),
    ).toEqual(
      sampleAnswers({
        name: 'orders',
        description: 'Takes orders',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        environments: ['dev', 'prod'],
        database: 'rds-postgres',
        repoUrl: 'http://localhost:7010/acme/orders.git',
      }),
    );
    const manifest = yaml.load(files.get('.paved-road.yaml')!) as any;
    expect(manifest.owned).toContain('argocd/orders-prod.yaml');
    expect(manifest.shared).toContain('provisioning/prod.tfvars.json');
    // The owned files are all there (a missing one would be drift).
    for (const path of manifest.owned) expect(files.has(path)).toBe(true);
    // The form's defaults for a database in prod.
    expect(
      JSON.parse(files.get('provisioning/prod.tfvars.json')!),
    ).toMatchObject({
      database: { instance_class: 'db.r6g.large', multi_az: true },
    });
  });
});
