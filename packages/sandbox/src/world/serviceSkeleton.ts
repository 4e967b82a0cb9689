import fs from 'node:fs';
import path from 'node:path';
import { parseEntityRef } from '@backstage/catalog-model';
import yaml from 'js-yaml';
import { createTemplateRenderer } from 'nunjitsu';
import type { Environment } from './World';

/*
 * The microservice template's skeleton rendered the way the scaffolder's
 * fetch:template renders it (nunjucks with `${{ }}`, the scaffolder's
 * filters, the template's copyWithoutTemplating), so the sandbox's sample
 * services get the same deploy repository a service created in the portal
 * gets: the chart, its values per environment and the Argo CD manifests.
 * `renderServiceSkeleton` gives what deploys (chart/ and argocd/);
 * `renderServiceRepository` the whole repository with the template's record
 * (version, answers, `.paved-road.yaml`), as "Create microservice" leaves it.
 */

// The sandbox runs from its sources, so the template sits beside it.
const REPO_ROOT = path.resolve(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../..',
);
export const TEMPLATE_DIR = path.join(REPO_ROOT, 'templates/microservice');
export const SKELETON_DIR = path.join(TEMPLATE_DIR, 'skeleton');
export const TEMPLATE_REF = 'template:default/microservice';
const VERSION_ANNOTATION = 'paved-road.acme.example/template-version';

/** A size of one environment, as the template's form asks for it. */
export interface EnvironmentSize {
  /** `min-max` pods, e.g. `1-2`. */
  replicas: string;
  cpu: string;
  memory: string;
}

/** The template's defaults per environment. */
export const DEFAULT_SIZES: Record<Environment, EnvironmentSize> = {
  dev: { replicas: '1-2', cpu: '100m', memory: '256Mi' },
  staging: { replicas: '2-4', cpu: '250m', memory: '512Mi' },
  prod: { replicas: '3-10', cpu: '500m', memory: '1Gi' },
};

/** The form's defaults of the tiers the samples use, per environment. */
const TIER_DEFAULTS: Record<
  Environment,
  { database: Record<string, unknown>; cache: Record<string, unknown> }
> = {
  dev: {
    database: { instanceClass: 'db.t4g.micro', storageGb: 20, multiAz: false },
    cache: { nodeType: 'cache.t4g.micro', replicas: 0 },
  },
  staging: {
    database: { instanceClass: 'db.t4g.small', storageGb: 20, multiAz: false },
    cache: { nodeType: 'cache.t4g.small', replicas: 1 },
  },
  prod: {
    database: { instanceClass: 'db.r6g.large', storageGb: 100, multiAz: true },
    cache: { nodeType: 'cache.r7g.large', replicas: 2 },
  },
};

export interface SkeletonValues {
  name: string;
  description: string;
  owner: string;
  /** Entity ref of the system, e.g. `system:default/payments`. */
  system: string;
  environments: Environment[];
  database?: string;
  cache?: string;
  queue?: string;
  public?: boolean;
  /** Where the repository lives; the Argo CD Applications point at it. */
  repoUrl: string;
  imageRegistry?: string;
  /** The image tag set in every environment's values (what CI would set). */
  imageTag?: string;
  sizes?: Partial<Record<Environment, EnvironmentSize>>;
  lifecycle?: string;
}

/** What the template's render steps read from template.yaml. */
interface TemplateFacts {
  version: string;
  /** copyWithoutTemplating of the render step. */
  verbatim: string[];
}

function templateFacts(templateDir: string): TemplateFacts {
  const template = yaml.load(
    fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
  ) as any;
  const render = (template?.spec?.steps ?? []).find(
    (step: any) => step.id === 'render',
  );
  return {
    version: String(template?.metadata?.annotations?.[VERSION_ANNOTATION]),
    verbatim: render?.input?.copyWithoutTemplating ?? [],
  };
}

// The globs of copyWithoutTemplating are of two shapes: `dir/**` and a path.
function matchesGlob(relative: string, glob: string): boolean {
  return glob.endsWith('/**')
    ? relative.startsWith(glob.slice(0, -2))
    : relative === glob;
}

/**
 * The answers of the form a sample service would have given: its tiers and
 * environments, the form's defaults for everything else. Hidden pages'
 * values are dropped, as the scaffolder drops them.
 */
