import type {
  AnalysisRun,
  AnalysisTemplate,
  Metric,
  Rollout,
  RolloutCondition,
  v1ObjectMeta,
} from '@internal/api-argocd';
import {
  ANALYSIS_MEASUREMENTS,
  ANALYSIS_TEMPLATE,
  AnalysisRunState,
  CanaryRollout,
  ReplicaSetState,
  ROLLBACK_WINDOW,
  TICK_SECONDS,
} from './CanaryRollout';
import { safeString, commitSha, uid } from './deterministic';

/*
 * The live Kubernetes objects of a simulated canary, shaped by the Argo
 * Rollouts v1.9.1 CRDs (the contract tests validate them against their
 * openAPIV3Schema).
 */

const API_VERSION = 'argoproj.io/v1alpha1';

/**
 * Drops undefined fields, as Go's encoding/json drops empty `omitempty`
 * ones, so that an absent field is absent and not `undefined` for in-process
 * readers (JSON.stringify would drop them anyway).
 */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(withoutUndefined) as T;
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) {
        result[key] = withoutUndefined(item);
      }
    }
    return result as T;
  }
  return value;
}

/** What every object of one application carries. */
export interface ObjectContext {
  /** The Argo CD application that manages the objects. */
  application: string;
  /** The service's name: the namespace and the base name of its objects. */
  service: string;
}

export function selectorLabels(service: string): Record<string, string> {
  return { 'app.kubernetes.io/name': service };
}

/**
 * Labels on every object of a service, as the service chart's `svc.labels`
 * sets them: `backstage.io/kubernetes-id` is how Backstage's Kubernetes
 * plugin finds them (`labelSelector=backstage.io/kubernetes-id=<service>`).
 */
export function serviceLabels(service: string): Record<string, string> {
  return {
    ...selectorLabels(service),
    'backstage.io/kubernetes-id': service,
  };
}

/** Requests and limits of the service's container: Backstage's pod table shows usage against them. */
const CONTAINER_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/**
 * Labels and annotations of an object Argo CD manages. Argo CD 3.x tracks
 * resources by annotation (`argocd.argoproj.io/tracking-id`).
 */
export function managedMetadata(
  ctx: ObjectContext,
  group: string,
  kind: string,
  name: string,
): Pick<v1ObjectMeta, 'labels' | 'annotations'> {
  return {
    labels: {
      ...serviceLabels(ctx.service),
      'app.kubernetes.io/instance': ctx.application,
    },
    annotations: {
      'argocd.argoproj.io/tracking-id': `${ctx.application}:${group}/${kind}:${ctx.service}/${name}`,
    },
  };
}

/**
 * A resourceVersion that grows whenever the object changes: the time of its
 * last change. Opaque to clients, like Kubernetes' own.
 */
function resourceVersion(lastChange: string): string {
  return String(Date.parse(lastChange));
}

export function replicaSetName(rollout: CanaryRollout, rs: ReplicaSetState) {
  return `${rollout.name}-${rs.hash}`;
}

export function podNames(
  rollout: CanaryRollout,
  rs: ReplicaSetState,
): string[] {
  const count = rollout.replicasOf(rs);
  const base = replicaSetName(rollout, rs);
  return Array.from(
    { length: count },
    (_, i) =>
      `${base}-${safeString(`${base}/${i}/${rollout.restartedAt ?? ''}`, 5)}`,
  );
}

function metric(service: string): Metric {
  return {
    name: ANALYSIS_TEMPLATE,
    interval: `${TICK_SECONDS}s`,
    count: ANALYSIS_MEASUREMENTS,
    failureLimit: 0,
    successCondition: 'result[0] >= 0.95',
    provider: {
      prometheus: {
        address: 'http://prometheus.monitoring:9090',
        // The series the template's services export (OpenTelemetry's HTTP
        // server histogram), as the chart's own AnalysisTemplate reads it.
        query: `sum(rate(http_server_request_duration_seconds_count{service="${service}",http_response_status_code!~"5.."}[1m])) / sum(rate(http_server_request_duration_seconds_count{service="${service}"}[1m]))`,
      },
    },
  };
}

