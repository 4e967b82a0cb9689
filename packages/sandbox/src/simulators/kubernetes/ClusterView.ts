import type { KubeObject, RolloutAction } from '../../world/ClusterWorkloads';
import type { World } from '../../world/World';
import {
  LabelSelectorError,
  parseCommonLabelFilter,
  parseLabelSelector,
} from '../argocd/labelSelector';
import { uid } from '../argocd/deterministic';
import { ApiResource, apiVersionOf } from './apiResources';
import { badRequest } from './kubeStatus';
import { podMetrics } from './podMetrics';
import { withServerFields } from './serverFields';

/** Namespaces every EKS cluster of the platform has, whatever is deployed. */
const SYSTEM_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
  'argo-rollouts',
  'monitoring',
];

export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  name?: string;
}

/** `metadata.name=x,metadata.namespace!=y`: the fields every resource supports. */
function parseFieldSelector(
  selector: string | undefined,
): (o: KubeObject) => boolean {
  if (!selector?.trim()) {
    return () => true;
  }
  const tests = selector.split(',').map(part => {
    const match = /^\s*([\w.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!match) {
      throw badRequest(`invalid field selector: "${part}"`);
    }
    const [, field, op, value] = match;
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      throw badRequest(
        `field label not supported: ${field} (the sandbox supports metadata.name and metadata.namespace)`,
      );
    }
    const key = field === 'metadata.name' ? 'name' : 'namespace';
    return (o: KubeObject) => (o.metadata[key] === value) === (op !== '!=');
  });
  return o => tests.every(t => t(o));
}

/**
 * One simulated cluster (an environment) as its API server sees it: the
 * live objects of what the deployers run there, filtered like the API server
 * filters (namespace, label and field selectors).
 */
export class ClusterView {
  /** When the cluster was created: the system namespaces' timestamp. */
  private readonly createdAt: string;

  constructor(
    readonly name: string,
    private readonly world: World,
    epoch: Date,
  ) {
    this.createdAt = new Date(
      epoch.getTime() - 400 * 24 * 3_600_000,
    ).toISOString();
  }

  /** The objects of one resource type, sorted by namespace and name as etcd returns them. */
  list(resource: ApiResource, query: ListQuery, now: number): KubeObject[] {
    let matchesLabels;
    let canMatch;
    try {
      matchesLabels = parseLabelSelector(query.labelSelector);
      canMatch = parseCommonLabelFilter(query.labelSelector);
    } catch (error) {
      if (error instanceof LabelSelectorError) {
        throw badRequest(`unable to parse requirement: ${error.message}`);
      }
      throw error;
    }
    const matchesFields = parseFieldSelector(query.fieldSelector);
    const wanted = (o: KubeObject) =>
      (query.name === undefined || o.metadata.name === query.name) &&
      matchesLabels(o.metadata.labels) &&
      matchesFields(o);

    if (resource.kind === 'Namespace') {
      return this.namespaces().filter(wanted);
    }
    // metrics-server answers for the pods it scraped: the running ones.
    const kind = resource.kind === 'PodMetrics' ? 'Pod' : resource.kind;
    const apiVersion =
      resource.kind === 'PodMetrics' ? 'v1' : apiVersionOf(resource);
    const result: KubeObject[] = [];
    for (const workload of this.world.clusters.in(this.name)) {
      if (query.namespace && workload.namespace !== query.namespace) {
        continue;
      }
      if (!canMatch(workload.commonLabels)) {
        continue;
      }
      for (const object of workload.objects()) {
        if (
          object.kind === kind &&
          object.apiVersion === apiVersion &&
          wanted(object)
        ) {
          result.push(
            resource.kind === 'PodMetrics'
              ? podMetrics(object, this.name, this.world, now)
              : withServerFields(object),
          );
        }
      }
    }
    return result.sort((a, b) => {
      const byNamespace = (a.metadata.namespace ?? '').localeCompare(
        b.metadata.namespace ?? '',
      );
      return byNamespace || (a.metadata.name < b.metadata.name ? -1 : 1);
    });
  }

  /**
   * Hands a patched Rollout's actions to the controller of the workload that
   * runs it; false when the cluster has no such Rollout.
   */
  patchRollout(
    namespace: string,
    name: string,
    actions: RolloutAction[],
  ): boolean {
    const workload = this.world.clusters
      .in(this.name)
      .find(w => w.namespace === namespace);
    const exists = workload
      ?.objects()
      .some(o => o.kind === 'Rollout' && o.metadata.name === name);
    if (!workload?.rolloutAction || !exists) {
      return false;
    }
    for (const action of actions) {
      workload.rolloutAction(name, action);
    }
    return true;
  }

  private namespaces(): KubeObject[] {
    const names = new Set([
      ...SYSTEM_NAMESPACES,
      ...this.world.clusters.in(this.name).map(w => w.namespace),
    ]);
    return [...names].sort().map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: uid(`${this.name}/namespace/${name}`),
        resourceVersion: String(Date.parse(this.createdAt)),
        creationTimestamp: this.createdAt,
        labels: { 'kubernetes.io/metadata.name': name },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    }));
  }
}
