import type { RolloutAction } from '../../world/ClusterWorkloads';
import { KubeStatusError } from './kubeStatus';

/*
 * The patches `kubectl argo rollouts` (v1.9.1 pkg/kubectl-argo-rollouts/cmd)
 * and Argo CD's Rollout actions send, and what the Rollouts controller makes
 * of them (shared/specs/examples/argo-rollouts-examples.json):
 *
 *   abort          status: { abort: true }
 *   retry          status: { abort: false }
 *   promote        status: { pauseConditions: null }, spec: { paused: false }
 *   promote --full status: { promoteFull: true }
 *   skip a step    status: { currentStepIndex: n + 1 }
 *   pause          spec: { paused: true }
 *   restart        spec: { restartAt: <time> }
 */

const MERGE = 'application/merge-patch+json';

/**
 * The controller actions a merge patch of a Rollout (or of its `status`
 * subresource) amounts to, in the order they apply. Fields the sandbox does
 * not simulate are refused, so that a client never believes a change took
 * effect when it did not.
 */
export function rolloutActionsOf(
  contentType: string | undefined,
  patch: unknown,
  subresource: string | undefined,
): RolloutAction[] {
  const type = (contentType ?? '').split(';')[0].trim();
  if (type === 'application/strategic-merge-patch+json') {
    throw new KubeStatusError(
      415,
      'UnsupportedMediaType',
      'strategic merge patch is not supported for custom resources',
    );
  }
  if (type !== MERGE) {
    throw new KubeStatusError(
      415,
      'UnsupportedMediaType',
      `the sandbox simulates Rollout patches of type ${MERGE} only, not ${
        type || 'none'
      } (an undo's JSON patch of /spec/template is not simulated)`,
    );
  }
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new KubeStatusError(
      400,
      'BadRequest',
      'the patch must be a JSON object',
    );
  }
  const { spec, status, ...rest } = patch as Record<string, any>;
  const unsupported: string[] = Object.keys(rest).filter(k => k !== 'metadata');
  const actions: RolloutAction[] = [];

  // The Rollout CRD has a status subresource: the API server drops status
  // changes sent to the main resource and spec changes sent to `status`.
  if (status !== undefined && subresource === 'status') {
    for (const [field, value] of Object.entries(status ?? {})) {
      if (field === 'abort') {
        actions.push(value === true ? 'abort' : 'retry');
      } else if (field === 'promoteFull' && value === true) {
        actions.push('promote-full');
      } else if (field === 'pauseConditions' && value === null) {
        actions.push('resume');
      } else if (field === 'controllerPause' && value === false) {
        // Sent together with pauseConditions: null; nothing more to do.
      } else if (field === 'currentStepIndex' && typeof value === 'number') {
        actions.push('skip-current-step');
      } else {
        unsupported.push(`status.${field}`);
      }
    }
  }
  if (spec !== undefined && subresource !== 'status') {
    for (const [field, value] of Object.entries(spec ?? {})) {
      if (field === 'paused') {
        actions.push(value === true ? 'pause' : 'resume');
      } else if (field === 'restartAt' && typeof value === 'string') {
        actions.push('restart');
      } else {
        unsupported.push(`spec.${field}`);
      }
    }
  }
  if (unsupported.length > 0) {
    throw new KubeStatusError(
      422,
      'Invalid',
      `the sandbox does not simulate patching ${unsupported.join(
        ', ',
      )} of a Rollout; it simulates status.abort, status.promoteFull, status.pauseConditions: null, status.currentStepIndex, spec.paused and spec.restartAt`,
    );
  }
  return [...new Set(actions)];
}
