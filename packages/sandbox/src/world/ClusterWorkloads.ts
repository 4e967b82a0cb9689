/**
 * What runs in the simulated Kubernetes clusters. Nothing in the sandbox
 * owns the clusters: whoever deploys to them (the Argo CD simulator) reports
 * its live objects here, and the Kubernetes API simulator serves them. So
 * Argo CD's resource tree and `kubectl get` show the same Rollout, the same
 * ReplicaSets and the same pods at the same canary step.
 */

/** A Kubernetes object as the API serves it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; uid: string }[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** The objects one deployed application runs in one cluster. */
export interface Workload {
  /** The namespace every object of the workload lives in. */
  namespace: string;
  /**
   * Labels every object of the workload carries. A label selector that one
   * of them fails cannot match any object of the workload, so a seeded
   * world of thousands of workloads is filtered without rendering them.
   */
  commonLabels: Record<string, string>;
  /** Its live objects now, rendered on demand. */
  objects(): KubeObject[];
  /**
   * Tells the workload's Rollout controller what a client patched, as the
   * Argo Rollouts controller reacts to `kubectl argo rollouts` patches
   * (e.g. `status.abort: true` is `abort`). Absent: Rollouts cannot change.
   */
  rolloutAction?(name: string, action: RolloutAction): void;
}

/** What a patch of a Rollout asks its controller to do. */
export type RolloutAction =
  | 'abort'
  | 'retry'
  | 'resume'
  | 'promote-full'
  | 'pause'
  | 'restart'
  | 'skip-current-step';

/** Something that deploys to the clusters, e.g. one Argo CD instance. */
export interface WorkloadSource {
  /** The workloads it runs in `cluster` (an environment name) now. */
  workloads(cluster: string): Workload[];
}

/** The registry of deployers; lives as long as the sandbox (a reset keeps it). */
export class ClusterWorkloads {
  private readonly sources: WorkloadSource[] = [];

  /** Called once by each deploying simulator when it starts. */
  addSource(source: WorkloadSource): void {
    this.sources.push(source);
  }

  /**
   * The workloads of one cluster. When two deployers claim the same
   * namespace (two Argo CD instances deploying one service to the same
   * cluster), the first registered wins, as only one can own the objects.
   */
  in(cluster: string): Workload[] {
    if (this.sources.length === 1) {
      return this.sources[0].workloads(cluster);
    }
    const seen = new Set<string>();
    const result: Workload[] = [];
    for (const source of this.sources) {
      for (const workload of source.workloads(cluster)) {
        if (!seen.has(workload.namespace)) {
          seen.add(workload.namespace);
          result.push(workload);
        }
      }
    }
    return result;
  }
}
