import type { CanaryStep } from '@internal/api-argocd';
import type { KubeObject } from '../../world/ClusterWorkloads';
import { AnalysisSettings, durationTicks } from './CanaryRollout';
import { podTemplateHash } from './deterministic';
import { RepoError } from './RepoServer';

/**
 * What a commit's chart asks the cluster to run, read from the rendered
 * manifests: the Rollout's pod template (image, env, annotations), its
 * canary steps, and the replica count (the HPA's minimum when an HPA scales
 * the Rollout, else `spec.replicas`).
 */
export interface DesiredState {
  /** Every object the chart rendered, as Helm printed it. */
  manifests: KubeObject[];
  /** The Rollout's name (its objects are named after it). */
  rolloutName: string;
  /** The first container's image. */
  image: string;
  replicas: number;
  steps: CanaryStep[];
  /** `spec.template` of the Rollout: ReplicaSets and pods copy it. */
  podTemplate: Record<string, any>;
  /** The pod template's hash: a new one starts a canary. */
  templateHash: string;
  /** How each rendered AnalysisTemplate measures (its first metric). */
  analysis: Record<string, AnalysisSettings>;
}

/** Reads the desired state out of a render; throws what Argo CD would show. */
export function desiredState(
  manifests: KubeObject[],
  namespace: string,
): DesiredState {
  const rollouts = manifests.filter(
    m =>
      m.kind === 'Rollout' && String(m.apiVersion).startsWith('argoproj.io/'),
  );
  if (rollouts.length !== 1) {
    throw new RepoError(
      `the sandbox deploys charts with exactly one argoproj.io Rollout; this one renders ${rollouts.length}`,
    );
  }
  const rollout = rollouts[0] as KubeObject & { spec?: any };
  const podTemplate = (rollout.spec?.template ?? {}) as Record<string, any>;
  const image = String(podTemplate.spec?.containers?.[0]?.image ?? '');
  if (!image) {
    throw new RepoError(
      `Rollout ${rollout.metadata.name} has no container image`,
    );
  }
  const hpa = manifests.find(
    m =>
      m.kind === 'HorizontalPodAutoscaler' &&
      (m as any).spec?.scaleTargetRef?.kind === 'Rollout' &&
      (m as any).spec?.scaleTargetRef?.name === rollout.metadata.name,
  ) as (KubeObject & { spec?: any }) | undefined;
  const replicas = Number(
    hpa?.spec?.minReplicas ?? rollout.spec?.replicas ?? 1,
  );
  const steps = (rollout.spec?.strategy?.canary?.steps ?? []) as CanaryStep[];
  const analysis: Record<string, AnalysisSettings> = {};
  for (const template of manifests.filter(m => m.kind === 'AnalysisTemplate')) {
    const metric = (template as any).spec?.metrics?.[0];
    if (!metric) continue;
    analysis[template.metadata.name] = {
      intervalTicks: metric.interval ? durationTicks(metric.interval) : 1,
      count: Number(metric.count ?? 1) || 1,
      failureLimit: Number(metric.failureLimit ?? 0) || 0,
    };
  }
  return {
    manifests,
    analysis,
    rolloutName: rollout.metadata.name,
    image,
    replicas: Number.isFinite(replicas) && replicas > 0 ? replicas : 1,
    steps,
    podTemplate,
    templateHash: podTemplateHash(
      `${namespace}/${rollout.metadata.name}|${JSON.stringify(podTemplate)}`,
    ),
  };
}

/** The image's tag (`registry/name:tag` -> `tag`), '' without one. */
export function imageTag(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : '';
}

/** The image without its tag. */
export function imageRepository(image: string): string {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(0, colon) : image;
}

/**
 * Sets `image.tag` in a values file, keeping every other line (and the
 * comments) as they are, as CI's `set-image-tag` script does.
 */
export function setImageTag(valuesYaml: string, tag: string): string {
  const lines = valuesYaml.split('\n');
  const start = lines.findIndex(l => /^image:\s*(#.*)?$/.test(l));
  const quoted = JSON.stringify(tag);
  if (start < 0) {
    const body =
      valuesYaml.endsWith('\n') || !valuesYaml ? valuesYaml : `${valuesYaml}\n`;
    return `${body}image:\n  tag: ${quoted}\n`;
  }
  let end = start + 1;
  while (end < lines.length && (/^\s/.test(lines[end]) || lines[end] === '')) {
    end++;
  }
  for (let i = start + 1; i < end; i++) {
    const match = /^(\s+)tag:(\s*)([^#]*?)(\s*#.*)?$/.exec(lines[i]);
    if (match) {
      lines[i] = `${match[1]}tag: ${quoted}${match[4] ?? ''}`;
      return lines.join('\n');
    }
  }
  lines.splice(start + 1, 0, `  tag: ${quoted}`);
  return lines.join('\n');
}
