import {
  AutoSyncSuspension,
  DeploymentSummary,
  HealthStatus,
  OperationSummary,
  SyncStatus,
} from '@internal/plugin-deployments-common';
import {
  isAutoSyncEnabled,
  syncHeldFor,
  v1alpha1Application,
  v1alpha1OperationInitiator,
} from '@internal/plugin-deployments-node';
import { ArgoCDInstanceConfig } from './DeploymentsConfig';
import { isCanaryInFlight } from './rolloutState';

/**
 * The Argo CD annotation in which the portal keeps the auto-sync settings it
 * suspended, so that "resume auto-sync" restores exactly them and everyone
 * sees who suspended it and why.
 */
export const SUSPENSION_ANNOTATION =
  'deployments.backstage.io/auto-sync-suspended';

/** What the portal keeps of one application (small: thousands are cached). */
export interface ApplicationRecord {
  name: string;
  namespace?: string;
  project?: string;
  environment: string;
  labels: Record<string, string>;
  summary: DeploymentSummary;
}

export function initiator(by: v1alpha1OperationInitiator | undefined) {
  if (!by) return undefined;
  return by.username ?? (by.automated ? 'auto-sync' : undefined);
}

export function imageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const at = image.lastIndexOf('@');
  const colon = image.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port, not a tag.
  if (at < 0 && colon > image.lastIndexOf('/')) return image.slice(colon + 1);
  return undefined;
}

export function readSuspension(
  app: v1alpha1Application,
): (AutoSyncSuspension & { automated?: unknown }) | undefined {
  const raw = app.metadata?.annotations?.[SUSPENSION_ANNOTATION];
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw);
    return {
      by: String(value.by ?? 'unknown'),
      at: String(value.at ?? ''),
      reason: String(value.reason ?? ''),
      automated: value.automated,
    };
  } catch {
    return undefined; // someone edited it by hand; treat as absent
  }
}

/**
 * The environment of an application: its `environment` label, else the
 * name of its destination cluster.
 */
export function environmentOf(app: v1alpha1Application): string | undefined {
  return (
    app.metadata?.labels?.environment ??
    app.spec?.destination?.name ??
    app.spec?.destination?.server
  );
}

function operationOf(app: v1alpha1Application): OperationSummary | undefined {
  const state = app.status?.operationState;
  const operation = app.operation ?? state?.operation;
  if (!operation && !state) return undefined;
  return {
    // Argo CD's rollback is a sync with the history entry's source set.
    kind: operation?.sync?.source ? 'rollback' : 'sync',
    phase:
      app.operation && !state?.phase ? 'Running' : state?.phase ?? 'Running',
    message: state?.message,
    startedAt: state?.startedAt,
    finishedAt: state?.finishedAt,
    initiatedBy: initiator(operation?.initiatedBy),
  };
}

/** The matrix's view of one application. */
/** Argo CD's conditions, or undefined when there are none (the common case). */
function conditionsOf(
  app: v1alpha1Application,
): DeploymentSummary['conditions'] {
  const conditions = (app.status?.conditions ?? [])
    .filter(c => c.type && c.message)
    .map(c => ({ type: c.type!, message: c.message! }));
  return conditions.length ? conditions : undefined;
}

export function summarize(
  app: v1alpha1Application,
  instance: ArgoCDInstanceConfig,
  environment: string,
): ApplicationRecord {
  const name = app.metadata?.name ?? '';
  const history = app.status?.history ?? [];
  const last = history[history.length - 1];
  const revision =
    last?.revision ?? app.status?.operationState?.syncResult?.revision;
  const images = app.status?.summary?.images ?? [];
  const autoSync = isAutoSyncEnabled(app);
  const targetRevision = app.status?.sync?.revision;
  const operation = operationOf(app);
  const suspension = readSuspension(app);
  const summary: DeploymentSummary = {
    environment,
    instance: instance.name,
    state: 'deployed',
    application: name,
    argocdUrl: `${instance.webUrl}/applications/${
      app.metadata?.namespace ?? 'argocd'
    }/${name}`,
    revision,
    targetRevision,
    images,
    imageTag: imageTag(images[images.length - 1]),
    sync: (app.status?.sync?.status ?? 'Unknown') as SyncStatus,
    health: (app.status?.health?.status ?? 'Unknown') as HealthStatus,
    healthMessage: app.status?.health?.message,
    operation,
    operationRunning:
      !!app.operation ||
      operation?.phase === 'Running' ||
      operation?.phase === 'Terminating',
    autoSync,
    autoSyncSuspension: suspension
      ? { by: suspension.by, at: suspension.at, reason: suspension.reason }
      : undefined,
    syncHeld: syncHeldFor(app),
    conditions: conditionsOf(app),
    rolledBack:
      !autoSync &&
      !!revision &&
      !!targetRevision &&
      revision !== targetRevision,
    // EntityDeployments refines it with the Rollout (isCanaryInFlight).
    canaryInFlight: isCanaryInFlight(images),
    deployedAt: last?.deployedAt,
    deployedBy: initiator(last?.initiatedBy),
  };
  return {
    name,
    namespace: app.metadata?.namespace,
    project: app.spec?.project || undefined,
    environment,
    labels: app.metadata?.labels ?? {},
    summary,
  };
}
