import {
  analysisRunHealth,
  rolloutHealth,
  toHealthStatus,
  type applicationv1alpha1ResourceStatus,
  type AssessedHealthStatus,
  type v1alpha1ResourceNode,
} from '@internal/api-argocd';
import { ANALYSIS_TEMPLATE, CanaryRollout } from './CanaryRollout';
import { uid } from './deterministic';
import {
  analysisRunManifest,
  analysisTemplateManifest,
  managedMetadata,
  nodeName,
  ObjectContext,
  podManifest,
  podNames,
  replicaSetManifest,
  replicaSetName,
  rolloutManifest,
  selectorLabels,
} from './rolloutManifests';

/** A live object of an application, as Argo CD's cluster cache knows it. */
export interface LiveObject {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  /** Only for objects Argo CD has a health check for. */
  health?: AssessedHealthStatus;
  /** Set for children (ReplicaSets, pods, AnalysisRuns); absent for managed objects. */
  parent?: { group: string; kind: string; name: string; uid: string };
  images?: string[];
  info?: { name: string; value: string }[];
  manifest: () => {
    metadata: {
      uid?: string;
      resourceVersion?: string;
      creationTimestamp?: string;
    };
  };
}

function service(ctx: ObjectContext, name: string, createdAt: string) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ctx.service,
      uid: uid(`${ctx.service}/service/${name}`),
      resourceVersion: '1',
      creationTimestamp: createdAt,
      ...managedMetadata(ctx, '', 'Service', name),
    },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(ctx.service),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function ingress(ctx: ObjectContext, env: string, createdAt: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: ctx.service,
      namespace: ctx.service,
      uid: uid(`${ctx.service}/ingress/${ctx.service}`),
      resourceVersion: '1',
      creationTimestamp: createdAt,
      ...managedMetadata(ctx, 'networking.k8s.io', 'Ingress', ctx.service),
    },
    spec: {
      ingressClassName: 'alb',
      rules: [
        {
          host: `${ctx.service}.${env}.sandbox.internal`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: 'use-annotation',
                    port: { name: 'use-annotation' },
                  },
                },
              },
            ],
          },
        },
      ],
    },
    status: {
      loadBalancer: {
        ingress: [{ hostname: `k8s-${env}-${ctx.service}.elb.amazonaws.com` }],
      },
    },
  };
}

/**
 * The objects the application's chart renders: Services, Ingress,
 * AnalysisTemplate and the Rollout — what `status.resources` lists and the
 * application's health is aggregated from.
 */
export function managedObjects(
  ctx: ObjectContext,
  environment: string,
  rollout: () => CanaryRollout,
  createdAt: string,
  /**
   * Set while the Rollout is still in its settled start state: its health
   * is then known (Healthy) without building it — thousands of apps of a
   * seeded world are only ever listed.
   */
  pristine?: { revision: number },
): LiveObject[] {
  const ns = ctx.service;
  const healthy: AssessedHealthStatus = { status: 'Healthy' };
  const rolloutObject = pristine ? undefined : rolloutManifest(ctx, rollout());
  return [
    {
      group: '',
      version: 'v1',
      kind: 'Service',
      namespace: ns,
      name: ctx.service,
      health: healthy,
      manifest: () => service(ctx, ctx.service, createdAt),
    },
    {
      group: '',
      version: 'v1',
      kind: 'Service',
      namespace: ns,
      name: `${ctx.service}-canary`,
      health: healthy,
      manifest: () => service(ctx, `${ctx.service}-canary`, createdAt),
    },
    {
      group: 'networking.k8s.io',
      version: 'v1',
      kind: 'Ingress',
      namespace: ns,
      name: ctx.service,
      health: healthy,
      manifest: () => ingress(ctx, environment, createdAt),
    },
    {
      // No health check exists for AnalysisTemplates: Argo CD shows none.
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'AnalysisTemplate',
      namespace: ns,
      name: ANALYSIS_TEMPLATE,
      manifest: () => analysisTemplateManifest(ctx, createdAt),
    },
    {
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Rollout',
      namespace: ns,
      name: ctx.service,
      health: rolloutObject
        ? toHealthStatus(rolloutHealth(rolloutObject))
        : healthy,
      info: [
        {
          name: 'Revision',
          value: `Rev:${
            pristine?.revision ?? rollout().current?.revision ?? 0
          }`,
        },
      ],
      manifest: () => rolloutObject ?? rolloutManifest(ctx, rollout()),
    },
  ];
}