export function sampleAnswers(values: SkeletonValues): Record<string, unknown> {
  const database = values.database ?? 'none';
  const cache = values.cache ?? 'none';
  const answers: Record<string, unknown> = {
    name: values.name,
    description: values.description,
    owner: values.owner,
    system: values.system,
    lifecycle: values.lifecycle ?? 'production',
    database,
    cache,
    queue: values.queue ?? 'none',
    public: values.public ?? false,
    environments: values.environments,
  };
  for (const environment of values.environments) {
    answers[environment] = {
      ...(values.sizes?.[environment] ?? DEFAULT_SIZES[environment]),
      ...(database === 'rds-postgres'
        ? { database: TIER_DEFAULTS[environment].database }
        : {}),
      ...(cache === 'redis' ? { cache: TIER_DEFAULTS[environment].cache } : {}),
    };
  }
  if (values.environments.includes('prod')) answers.syncWindow = 'none';
  return answers;
}

const renderer = createTemplateRenderer({
  filters: {
    parseEntityRef: ((ref: unknown) => {
      const { kind, namespace, name } = parseEntityRef(String(ref), {
        defaultKind: 'component',
      });
      return { kind, namespace, name };
    }) as any,
    pick: ((value: any, key: unknown) => value?.[String(key)]) as any,
  },
});

function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory()
      ? walk(path.join(dir, entry.name), relative)
      : [relative];
  });
}

function renderTree(
  dir: string,
  context: Record<string, unknown>,
  include: (relative: string) => boolean,
  files: Map<string, string>,
  verbatim: string[] = [],
): void {
  for (const relative of walk(dir).filter(include)) {
    const target = renderer.render(relative, context as any);
    // A path segment rendered empty drops the file, as fetch:template does.
    if (target.split('/').some(segment => segment === '')) continue;
    const text = fs.readFileSync(path.join(dir, relative), 'utf8');
    files.set(
      target,
      verbatim.some(glob => matchesGlob(relative, glob))
        ? text
        : renderer.render(text, context as any),
    );
  }
}

/**
 * The template's two render steps (`render` and `render-environments`) with
 * the values template.yaml gives them from the answers.
 */
function renderRepository(
  values: SkeletonValues,
  templateDir: string,
  include: (relative: string) => boolean,
): Map<string, string> {
  const facts = templateFacts(templateDir);
  const skeletonDir = path.join(templateDir, 'skeleton');
  const answers = sampleAnswers(values);
  const tiers = {
    database: answers.database as string,
    cache: answers.cache as string,
    queue: answers.queue as string,
  };
  const needsProvisioning = Object.values(tiers).some(t => t !== 'none');
  const common = {
    name: values.name,
    ...tiers,
    public: answers.public,
    needsProvisioning,
    repoUrl: values.repoUrl,
    baseDomain: 'acme.example',
  };
  const files = new Map<string, string>();
  renderTree(
    path.join(skeletonDir, 'service'),
    {
      values: {
        ...common,
        description: values.description,
        owner: values.owner,
        system: values.system,
        lifecycle: answers.lifecycle,
        environments: values.environments,
        syncWindow: answers.syncWindow ?? 'none',
        imageRegistry: values.imageRegistry ?? 'registry.acme.example',
        templateRef: TEMPLATE_REF,
        templateVersion: facts.version,
        templateValues: answers,
      },
    },
    include,
    files,
    facts.verbatim,
  );
  for (const environment of values.environments) {
    renderTree(
      path.join(skeletonDir, 'environment'),
      {
        values: {
          ...common,
          environment,
          size: answers[environment],
        },
      },
      include,
      files,
    );
  }
  if (values.imageTag) {
    for (const [file, text] of files) {
      if (/^chart\/values-[a-z]+\.yaml$/.test(file)) {
        files.set(
          file,
          text.replace(
            /^([ \t]+)tag: ""/m,
            `$1tag: ${JSON.stringify(values.imageTag)}`,
          ),
        );
      }
    }
  }
  return files;
}

/** The deploy part of a service's repository: file path -> content. */
export function renderServiceSkeleton(
  values: SkeletonValues,
  templateDir = TEMPLATE_DIR,
): Map<string, string> {
  return renderRepository(
    values,
    templateDir,
    relative => relative.startsWith('chart/') || relative.startsWith('argocd/'),
  );
}

/**
 * A service's whole repository as "Create microservice" renders it at the
 * template's current version: the code, the deploy files, and the record
 * the Paved road reads (catalog-info.yaml's template annotations with the
 * answers of `sampleAnswers`, and `.paved-road.yaml`).
 */
export function renderServiceRepository(
  values: SkeletonValues,
  templateDir = TEMPLATE_DIR,
): Map<string, string> {
  return renderRepository(values, templateDir, () => true);
}
