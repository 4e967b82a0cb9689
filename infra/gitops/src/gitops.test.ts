import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import {
  CLUSTER_ANNOTATIONS,
  ENVIRONMENTS,
  GITOPS_ROOT,
  Manifest,
  REPO_ROOT,
  constraintProblems,
  createArgoCDValidator,
  listYamlFiles,
  loadManifests,
  ofKind,
  regoProblems,
  sourceProblems,
  templateProblems,
} from './index';

const manifests = loadManifests();
const argocd = createArgoCDValidator();
const applications = ofKind(manifests, 'Application');
const applicationSets = ofKind(manifests, 'ApplicationSet');
const projects = ofKind(manifests, 'AppProject');
const templates = ofKind(manifests, 'ConstraintTemplate');
const constraints = manifests.filter(
  m => m.doc.apiVersion === 'constraints.gatekeeper.sh/v1beta1',
);
const label = (m: Manifest) =>
  `${m.file} (${m.doc.kind} ${m.doc.metadata?.name})`;

/** A cluster as the Argo CD cluster generator exposes it to a Go template. */
function cluster(environment: string) {
  const annotations: Record<string, string> = {};
  for (const a of CLUSTER_ANNOTATIONS) {
    annotations[a] = `${a.split('/')[1]}-${environment}`;
  }
  return {
    name: `portal-${environment}`,
    server: `https://${environment}.eks.example`,
    labels: { environment },
    annotations,
  };
}

/**
 * Renders the Go template expressions the ApplicationSets use; any other
 * expression is an error (it would need a test of its own).
 */
function render(text: string, c: ReturnType<typeof cluster>): string {
  return text.replace(/\{\{(.*?)\}\}/g, (_, expression: string) => {
    const e = expression.trim();
    if (e === '.name') return c.name;
    if (e === '.server') return c.server;
    const index = /^index \.metadata\.(labels|annotations) "([^"]+)"$/.exec(e);
    if (index) {
      const value = (
        c[index[1] as 'labels' | 'annotations'] as Record<string, string>
      )[index[2]];
      if (value === undefined) {
        throw new Error(`the cluster has no ${index[1]} ${index[2]}`);
      }
      return value;
    }
    throw new Error(`unsupported template expression {{${expression}}}`);
  });
}

function renderTemplate(appSet: Manifest, environment: string) {
  return yaml.load(
    render(
      yaml.dump(appSet.doc.spec.template, { lineWidth: -1 }),
      cluster(environment),
    ),
  ) as Record<string, any>;
}

const existsInRepo = (p: string) => fs.existsSync(path.join(REPO_ROOT, p));

describe('infra/gitops YAML', () => {
  it('has manifests to check', () => {
    expect(applicationSets.length).toBeGreaterThanOrEqual(10);
    expect(templates.length).toBeGreaterThanOrEqual(3);
  });

  it.each(listYamlFiles())('%s parses', file => {
    const text = fs.readFileSync(path.join(GITOPS_ROOT, file), 'utf8');
    expect(() => yaml.loadAll(text)).not.toThrow();
    expect(yaml.loadAll(text).filter(d => d !== null).length).toBeGreaterThan(
      0,
    );
  });
});

describe('Argo CD resources match the Argo CD CRD shape', () => {
  it.each(
    [...applications, ...applicationSets, ...projects].map(m => [label(m), m]),
  )('%s', (_, m) => {
    expect(argocd.validate((m as Manifest).doc)).toEqual([]);
  });

  it.each(applications.map(m => [label(m), m]))(
    '%s has a usable source and destination',
    (_, m) => {
      expect(sourceProblems((m as Manifest).doc.spec)).toEqual([]);
    },
  );

  it('the validator rejects unknown fields and missing required fields', () => {
    const app = structuredClone(applications[0].doc);
    app.spec.syncPolicy.automatic = { prune: true };
    delete app.spec.project;
    const problems = argocd.validate(app);
    expect(problems.join('\n')).toMatch(/automatic/);
    expect(problems.join('\n')).toMatch(/project/);
  });

  it('the validator rejects a generator without a known type and a template without spec', () => {
    const appSet = structuredClone(applicationSets[0].doc);
    appSet.spec.generators = [{ cluster: {} }];
    delete appSet.spec.template.spec;
    const problems = argocd.validate(appSet).join('\n');
    expect(problems).toMatch(/cluster\b/);
    expect(problems).toMatch(/spec/);
  });
});