export function analysisTemplateManifest(
  ctx: ObjectContext,
  createdAt: string,
): AnalysisTemplate {
  return {
    apiVersion: API_VERSION,
    kind: 'AnalysisTemplate',
    metadata: {
      name: ANALYSIS_TEMPLATE,
      namespace: ctx.service,
      uid: uid(`${ctx.service}/analysistemplate/${ANALYSIS_TEMPLATE}`),
      resourceVersion: resourceVersion(createdAt),
      generation: 1,
      creationTimestamp: createdAt,
      ...managedMetadata(
        ctx,
        'argoproj.io',
        'AnalysisTemplate',
        ANALYSIS_TEMPLATE,
      ),
    },
    spec: {
      args: [{ name: 'service-name' }],
      metrics: [metric('{{args.service-name}}')],
    },
  };
}

function conditions(rollout: CanaryRollout): RolloutCondition[] {
  const at = rollout.changedAt;
  const condition = (
    type: string,
    status: RolloutCondition['status'],
    reason: string,
    message: string,
  ): RolloutCondition => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: at,
    lastUpdateTime: at,
  });
  const current = rollout.current;
  const rsName = current ? replicaSetName(rollout, current) : rollout.name;
  const phase = rollout.phase;
  const result = [
    condition(
      'Available',
      'True',
      'AvailableReason',
      'Rollout has minimum availability',
    ),
  ];
  if (phase === 'Degraded') {
    result.push(
      condition('Progressing', 'False', 'RolloutAborted', rollout.message),
    );
  } else if (phase === 'Paused') {
    result.push(
      condition('Progressing', 'Unknown', 'RolloutPaused', 'Rollout is paused'),
      condition('Paused', 'True', 'RolloutPaused', 'Rollout is paused'),
    );
  } else if (phase === 'Progressing') {
    result.push(
      condition(
        'Progressing',
        'True',
        'ReplicaSetUpdated',
        `ReplicaSet "${rsName}" is progressing.`,
      ),
    );
  } else {
    result.push(
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${rsName}" has successfully progressed.`,
      ),
    );
  }
  const healthy = phase === 'Healthy';
  result.push(
    condition(
      'Completed',
      healthy ? 'True' : 'False',
      'RolloutCompleted',
      healthy
        ? `Rollout completed update to revision ${current?.revision ?? 0}`
        : 'Rollout is not completed',
    ),
    condition(
      'Healthy',
      healthy ? 'True' : 'False',
      'RolloutHealthy',
      healthy ? 'Rollout is healthy' : 'Rollout is not healthy',
    ),
  );
  return result;
}

