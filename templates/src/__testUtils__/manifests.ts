/*
 * Kubernetes manifests as Helm renders them, checked against the API schemas
 * of @kubernetes-models (core kinds, Argo Rollouts, Argo CD, Prometheus
 * Operator). The VerticalPodAutoscaler has no model package; tests check its
 * few fields directly.
 */
import { parseAllDocuments } from 'yaml';
import { requireEsm } from './modules';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  [key: string]: any;
}

export function parseManifests(yamlText: string): Manifest[] {
  return parseAllDocuments(yamlText)
    .map(doc => {
      if (doc.errors.length) throw doc.errors[0];
      return doc.toJS() as Manifest | null;
    })
    .filter((doc): doc is Manifest => doc !== null);
}

type ModelClass = new (data: unknown) => { validate(): void };

const MODELS: Record<string, [string, string, string]> = {
  'v1/ConfigMap': ['kubernetes-models', 'v1/ConfigMap.js', 'ConfigMap'],
  'v1/Service': ['kubernetes-models', 'v1/Service.js', 'Service'],
  'v1/ServiceAccount': [
    'kubernetes-models',
    'v1/ServiceAccount.js',
    'ServiceAccount',
  ],
  'autoscaling/v2/HorizontalPodAutoscaler': [
    'kubernetes-models',
    'autoscaling/v2/HorizontalPodAutoscaler.js',
    'HorizontalPodAutoscaler',
  ],
  'policy/v1/PodDisruptionBudget': [
    'kubernetes-models',
    'policy/v1/PodDisruptionBudget.js',
    'PodDisruptionBudget',
  ],
  'networking.k8s.io/v1/Ingress': [
    'kubernetes-models',
    'networking.k8s.io/v1/Ingress.js',
    'Ingress',
  ],
  'networking.k8s.io/v1/NetworkPolicy': [
    'kubernetes-models',
    'networking.k8s.io/v1/NetworkPolicy.js',
    'NetworkPolicy',
  ],
  'argoproj.io/v1alpha1/Rollout': [
    '@kubernetes-models/argo-rollouts',
    'argoproj.io/v1alpha1/Rollout.js',
    'Rollout',
  ],
  'argoproj.io/v1alpha1/AnalysisTemplate': [
    '@kubernetes-models/argo-rollouts',
    'argoproj.io/v1alpha1/AnalysisTemplate.js',
    'AnalysisTemplate',
  ],
  'argoproj.io/v1alpha1/Application': [
    '@kubernetes-models/argo-cd',
    'argoproj.io/v1alpha1/Application.js',
    'Application',
  ],
  'argoproj.io/v1alpha1/AppProject': [
    '@kubernetes-models/argo-cd',
    'argoproj.io/v1alpha1/AppProject.js',
    'AppProject',
  ],
  'monitoring.coreos.com/v1/ServiceMonitor': [
    '@kubernetes-models/prometheus-operator',
    'monitoring.coreos.com/v1/ServiceMonitor.js',
    'ServiceMonitor',
  ],
  'monitoring.coreos.com/v1/PrometheusRule': [
    '@kubernetes-models/prometheus-operator',
    'monitoring.coreos.com/v1/PrometheusRule.js',
    'PrometheusRule',
  ],
};

/** Kinds validated by a model; anything else must be asserted on by hand. */
export const MODELLED_KINDS = Object.keys(MODELS);

/**
 * Validates a manifest against its kind's schema; throws with the schema
 * errors. Unknown kinds throw too, so a new kind cannot slip in unchecked.
 */
export function validateManifest(manifest: Manifest): void {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const entry = MODELS[key];
  if (!entry) throw new Error(`no schema for ${key}`);
  const [pkg, file, name] = entry;
  const Model = requireEsm<Record<string, ModelClass>>(pkg, file)[name];
  try {
    new Model(manifest).validate();
  } catch (error) {
    const details = (error as { errors?: unknown }).errors;
    throw new Error(
      `${key} ${manifest.metadata?.name}: ${(error as Error).message}${
        details ? ` ${JSON.stringify(details)}` : ''
      }`,
    );
  }
}

export function findManifest(
  manifests: Manifest[],
  kind: string,
  name?: string,
): Manifest {
  const found = manifests.find(
    m => m.kind === kind && (!name || m.metadata.name === name),
  );
  if (!found) {
    throw new Error(
      `no ${kind}${name ? ` ${name}` : ''} among ${manifests
        .map(m => `${m.kind}/${m.metadata.name}`)
        .join(', ')}`,
    );
  }
  return found;
}
