import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/** The directory of the GitOps tree (infra/gitops): where this package lives. */
export const GITOPS_ROOT = path.dirname(
  require.resolve('@internal/gitops/package.json'),
);

/** The repository root: $values/ and source paths are relative to it. */
export const REPO_ROOT = path.resolve(GITOPS_ROOT, '..', '..');

/** The environments the cluster generators select (Argo CD cluster label `environment`). */
export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;

/**
 * The annotations the ApplicationSets read from an Argo CD cluster secret.
 * The platform stack's outputs provide their values (see infra/README.md).
 */
export const CLUSTER_ANNOTATIONS = [
  'platform.acme.io/eks-cluster-name',
  'platform.acme.io/region',
  'platform.acme.io/vpc-id',
  'platform.acme.io/cluster-autoscaler-role-arn',
  'platform.acme.io/aws-load-balancer-controller-role-arn',
] as const;

/** One YAML document of the tree. */
export interface Manifest {
  /** Path relative to infra/gitops. */
  file: string;
  /** Index of the document within its file. */
  index: number;
  doc: Record<string, any>;
}

const SKIPPED_DIRS = new Set(['node_modules', 'src', 'dist', 'coverage']);

/** Every .yaml/.yml file under infra/gitops, sorted. */
export function listYamlFiles(root: string = GITOPS_ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) {
          walk(path.join(dir, entry.name));
        }
      } else if (/\.ya?ml$/.test(entry.name)) {
        files.push(path.relative(root, path.join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return files.sort();
}

/** Parses every YAML document of the tree; throws on the first syntax error. */
export function loadManifests(root: string = GITOPS_ROOT): Manifest[] {
  const manifests: Manifest[] = [];
  for (const file of listYamlFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    yaml.loadAll(text, undefined, { filename: file }).forEach((doc, index) => {
      if (doc !== null && doc !== undefined) {
        manifests.push({ file, index, doc: doc as Record<string, any> });
      }
    });
  }
  return manifests;
}

/** The documents of one kind. */
export function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter(m => m.doc?.kind === kind);
}