/** The Rollout's children: ReplicaSets, their pods, and AnalysisRuns. */
export function childObjects(
  ctx: ObjectContext,
  rollout: CanaryRollout,
  /** The rendered objects (git apps): AnalysisRuns take their template's metrics. */
  rendered?: { kind: string; metadata: { name: string }; spec?: any }[],
): LiveObject[] {
  const ns = ctx.service;
  const rolloutRef = {
    group: 'argoproj.io',
    kind: 'Rollout',
    name: rollout.name,
    uid: rollout.uid,
  };
  const healthy: AssessedHealthStatus = { status: 'Healthy' };
  const objects: LiveObject[] = [];
  for (const rs of rollout.replicaSets) {
    const rsName = replicaSetName(rollout, rs);
    objects.push({
      group: 'apps',
      version: 'v1',
      kind: 'ReplicaSet',
      namespace: ns,
      name: rsName,
      parent: rolloutRef,
      health: healthy,
      info: [{ name: 'Revision', value: `Rev:${rs.revision}` }],
      manifest: () => replicaSetManifest(ctx, rollout, rs),
    });
    for (const pod of podNames(rollout, rs)) {
      objects.push({
        group: '',
        version: 'v1',
        kind: 'Pod',
        namespace: ns,
        name: pod,
        parent: {
          group: 'apps',
          kind: 'ReplicaSet',
          name: rsName,
          uid: uid(`${ns}/replicaset/${rsName}`),
        },
        health: healthy,
        images: [rs.image],
        info: [
          { name: 'Status Reason', value: 'Running' },
          { name: 'Node', value: nodeName(pod) },
          { name: 'Containers', value: '1/1' },
        ],
        manifest: () => podManifest(ctx, rollout, rs, pod),
      });
    }
  }
  for (const run of rollout.analysisRuns) {
    const templateName = (rollout.steps[run.stepIndex]?.analysis as any)
      ?.templates?.[0]?.templateName;
    const template = rendered?.find(
      o => o.kind === 'AnalysisTemplate' && o.metadata.name === templateName,
    );
    const manifest = analysisRunManifest(ctx, rollout, run, template);
    objects.push({
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'AnalysisRun',
      namespace: ns,
      name: run.name,
      parent: rolloutRef,
      health: toHealthStatus(analysisRunHealth(manifest)),
      manifest: () => manifest,
    });
  }
  return objects;
}

/** The images of the pods that run now (`status.summary.images`). */
export function runningImages(rollout: CanaryRollout): string[] {
  return [
    ...new Set(
      rollout.replicaSets
        .filter(rs => rollout.replicasOf(rs) > 0)
        .map(rs => rs.image),
    ),
  ].sort();
}

/** `status.resources`: the managed objects (not their children). */
export function resourceStatuses(
  managed: LiveObject[],
  rolloutSynced: boolean,
  withHealth: boolean,
): applicationv1alpha1ResourceStatus[] {
  return managed.map(o => {
    // Go omits the empty group of core objects (omitempty).
    const status: applicationv1alpha1ResourceStatus = o.group
      ? { group: o.group }
      : {};
    Object.assign(status, {
      version: o.version,
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      status: o.kind === 'Rollout' && !rolloutSynced ? 'OutOfSync' : 'Synced',
    });
    if (withHealth && o.health) {
      status.health = o.health;
    }
    return status;
  });
}

/** The resource tree's nodes, as `GET .../resource-tree` answers them. */
export function treeNodes(objects: LiveObject[]): v1alpha1ResourceNode[] {
  return objects.map(o => {
    const { metadata } = o.manifest();
    // Go omits empty fields; so do we (the core group is empty).
    const node: v1alpha1ResourceNode = o.group ? { group: o.group } : {};
    Object.assign(node, {
      version: o.version,
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      uid: metadata.uid,
    });
    if (o.parent) {
      const { group, kind, name, uid: parentUid } = o.parent;
      node.parentRefs = [
        {
          ...(group ? { group } : {}),
          kind,
          namespace: o.namespace,
          name,
          uid: parentUid,
        },
      ];
    }
    if (o.info) node.info = o.info;
    node.resourceVersion = metadata.resourceVersion;
    if (o.images) node.images = o.images;
    if (o.health) node.health = o.health;
    node.createdAt = metadata.creationTimestamp;
    return node;
  });
}
