import type { KubeObject } from '../../world/ClusterWorkloads';
import { ApiResource } from './apiResources';

/*
 * Server-side printing: `kubectl get` asks for a `meta.k8s.io/v1` Table
 * (Accept `application/json;as=Table;v=v1;g=meta.k8s.io`) and prints its
 * cells as they come. The columns follow the API server's printers
 * (pkg/printers/internalversion) for built-in kinds and the CRDs'
 * additionalPrinterColumns for Argo Rollouts; other kinds get the default
 * Name / Created At table.
 */

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  description: string;
  priority?: number;
  cell: (object: any, now: number) => string | number | undefined;
}

/** Kubernetes' duration.HumanDuration, as the AGE column shows it. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) {
    return '<invalid>';
  }
  if (seconds < 0) {
    return '0s';
  }
  if (seconds < 60 * 2) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) {
    return `${minutes}m`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) {
    return `${hours}h`;
  }
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) {
    return `${days}d`;
  }
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  cell: o => o.metadata.name,
};

const age: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (o, now) =>
    o.metadata.creationTimestamp
      ? humanDuration(now - Date.parse(o.metadata.creationTimestamp))
      : '<unknown>',
};

const selectorText = (labels: Record<string, string> | undefined) =>
  labels
    ? Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : '<none>';

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      description:
        'The aggregate readiness state of this pod for accepting traffic.',
      cell: o => {
        const statuses = o.status?.containerStatuses ?? [];
        const ready = statuses.filter((c: any) => c.ready).length;
        return `${ready}/${o.spec?.containers?.length ?? 0}`;
      },
    },
    {
      name: 'Status',
      type: 'string',
      description: 'The aggregate status of the containers in this pod.',
      cell: o => o.status?.reason ?? o.status?.phase ?? 'Unknown',
    },
    {
      name: 'Restarts',
      type: 'string',
      description:
        'The number of times the containers in this pod have been restarted.',
      cell: o =>
        String(
          (o.status?.containerStatuses ?? []).reduce(
            (sum: number, c: any) => sum + (c.restartCount ?? 0),
            0,
          ),
        ),
    },
    age,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      description: 'IP address allocated to the pod.',
      cell: o => o.status?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      description: 'Name of the Node the pod is scheduled on.',
      cell: o => o.spec?.nodeName ?? '<none>',
    },
  ],
  Service: [
    name,
    {
      name: 'Type',
      type: 'string',
      description: 'The type of the service.',
      cell: o => o.spec?.type ?? 'ClusterIP',
    },
    {
      name: 'Cluster-IP',
      type: 'string',
      description: 'The cluster IP of the service.',
      cell: o => o.spec?.clusterIP ?? '<none>',
    },
    {
      name: 'External-IP',
      type: 'string',
      description: 'The external IP of the service.',
      cell: () => '<none>',
    },
    {
      name: 'Port(s)',
      type: 'string',
      description: 'The ports of the service.',
      cell: o =>
        (o.spec?.ports ?? [])
          .map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`)
          .join(',') || '<none>',
    },
    age,
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      description: 'The selector of the service.',
      cell: o => selectorText(o.spec?.selector),
    },
  ],
  ReplicaSet: [
    name,
    {
      name: 'Desired',
      type: 'integer',
      description: 'Number of desired pods.',
      cell: o => o.spec?.replicas ?? 0,
    },
    {
      name: 'Current',
      type: 'integer',
      description: 'Number of pods currently running.',
      cell: o => o.status?.replicas ?? 0,
    },
    {
      name: 'Ready',
      type: 'integer',
      description: 'Number of pods ready.',
      cell: o => o.status?.readyReplicas ?? 0,
    },
    age,
    {
      name: 'Containers',
      type: 'string',
      priority: 1,
      description: 'Names of each container in the template.',
      cell: o =>
        (o.spec?.template?.spec?.containers ?? [])
          .map((c: any) => c.name)
          .join(','),
    },
    {
      name: 'Images',
      type: 'string',
      priority: 1,
      description: 'Images referenced by each container in the template.',
      cell: o =>
        (o.spec?.template?.spec?.containers ?? [])
          .map((c: any) => c.image)
          .join(','),
    },
  ],
  Ingress: [
    name,
    {
      name: 'Class',
      type: 'string',
      description: 'The name of the IngressClass resource.',
      cell: o => o.spec?.ingressClassName ?? '<none>',
    },
    {
      name: 'Hosts',
      type: 'string',
      description: 'Hosts that incoming requests are matched against.',
      cell: o =>
        (o.spec?.rules ?? []).map((r: any) => r.host ?? '*').join(',') || '*',
    },
    {
      name: 'Address',
      type: 'string',
      description:
        'Address is a list containing ingress points for the load-balancer.',
      cell: o =>
        (o.status?.loadBalancer?.ingress ?? [])
          .map((i: any) => i.hostname ?? i.ip)
          .join(','),
    },
    {
      name: 'Ports',
      type: 'string',
      description: 'Ports of TLS configurations that open.',
      cell: o => (o.spec?.tls?.length ? '80, 443' : '80'),
    },
    age,
  ],
  // From the Argo Rollouts CRDs' additionalPrinterColumns.
  Rollout: [
    name,
    {
      name: 'Desired',
      type: 'integer',
      description: 'Number of desired pods',
      cell: o => o.spec?.replicas,
    },
    {
      name: 'Current',
      type: 'integer',
      description:
        'Total number of non-terminated pods targeted by this rollout',
      cell: o => o.status?.replicas,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      description:
        'Total number of non-terminated pods targeted by this rollout that have the desired template spec',
      cell: o => o.status?.updatedReplicas,
    },
    {
      name: 'Available',
      type: 'integer',
      description:
        'Total number of available pods (ready for at least minReadySeconds) targeted by this rollout',
      cell: o => o.status?.availableReplicas,
    },
    { ...age, type: 'date', description: 'Time since resource was created' },
  ],
  AnalysisRun: [
    name,
    {
      name: 'Status',
      type: 'string',
      description: 'AnalysisRun status',
      cell: o => o.status?.phase,
    },
    { ...age, type: 'date', description: 'Time since resource was created' },
  ],
};

const DEFAULT_COLUMNS: Column[] = [
  name,
  {
    name: 'Created At',
    type: 'date',
    description: age.description,
    cell: o => o.metadata.creationTimestamp,
  },
];

/** Whether the client asked for a Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '') && /g=meta\.k8s\.io/.test(accept ?? '');
}

/** The Table of `objects`; `includeObject` as the query parameter says (Metadata by default). */
export function toTable(
  resource: ApiResource,
  objects: KubeObject[],
  listMetadata: Record<string, unknown>,
  includeObject: string | undefined,
  now: number,
) {
  const columns = COLUMNS[resource.kind] ?? DEFAULT_COLUMNS;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority ?? 0,
    })),
    rows: objects.map(object => {
      const row: Record<string, unknown> = {
        cells: columns.map(c => c.cell(object, now) ?? null),
      };
      if (includeObject === 'Object') {
        row.object = object;
      } else if (includeObject !== 'None') {
        row.object = {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: object.metadata,
        };
      }
      return row;
    }),
  };
}
