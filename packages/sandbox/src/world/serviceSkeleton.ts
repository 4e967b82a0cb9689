import fs from 'node:fs';
import path from 'node:path';
import { parseEntityRef } from '@backstage/catalog-model';
import { createTemplateRenderer } from 'nunjitsu';
import type { Environment } from './World';

/*
 * The microservice template's skeleton rendered the way the scaffolder's
 * fetch:template renders it (nunjucks with `${{ }}`, the scaffolder's
 * filters, the template's copyWithoutTemplating), so the sandbox's sample
 * services get the same deploy repository a service created in the portal
 * gets: the chart, its values per environment and the Argo CD manifests.
 * Only what deploys is rendered (chart/ and argocd/); the code is not.
 */

// The sandbox runs from its sources, so the template sits beside it.
const REPO_ROOT = path.resolve(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../..',
);
export const SKELETON_DIR = path.join(
  REPO_ROOT,
  'templates/microservice/skeleton',
);

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

// From template.yaml's render step: Helm templates use {{ }} of their own.
const VERBATIM = [/^chart\/templates\//, /^chart\/values\.schema\.json$/];

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
): void {
  for (const relative of walk(dir).filter(include)) {
    const target = renderer.render(relative, context as any);
    // A path segment rendered empty drops the file, as fetch:template does.
    if (target.split('/').some(segment => segment === '')) continue;
    const text = fs.readFileSync(path.join(dir, relative), 'utf8');
    files.set(
      target,
      VERBATIM.some(p => p.test(relative))
        ? text
        : renderer.render(text, context as any),
    );
  }
}

/** The deploy part of a service's repository: file path -> content. */
export function renderServiceSkeleton(
  values: SkeletonValues,
  skeletonDir = SKELETON_DIR,
): Map<string, string> {
  const tiers = {
    database: values.database ?? 'none',
    cache: values.cache ?? 'none',
    queue: values.queue ?? 'none',
  };
  const needsProvisioning = Object.values(tiers).some(t => t !== 'none');
  const common = {
    name: values.name,
    ...tiers,
    public: values.public ?? false,
    needsProvisioning,
    repoUrl: values.repoUrl,
    baseDomain: 'acme.example',
  };
  const files = new Map<string, string>();
  const deploys = (relative: string) =>
    relative.startsWith('chart/') || relative.startsWith('argocd/');
  renderTree(
    path.join(skeletonDir, 'service'),
    {
      values: {
        ...common,
        description: values.description,
        owner: values.owner,
        system: values.system,
        lifecycle: 'production',
        environments: values.environments,
        syncWindow: 'none',
        imageRegistry: values.imageRegistry ?? 'registry.acme.example',
      },
    },
    deploys,
    files,
  );
  for (const environment of values.environments) {
    renderTree(
      path.join(skeletonDir, 'environment'),
      {
        values: {
          ...common,
          environment,
          size: values.sizes?.[environment] ?? DEFAULT_SIZES[environment],
        },
      },
      deploys,
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
