/*
 * Renders the real template through the real fetch:template action for each
 * case of the matrix, and checks the repository it produces.
 */
import { componentEntityV1alpha1Validator } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import Ajv from 'ajv';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { FORM_CASES, needsAws } from './__testUtils__/cases';
import { fillForm } from './__testUtils__/form';
import { parseManifests, validateManifest } from './__testUtils__/manifests';
import {
  loadTemplate,
  runTemplate,
  type TemplateRun,
} from './__testUtils__/scaffolder';

const SKELETON = join(__dirname, '../microservice/skeleton/service');

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? listFiles(join(dir, e.name), root)
        : [relative(root, join(dir, e.name))],
    ),
  );
  return nested.flat().sort();
}

/** Helm's merge of values files: maps merge key by key, everything else is replaced. */
function mergeValues(base: any, override: any): any {
  if (
    base &&
    override &&
    typeof base === 'object' &&
    typeof override === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(override)
  ) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(override))
      merged[key] = mergeValues(base[key], value);
    return merged;
  }
  return override === undefined ? base : override;
}

describe.each(FORM_CASES)('the rendered repository: $title', formCase => {
  let run: TemplateRun;
  let values: JsonObject;
  const name = formCase.typed.name as string;
  const file = (path: string) =>
    readFile(join(run.workspacePath, path), 'utf8');

  beforeAll(async () => {
    const template = await loadTemplate();
    values = fillForm(template, formCase.typed);
    run = await runTemplate(template, values);
  });
  afterAll(() => run?.cleanup());

  it('holds the service, its chart and one set of files per chosen environment', async () => {
    const files = await listFiles(run.workspacePath);
    for (const expected of [
      'catalog-info.yaml',
      'mkdocs.yml',
      'docs/index.md',
      'Dockerfile',
      '.github/workflows/ci.yaml',
      'package.json',
      'package-lock.json',
      'src/server.ts',
      '.node-version',
      'chart/Chart.yaml',
      'chart/values.yaml',
      'chart/values.schema.json',
      'chart/templates/rollout.yaml',
      'argocd/project.yaml',
    ]) {
      expect(files).toContain(expected);
    }
    const perEnvironment = files.filter(f =>
      /values-|argocd\/.+-|provisioning\//.test(f),
    );
    const expected = formCase.environments.flatMap(env => [
      `chart/values-${env}.yaml`,
      `argocd/${name}-${env}.yaml`,
      ...(needsAws(formCase) ? [`provisioning/${env}.tfvars.json`] : []),
    ]);
    expect(perEnvironment.sort()).toEqual(expected.sort());
  });

  it('copies the Helm templates and workflows verbatim and renders everything else', async () => {
    for (const path of [
      'chart/templates/analysistemplate.yaml',
      '.github/workflows/ci.yaml',
    ]) {
      expect(await file(path)).toBe(
        await readFile(join(SKELETON, path), 'utf8'),
      );
    }
    const verbatim =
      /^(chart\/templates\/|chart\/values\.schema\.json|\.github\/|src\/|test\/|scripts\/|Dockerfile)/;
    for (const path of (await listFiles(run.workspacePath)).filter(
      p => !verbatim.test(p),
    )) {
      expect({
        path,
        leftover: (await file(path)).match(/\$\{\{|\{%|\{#/g),
      }).toEqual({ path, leftover: null });
    }
  });

  it('describes a valid catalog Component with the annotations our plugins read', async () => {
    const entity = parse(await file('catalog-info.yaml'));
    await expect(componentEntityV1alpha1Validator.check(entity)).resolves.toBe(
      true,
    );
    expect(entity.metadata.name).toBe(name);
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/payments',
      system: 'system:default/payments',
    });
    const annotations = entity.metadata.annotations;
    expect(annotations).toMatchObject({
      'backstage.io/kubernetes-id': name,
      'argocd/app-selector': `app.kubernetes.io/name=${name}`,
      'grafana/dashboard-selector': `tags @> '${name}'`,
      'grafana/alert-label-selector': `service=${name}`,
      'jaegertracing.io/service': name,
      'backstage.io/techdocs-ref': 'dir:.',
    });
    expect(annotations['provisioning.acme.example/workspaces']).toBe(
      needsAws(formCase)
        ? formCase.environments.map(env => `${name}-${env}`).join(',')
        : undefined,
    );
  });

  it('records the template, its version and the form answers, and lists the files the template keeps', async () => {
    const template = await loadTemplate();
    const annotations = parse(await file('catalog-info.yaml')).metadata
      .annotations;
    const version =
      template.metadata.annotations?.[
        'paved-road.acme.example/template-version'
      ];
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(annotations['paved-road.acme.example/template']).toBe(
      'template:default/microservice',
    );
    expect(annotations['paved-road.acme.example/template-version']).toBe(
      version,
    );
    // The answers as submitted, to render the repository again.
    expect(
      JSON.parse(annotations['paved-road.acme.example/template-values']),
    ).toEqual(values);
    // The CHANGELOG beside the template has a section for this version.
    expect(
      await readFile(join(__dirname, '../microservice/CHANGELOG.md'), 'utf8'),
    ).toContain(`\n## ${version}\n`);

    const manifest = parse(await file('.paved-road.yaml'));
    const files = await listFiles(run.workspacePath);
    const listed = [...manifest.owned, ...manifest.shared];
    // Every listed file was rendered, once.
    expect(files).toEqual(expect.arrayContaining(listed));
    expect(new Set(listed).size).toBe(listed.length);
    // The platform's files are all listed; the code is the team's.
    const platform =
      /^(chart\/|argocd\/|provisioning\/|\.github\/|Dockerfile$|\.dockerignore$|\.node-version$|catalog-info\.yaml$|\.paved-road\.yaml$)/;
    expect(files.filter(f => platform.test(f)).sort()).toEqual(
      listed.filter(f => platform.test(f)).sort(),
    );
    expect(listed.some(f => f.startsWith('src/'))).toBe(false);
  });

  it('has one valid Argo CD Application per environment, found by the portal’s labels', async () => {
    for (const env of formCase.environments) {
      const [app] = parseManifests(await file(`argocd/${name}-${env}.yaml`));
      validateManifest(app);
      expect(app.metadata).toMatchObject({
        name: `${name}-${env}`,
        labels: { 'app.kubernetes.io/name': name, environment: env },
      });
      expect(app.spec.project).toBe(name);
      expect(app.spec.destination).toEqual({ name: env, namespace: name });
      expect(app.spec.source).toMatchObject({
        path: 'chart',
        helm: { releaseName: name, valueFiles: [`values-${env}.yaml`] },
      });
      // The steady state; argocd:create-applications holds it while the
      // environment's tiers are not provisioned (the annotation).
      expect(app.spec.syncPolicy.automated).toEqual({
        prune: true,
        selfHeal: true,
      });
      expect(app.metadata.annotations?.['portal.acme.example/sync-held']).toBe(
        needsAws(formCase) ? 'infrastructure' : undefined,
      );
      expect(app.spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject(
        {
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      );
    }
  });

  it('limits the Argo CD project to its environments, with the prod sync window if chosen', async () => {
    const [project] = parseManifests(await file('argocd/project.yaml'));
    validateManifest(project);
    expect(project.spec.destinations).toEqual(
      formCase.environments.map(env => ({ name: env, namespace: name })),
    );
    const windows = project.spec.syncWindows?.map((w: any) => ({
      kind: w.kind,
      applications: w.applications,
      manualSync: w.manualSync,
    }));
    expect(windows).toEqual(
      values.syncWindow === 'business-hours'
        ? [{ kind: 'allow', applications: [`${name}-prod`], manualSync: true }]
        : undefined,
    );
  });

  it('writes values files that the chart’s values.schema.json accepts', async () => {
    const schema = JSON.parse(await file('chart/values.schema.json'));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    const base = parse(await file('chart/values.yaml'));
    // Helm validates the merged values (values.yaml, then values-<env>.yaml).
    for (const env of formCase.environments) {
      const merged = mergeValues(
        base,
        parse(await file(`chart/values-${env}.yaml`)),
      );
      const ok = validate(merged);
      expect({ env, errors: ok ? null : validate.errors }).toEqual({
        env,
        errors: null,
      });
      // The sizes chosen in the form, as the chart receives them.
      const size = values[env] as JsonObject;
      const [min, max] = String(size.replicas).split('-').map(Number);
      expect(merged.autoscaling).toMatchObject({
        minReplicas: min,
        maxReplicas: max,
      });
      expect(merged.resources.requests).toEqual({
        cpu: size.cpu,
        memory: size.memory,
      });
      expect(merged.ingress.enabled).toBe(formCase.public);
    }
    // The schema is strict: a misspelt key is refused, not ignored.
    expect(
      validate(mergeValues(base, { autoscaling: { minReplica: 2 } })),
    ).toBe(false);
  });

  it('requests exactly the chosen tiers and sizes from the provisioning stack', async () => {
    const requested: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const env of formCase.environments) {
      const path = join(run.workspacePath, `provisioning/${env}.tfvars.json`);
      requested[env] = existsSync(path)
        ? JSON.parse(await readFile(path, 'utf8'))
        : null;
      expected[env] = needsAws(formCase)
        ? expectedTfvars(env, values[env] as any)
        : null;
    }
    expect(requested).toEqual(expected);
  });

  function expectedTfvars(env: string, size: any) {
    const database: Record<string, unknown> = {
      'aurora-serverless-v2': size.database?.capacity && {
        engine: 'aurora-serverless-v2',
        min_capacity_acu: Number(size.database.capacity.split('-')[0]),
        max_capacity_acu: Number(size.database.capacity.split('-')[1]),
        readers: size.database.readers,
      },
      'rds-postgres': size.database && {
        engine: 'rds-postgres',
        instance_class: size.database.instanceClass,
        allocated_storage_gb: size.database.storageGb,
        multi_az: size.database.multiAz,
      },
      none: null,
    };
    return {
      service: name,
      environment: env,
      kubernetes_namespace: name,
      kubernetes_service_account: name,
      database: database[formCase.tiers.database],
      cache:
        formCase.tiers.cache === 'redis'
          ? {
              engine: 'redis',
              node_type: size.cache.nodeType,
              replicas: size.cache.replicas,
            }
          : null,
      queue:
        formCase.tiers.queue === 'sqs'
          ? { dead_letter_queue: true, max_receive_count: 5 }
          : null,
    };
  }

  it('builds a multi-stage, non-root image on the same pinned Node as CI', async () => {
    const dockerfile = await file('Dockerfile');
    const nodeImage = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-[a-z]+-slim$/m.exec(
      dockerfile,
    );
    expect(nodeImage?.[1]).toBe((await file('.node-version')).trim());
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    // A numeric user, so the kubelet can verify runAsNonRoot.
    expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
  });

  it('has a CI workflow that tests, pushes the image and deploys to dev', async () => {
    const ci = parse(await file('.github/workflows/ci.yaml'));
    const runs = (job: string) =>
      ci.jobs[job].steps.map(
        (step: { run?: string; uses?: string }) => step.run ?? step.uses,
      );
    expect(runs('test')).toEqual(
      expect.arrayContaining(['npm ci', 'npm test']),
    );
    expect(runs('image')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^docker\/build-push-action@/),
      ]),
    );
    expect(runs('image').join('\n')).toContain(
      'node scripts/set-image-tag.ts chart/values-dev.yaml',
    );
  });

  it('names the generated package after the service', async () => {
    const pkg = JSON.parse(await file('package.json'));
    expect(pkg.name).toBe(name);
    expect(pkg.description).toBe(formCase.typed.description);
    expect(JSON.parse(await file('package-lock.json')).name).toBe(name);
  });
});