export function rolloutManifest(
  ctx: ObjectContext,
  rollout: CanaryRollout,
  /** The Rollout as the deployed commit's chart rendered it (git-sourced apps). */
  rendered?: { metadata: v1ObjectMeta; spec?: any },
): Rollout {
  const current = rollout.current!;
  const replicaCounts = rollout.replicaSets.map(rs => rollout.replicasOf(rs));
  const totalReplicas = replicaCounts.reduce((a, b) => a + b, 0);
  const updatedReplicas = rollout.replicasOf(current);
  // The traffic the router sends to the canary: none once fully promoted,
  // all of it while a full promotion is under way.
  let canaryWeight = rollout.promoteFull ? 100 : rollout.canaryWeight;
  if (rollout.fullyPromoted) {
    canaryWeight = 0;
  }
  const stepRun = [...rollout.analysisRuns]
    .reverse()
    .find(
      r => r.podHash === rollout.currentHash && r.revision === current.revision,
    );
  const status: Rollout['status'] = {
    phase: rollout.phase,
    message: rollout.message || undefined,
    observedGeneration: String(rollout.generation),
    currentPodHash: rollout.currentHash,
    currentStepHash: rollout.stepHash,
    currentStepIndex: rollout.stepIndex,
    stableRS: rollout.stableHash,
    replicas: totalReplicas,
    updatedReplicas,
    readyReplicas: totalReplicas,
    availableReplicas: totalReplicas,
    HPAReplicas: totalReplicas,
    selector: `app.kubernetes.io/name=${ctx.service}`,
    conditions: conditions(rollout),
    canary: {
      weights: {
        canary: {
          weight: canaryWeight,
          podTemplateHash: rollout.currentHash,
          serviceName: `${ctx.service}-canary`,
        },
        stable: {
          weight: 100 - canaryWeight,
          podTemplateHash: rollout.stableHash,
          serviceName: ctx.service,
        },
      },
      currentStepAnalysisRunStatus:
        stepRun && !rollout.fullyPromoted
          ? {
              name: stepRun.name,
              status: stepRun.phase,
              message: stepRun.message,
            }
          : undefined,
    },
  };
  if (rollout.abort) {
    status.abort = true;
    status.abortedAt = rollout.abortedAt;
  }
  if (rollout.promoteFull) {
    status.promoteFull = true;
  }
  if (rollout.pauseConditions.length > 0) {
    status.pauseConditions = rollout.pauseConditions;
    status.controllerPause = rollout.controllerPause || undefined;
  }
  if (rollout.restartedAt) {
    status.restartedAt = rollout.restartedAt;
  }
  const spec: Rollout['spec'] = {
    replicas: rollout.replicas,
    revisionHistoryLimit: 3,
    rollbackWindow: { revisions: ROLLBACK_WINDOW },
    selector: { matchLabels: selectorLabels(ctx.service) },
    template: {
      metadata: { labels: serviceLabels(ctx.service) },
      spec: {
        containers: [
          {
            name: ctx.service,
            image: current.image,
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            resources: CONTAINER_RESOURCES,
          },
        ],
      },
    },
    strategy: {
      canary: {
        canaryService: `${ctx.service}-canary`,
        stableService: ctx.service,
        trafficRouting: { alb: { ingress: ctx.service, servicePort: 80 } },
        steps: rollout.steps,
      },
    },
  };
  const liveSpec: Rollout['spec'] = rendered
    ? {
        ...rendered.spec,
        // The HPA sets the count through the scale subresource.
        replicas: rollout.replicas,
        template: current.template ?? rendered.spec?.template,
        strategy: {
          ...rendered.spec?.strategy,
          canary: { ...rendered.spec?.strategy?.canary, steps: rollout.steps },
        },
      }
    : spec;
  if (rollout.paused) {
    liveSpec.paused = true;
  }
  if (rollout.restartAt) {
    liveSpec.restartAt = rollout.restartAt;
  }
  const managed = managedMetadata(ctx, 'argoproj.io', 'Rollout', rollout.name);
  if (rendered) {
    status.selector = Object.entries(
      (rendered.spec?.selector?.matchLabels ?? {}) as Record<string, string>,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!rendered.spec?.strategy?.canary?.canaryService) {
      delete status.canary!.weights;
    }
    managed.labels = { ...rendered.metadata.labels };
    managed.annotations = {
      ...rendered.metadata.annotations,
      ...managed.annotations,
    };
  }
  return {
    apiVersion: API_VERSION,
    kind: 'Rollout',
    metadata: {
      name: rollout.name,
      namespace: rollout.namespace,
      uid: rollout.uid,
      generation: rollout.generation,
      resourceVersion: resourceVersion(rollout.changedAt),
      creationTimestamp: rollout.createdAt,
      ...withRevision(managed, current.revision),
    },
    spec: liveSpec,
    status: withoutUndefined(status),
  };
}

function withRevision(
  meta: Pick<v1ObjectMeta, 'labels' | 'annotations'>,
  revision: number,
): Pick<v1ObjectMeta, 'labels' | 'annotations'> {
  return {
    ...meta,
    annotations: {
      ...meta.annotations,
      'rollout.argoproj.io/revision': String(revision),
    },
  };
}

