import {
  rolloutHealth,
  toHealthStatus,
  type applicationv1alpha1ResourceStatus,
} from '@internal/api-argocd';
import type { KubeObject } from '../../world/ClusterWorkloads';
import type { LiveObject } from './applicationResources';
import type { CanaryRollout } from './CanaryRollout';
import { uid } from './deterministic';
import type { DesiredState } from './desiredState';
import {
  managedMetadata,
  ObjectContext,
  rolloutManifest,
} from './rolloutManifests';

/*
 * The managed objects of a git-sourced application: what the deployed
 * commit's chart rendered, as the cluster holds it (uid, namespace, Argo
 * CD's tracking annotation), with the Rollout's status played by
 * CanaryRollout.
 */

/** Kinds Argo CD has a built-in health check for that are simply Healthy here. */
const HEALTHY_KINDS = new Set([
  'Service',
  'Ingress',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'PersistentVolumeClaim',
]);

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

function identity(o: KubeObject, namespace: string): string {
  return `${groupVersion(o.apiVersion).group}/${o.kind}/${
    o.metadata.namespace ?? namespace
  }/${o.metadata.name}`;
}

/** One rendered object as it lives in the cluster. */
function liveManifest(
  ctx: ObjectContext,
  object: KubeObject,
  createdAt: string,
): KubeObject {
  const { group } = groupVersion(object.apiVersion);
  const namespace = object.metadata.namespace ?? ctx.service;
  const tracking = managedMetadata(
    ctx,
    group,
    object.kind,
    object.metadata.name,
  );
  return {
    ...object,
    metadata: {
      ...object.metadata,
      namespace,
      uid: uid(
        `${namespace}/${object.kind.toLowerCase()}/${object.metadata.name}`,
      ),
      resourceVersion: '1',
      creationTimestamp: createdAt,
      annotations: {
        ...object.metadata.annotations,
        ...tracking.annotations,
      },
    },
  };
}

/** The live objects of the deployed commit; none before the first sync. */
export function gitManagedObjects(
  ctx: ObjectContext,
  live: DesiredState | undefined,
  _head: DesiredState | undefined,
  rollout: () => CanaryRollout,
  createdAt: string,
): LiveObject[] {
  if (!live) {
    return [];
  }
  return live.manifests.map(object => {
    const { group, version } = groupVersion(object.apiVersion);
    const namespace = object.metadata.namespace ?? ctx.service;
    const base = {
      group,
      version,
      kind: object.kind,
      namespace,
      name: object.metadata.name,
    };
    if (object.kind === 'Rollout' && group === 'argoproj.io') {
      const manifest = rolloutManifest(ctx, rollout(), object as any);
      return {
        ...base,
        health: toHealthStatus(rolloutHealth(manifest)),
        info: [
          {
            name: 'Revision',
            value: `Rev:${rollout().current?.revision ?? 0}`,
          },
        ],
        manifest: () => manifest,
      };
    }
    const manifest = liveManifest(ctx, object, createdAt);
    return {
      ...base,
      health: HEALTHY_KINDS.has(object.kind)
        ? { status: 'Healthy' }
        : undefined,
      manifest: () => manifest,
    };
  });
}

/**
 * `status.resources`: every object of the desired state (the head's render)
 * and of the live one. An object is Synced when the head renders it as the
 * deployed commit did, OutOfSync when it differs or is missing (health
 * Missing), and OutOfSync with `requiresPruning` when only the live state
 * has it.
 */
export function gitResourceStatuses(
  managed: LiveObject[],
  head: DesiredState | undefined,
  withHealth: boolean,
  live?: DesiredState,
): applicationv1alpha1ResourceStatus[] {
  const namespaceOf = (o: KubeObject) =>
    o.metadata.namespace ?? managed[0]?.namespace ?? '';
  const desired = new Map(
    (head?.manifests ?? []).map(o => [identity(o, namespaceOf(o)), o]),
  );
  const deployed = new Map(
    (live?.manifests ?? []).map(o => [identity(o, namespaceOf(o)), o]),
  );
  const statuses: applicationv1alpha1ResourceStatus[] = [];
  const seen = new Set<string>();
  for (const o of managed) {
    const key = `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
    seen.add(key);
    const want = desired.get(key);
    const had = deployed.get(key);
    const status: applicationv1alpha1ResourceStatus = o.group
      ? { group: o.group }
      : {};
    let sync: 'Synced' | 'OutOfSync' = 'OutOfSync';
    if (want && had && JSON.stringify(want) === JSON.stringify(had)) {
      sync = 'Synced';
    }
    Object.assign(status, {
      version: o.version,
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      status: sync,
    });
    if (!want) status.requiresPruning = true;
    if (withHealth && o.health) status.health = o.health;
    statuses.push(status);
  }
  for (const [key, o] of desired) {
    if (seen.has(key)) continue;
    const { group, version } = groupVersion(o.apiVersion);
    const status: applicationv1alpha1ResourceStatus = group ? { group } : {};
    Object.assign(status, {
      version,
      kind: o.kind,
      namespace: namespaceOf(o),
      name: o.metadata.name,
      status: 'OutOfSync',
    });
    if (withHealth) status.health = { status: 'Missing' };
    statuses.push(status);
  }
  return statuses;
}