describe('ApplicationSets install the add-ons on every environment', () => {
  it('cover every add-on of the platform', () => {
    const addons = applicationSets.map(m => m.doc.metadata.name);
    expect(addons).toEqual(
      expect.arrayContaining([
        'argo-rollouts',
        'kube-prometheus-stack',
        'jaeger',
        'eck-operator',
        'logging',
        'fluent-bit',
        'gatekeeper',
        'gatekeeper-policies',
        'cluster-autoscaler',
        'vertical-pod-autoscaler',
        'aws-load-balancer-controller',
      ]),
    );
  });

  describe.each(applicationSets.map(m => [m.doc.metadata.name, m]))(
    '%s',
    (_, m) => {
      const appSet = m as Manifest;

      it('uses Go templates that fail on missing keys', () => {
        expect(appSet.doc.spec.goTemplate).toBe(true);
        expect(appSet.doc.spec.goTemplateOptions).toContain('missingkey=error');
      });

      it('generates from the clusters labelled dev, staging and prod', () => {
        expect(appSet.doc.spec.generators).toHaveLength(1);
        const expressions =
          appSet.doc.spec.generators[0].clusters.selector.matchExpressions;
        expect(expressions).toEqual([
          { key: 'environment', operator: 'In', values: [...ENVIRONMENTS] },
        ]);
      });

      it('keeps the add-on installed when the ApplicationSet is deleted', () => {
        expect(appSet.doc.spec.syncPolicy?.preserveResourcesOnDeletion).toBe(
          true,
        );
      });

      it.each([...ENVIRONMENTS])(
        'renders a valid Application for %s',
        environment => {
          const template = renderTemplate(appSet, environment);
          const app = {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { ...template.metadata, namespace: 'argocd' },
            spec: template.spec,
          };
          expect(argocd.validate(app)).toEqual([]);
          expect(sourceProblems(app.spec)).toEqual([]);
          expect(app.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
          expect(app.metadata.labels.environment).toBe(environment);
          expect(app.spec.destination.server).toBe(cluster(environment).server);
        },
      );

      it.each([...ENVIRONMENTS])(
        'finds its values and manifests for %s in the repository',
        environment => {
          const spec = renderTemplate(appSet, environment).spec;
          const sources: Record<string, any>[] = spec.sources ?? [spec.source];
          const refs = sources.filter(s => s.ref).map(s => `$${s.ref}/`);
          const valueFiles: string[] = sources.flatMap(
            s => s.helm?.valueFiles ?? [],
          );
          const paths: string[] = sources
            .filter(s => s.path !== undefined)
            .map(s => s.path);
          const repoPaths = valueFiles.map(f => f.replace(/^\$[^/]+\//, ''));

          // Every value file goes through a ref source, exists, and is
          // common.yaml or the file of this environment.
          expect(
            valueFiles.filter(f => !refs.some(r => f.startsWith(r))),
          ).toEqual([]);
          expect(repoPaths.filter(p => !existsInRepo(p))).toEqual([]);
          expect(
            repoPaths.filter(
              p =>
                !p.endsWith('/common.yaml') &&
                !p.endsWith(`/${environment}.yaml`),
            ),
          ).toEqual([]);
          expect(paths.filter(p => !existsInRepo(p))).toEqual([]);
          expect(valueFiles.length + paths.length).toBeGreaterThan(0);
        },
      );

      it('belongs to a defined project that allows its repositories', () => {
        const spec = appSet.doc.spec.template.spec;
        const project = projects.find(
          p => p.doc.metadata.name === spec.project,
        );
        expect(project).toBeDefined();
        for (const s of spec.sources ?? [spec.source]) {
          expect(project!.doc.spec.sourceRepos).toContain(s.repoURL);
        }
      });
    },
  );

  it('reads only the cluster annotations the platform stack provides', () => {
    const used = new Set<string>();
    for (const m of applicationSets) {
      for (const match of yaml
        .dump(m.doc)
        .matchAll(/index \.metadata\.annotations "([^"]+)"/g)) {
        used.add(match[1]);
      }
    }
    expect(used.size).toBeGreaterThan(0);
    for (const a of used) {
      expect(CLUSTER_ANNOTATIONS).toContain(a);
    }
  });

  it('has values for every environment of every Helm add-on', () => {
    const valuesDir = path.join(GITOPS_ROOT, 'values');
    for (const addon of fs.readdirSync(valuesDir)) {
      for (const file of ['common', ...ENVIRONMENTS]) {
        expect(fs.existsSync(path.join(valuesDir, addon, `${file}.yaml`))).toBe(
          true,
        );
      }
    }
  });
});

describe('kustomizations', () => {
  it.each(ofKind(manifests, 'Kustomization').map(m => [m.file, m]))(
    '%s references existing files',
    (_, m) => {
      const dir = path.dirname(path.join(GITOPS_ROOT, (m as Manifest).file));
      for (const resource of (m as Manifest).doc.resources ?? []) {
        expect(fs.existsSync(path.join(dir, resource))).toBe(true);
      }
    },
  );
});

describe('Gatekeeper constraint templates compile to what Gatekeeper expects', () => {
  it('include required labels, no privileged pods and allowed registries', () => {
    expect(templates.map(t => t.doc.spec.crd.spec.names.kind)).toEqual(
      expect.arrayContaining([
        'K8sRequiredLabels',
        'K8sNoPrivilegedContainers',
        'K8sAllowedRepos',
      ]),
    );
  });

  it.each(templates.map(t => [t.doc.metadata.name, t]))('%s', (_, t) => {
    const doc = (t as Manifest).doc;
    expect(templateProblems(doc)).toEqual([]);
    expect(doc.spec.targets.map((x: any) => x.target)).toEqual([
      'admission.k8s.gatekeeper.sh',
    ]);
    expect(doc.spec.targets[0].rego).toMatch(
      new RegExp(`^package ${doc.metadata.name}$`, 'm'),
    );
    expect(doc.spec.targets[0].rego).toMatch(/^violation\[\{"msg": msg/m);
  });

  it('every constraint instantiates a template and fits its parameters', () => {
    expect(constraints.length).toBeGreaterThanOrEqual(3);
    expect(constraintProblems(constraints, templates)).toEqual([]);
  });

  it('the checks reject a broken template', () => {
    const broken = structuredClone(templates[0].doc);
    broken.spec.targets[0].target = 'admission.k8s.io';
    broken.spec.targets[0].rego = broken.spec.targets[0].rego
      .replace(/^package .*$/m, 'package other')
      .replace(/violation\[/g, 'deny[');
    delete broken.spec.crd.spec.names.kind;
    const problems = templateProblems(broken).join('\n');
    expect(problems).toMatch(/names\.kind/);
    expect(problems).toMatch(/target must be/);
    expect(problems).toMatch(/package other/);
    expect(problems).toMatch(/no violation/);
  });

  it('the checks reject unbalanced rego and a constraint of an unknown kind', () => {
    expect(
      regoProblems('package p\nviolation[{"msg": msg}] {\n  msg := "x"\n', 'p'),
    ).toEqual(['has 1 unclosed bracket(s)']);
    const orphan = {
      ...constraints[0],
      doc: { ...constraints[0].doc, kind: 'K8sUnknown' },
    };
    expect(constraintProblems([orphan], templates).join('\n')).toMatch(
      /no ConstraintTemplate/,
    );
    const wrongParameters = structuredClone(
      constraints.find(c => c.doc.spec.parameters)!,
    );
    wrongParameters.doc.spec.parameters = { unexpected: true };
    expect(constraintProblems([wrongParameters], templates)).not.toEqual([]);
  });

  it('prod denies, dev and staging warn', () => {
    const overlay = (env: string) =>
      yaml.load(
        fs.readFileSync(
          path.join(
            GITOPS_ROOT,
            'policies',
            'overlays',
            env,
            'kustomization.yaml',
          ),
          'utf8',
        ),
      ) as Record<string, any>;
    const actions = (env: string) =>
      (overlay(env).patches ?? []).map(
        (p: any) => (yaml.load(p.patch) as any[])[0].value,
      );
    expect(
      constraints.every(c => c.doc.spec.enforcementAction === 'deny'),
    ).toBe(true);
    expect(overlay('prod').patches).toBeUndefined();
    for (const env of ['dev', 'staging']) {
      expect(actions(env)).toEqual(constraints.map(() => 'warn'));
    }
  });
});
