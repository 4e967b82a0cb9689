import type {
  v1alpha1ApplicationSource,
  v1alpha1Operation,
  v1alpha1OperationState,
} from '@internal/api-argocd';
import { ANALYSIS_TEMPLATE } from './CanaryRollout';

/**
 * `status.operationState` of a finished sync or rollback, with a sync result
 * per object of the service's chart, worded as Argo CD words them.
 */
export function succeededOperation(options: {
  operation: v1alpha1Operation;
  revision: string;
  source: v1alpha1ApplicationSource | undefined;
  service: string;
  startedAt: string;
  finishedAt: string;
  /** Whether the sync changed the Rollout's pod template. */
  rolloutChanged: boolean;
  /** The objects the commit's chart rendered (git-sourced apps). */
  rendered?: { apiVersion: string; kind: string; metadata: { name: string } }[];
}): v1alpha1OperationState {
  const { service } = options;
  const objects: [string, string, string, string][] = options.rendered
    ? options.rendered.map(o => {
        const slash = o.apiVersion.indexOf('/');
        return [
          slash < 0 ? '' : o.apiVersion.slice(0, slash),
          o.apiVersion.slice(slash + 1),
          o.kind,
          o.metadata.name,
        ];
      })
    : [
        ['', 'v1', 'Service', service],
        ['', 'v1', 'Service', `${service}-canary`],
        ['networking.k8s.io', 'v1', 'Ingress', service],
        ['argoproj.io', 'v1alpha1', 'AnalysisTemplate', ANALYSIS_TEMPLATE],
        ['argoproj.io', 'v1alpha1', 'Rollout', service],
      ];
  return {
    operation: options.operation,
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    startedAt: options.startedAt,
    finishedAt: options.finishedAt,
    syncResult: {
      revision: options.revision,
      source: options.source,
      resources: objects.map(([group, version, kind, name]) => ({
        group,
        version,
        kind,
        namespace: service,
        name,
        status: 'Synced',
        message: `${kind.toLowerCase()}${group ? `.${group}` : ''}/${name} ${
          kind === 'Rollout' && options.rolloutChanged
            ? 'configured'
            : 'unchanged'
        }`,
        // What Argo CD reports for objects that are not hooks.
        hookPhase: 'Running',
        syncPhase: 'Sync',
      })),
    },
  };
}