export function analysisRunManifest(
  ctx: ObjectContext,
  rollout: CanaryRollout,
  run: AnalysisRunState,
  /**
   * The AnalysisTemplate the step names, as the chart rendered it (git apps):
   * the run then has its metrics, and the step's args with their values.
   */
  template?: { spec?: any },
): AnalysisRun {
  const successful = run.measurements.filter(
    m => m.phase === 'Successful',
  ).length;
  const failed = run.measurements.filter(m => m.phase === 'Failed').length;
  let metricPhase: AnalysisRunState['phase'] =
    failed > 0 ? 'Failed' : 'Successful';
  if (run.phase === 'Running') {
    metricPhase = 'Running';
  }
  return {
    apiVersion: API_VERSION,
    kind: 'AnalysisRun',
    metadata: {
      name: run.name,
      namespace: ctx.service,
      uid: run.uid,
      generation: run.terminated ? 2 : 1,
      resourceVersion: resourceVersion(
        run.completedAt ??
          run.measurements[run.measurements.length - 1]?.finishedAt ??
          run.createdAt,
      ),
      creationTimestamp: run.createdAt,
      labels: {
        // From the analysis step's analysisRunMetadata.
        ...serviceLabels(ctx.service),
        'rollout-type': 'Step',
        'rollouts-pod-template-hash': run.podHash,
        'step-index': String(run.stepIndex),
      },
      annotations: { 'rollout.argoproj.io/revision': String(run.revision) },
      ownerReferences: [
        {
          apiVersion: API_VERSION,
          kind: 'Rollout',
          name: rollout.name,
          uid: rollout.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      args: template
        ? runArgs(rollout, run, ctx.service)
        : [{ name: 'service-name', value: ctx.service }],
      metrics: template?.spec?.metrics ?? [metric(ctx.service)],
      ...(run.terminated ? { terminate: true } : {}),
    },
    status: withoutUndefined({
      phase: run.phase,
      message: run.message,
      startedAt: run.startedAt,
      completedAt: run.completedAt,
      runSummary: {
        count: 1,
        successful: run.phase === 'Successful' ? 1 : 0,
        failed: run.phase === 'Failed' ? 1 : 0,
      },
      metricResults: (
        (template?.spec?.metrics as { name: string }[] | undefined) ?? [
          { name: ANALYSIS_TEMPLATE },
        ]
      ).map(m => ({
        name: m.name,
        phase: metricPhase,
        count: run.measurements.length,
        successful,
        failed,
        measurements: run.measurements,
      })),
    }),
  };
}

/**
 * The analysis step's args with the values the controller resolves:
 * `fieldRef` metadata.namespace, `podTemplateHashValue` Latest/Stable.
 */
function runArgs(
  rollout: CanaryRollout,
  run: AnalysisRunState,
  service: string,
) {
  const step = rollout.steps[run.stepIndex]?.analysis as any;
  return ((step?.args ?? []) as any[]).map(arg => {
    let value = arg.value;
    if (arg.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') {
      value = rollout.namespace;
    } else if (arg.valueFrom?.podTemplateHashValue === 'Latest') {
      value = run.podHash;
    } else if (arg.valueFrom?.podTemplateHashValue === 'Stable') {
      value = rollout.stableHash;
    }
    return { name: arg.name, value: String(value ?? service) };
  });
}

/** A ReplicaSet of the Rollout (core apps/v1 object, not in the CRDs). */
export function replicaSetManifest(
  ctx: ObjectContext,
  rollout: CanaryRollout,
  rs: ReplicaSetState,
) {
  const replicas = rollout.replicasOf(rs);
  const name = replicaSetName(rollout, rs);
  const labels = {
    ...(rs.template?.metadata?.labels ?? serviceLabels(ctx.service)),
    'rollouts-pod-template-hash': rs.hash,
  };
  const podSpec = rs.template?.spec ?? {
    containers: [
      { name: ctx.service, image: rs.image, resources: CONTAINER_RESOURCES },
    ],
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: ctx.service,
      uid: uid(`${ctx.service}/replicaset/${name}`),
      resourceVersion: resourceVersion(rollout.changedAt),
      creationTimestamp: rs.createdAt,
      labels,
      annotations: { 'rollout.argoproj.io/revision': String(rs.revision) },
      ownerReferences: [
        {
          apiVersion: API_VERSION,
          kind: 'Rollout',
          name: rollout.name,
          uid: rollout.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: {
        matchLabels: {
          ...selectorLabels(ctx.service),
          'rollouts-pod-template-hash': rs.hash,
        },
      },
      template: {
        metadata: { ...rs.template?.metadata, labels },
        spec: podSpec,
      },
    },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

export function podManifest(
  ctx: ObjectContext,
  rollout: CanaryRollout,
  rs: ReplicaSetState,
  name: string,
) {
  const rsName = replicaSetName(rollout, rs);
  const startedAt = rollout.restartedAt ?? rs.createdAt;
  const containers: { name: string; image: string }[] = rs.template?.spec
    ?.containers ?? [
    { name: ctx.service, image: rs.image, resources: CONTAINER_RESOURCES },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ctx.service,
      uid: uid(`${ctx.service}/pod/${name}`),
      resourceVersion: resourceVersion(startedAt),
      creationTimestamp: startedAt,
      labels: {
        ...(rs.template?.metadata?.labels ?? serviceLabels(ctx.service)),
        'rollouts-pod-template-hash': rs.hash,
      },
      annotations: rs.template?.metadata?.annotations,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rsName,
          uid: uid(`${ctx.service}/replicaset/${rsName}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...rs.template?.spec, nodeName: nodeName(name), containers },
    status: {
      phase: 'Running',
      startTime: startedAt,
      containerStatuses: containers.map(c => ({
        name: c.name,
        image: c.image,
        ready: true,
        restartCount: 0,
        started: true,
      })),
    },
  };
}

export function nodeName(podName: string): string {
  return `ip-10-0-${parseInt(commitSha(podName).slice(0, 2), 16) % 32}-${
    parseInt(commitSha(podName).slice(2, 4), 16) % 250
  }.ec2.internal`;
}
