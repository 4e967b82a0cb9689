/*
 * The resource types the simulated API servers know: what
 * @backstage/plugin-kubernetes-backend lists (its DEFAULT_OBJECTS and
 * ALL_OBJECTS, the Argo Rollouts custom resources and pod metrics), plus
 * namespaces. Discovery (`/api/v1`, `/apis/{group}/{version}`) is generated
 * from this table, so `kubectl` resolves `rollouts` or `po` the way it does
 * against EKS.
 */

export interface ApiResource {
  /** '' for the core group. */
  group: string;
  version: string;
  /** The resource name in URLs, e.g. `pods`. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Verbs the sandbox answers; `watch` is not among them. */
  verbs: string[];
  /** Subresources, e.g. `status` (listed in discovery as `rollouts/status`). */
  subresources?: string[];
}

const READ = ['get', 'list'];
const ALL = ['all'];

export const API_RESOURCES: ApiResource[] = [
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'limitranges',
    singular: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    shortNames: ['limits'],
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'resourcequotas',
    singular: 'resourcequota',
    kind: 'ResourceQuota',
    namespaced: true,
    shortNames: ['quota'],
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    shortNames: ['pvc'],
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'persistentvolumes',
    singular: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    shortNames: ['pv'],
    verbs: READ,
  },
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: READ,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    singular: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
    shortNames: ['hpa'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'cronjobs',
    singular: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
    categories: ALL,
    verbs: READ,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    verbs: READ,
  },
  // Argo Rollouts v1.9.1 (names and short names from its CRDs).
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'rollouts',
    singular: 'rollout',
    kind: 'Rollout',
    namespaced: true,
    shortNames: ['ro'],
    categories: ALL,
    verbs: [...READ, 'patch'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'analysisruns',
    singular: 'analysisrun',
    kind: 'AnalysisRun',
    namespaced: true,
    shortNames: ['ar'],
    verbs: READ,
    subresources: ['status'],
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'analysistemplates',
    singular: 'analysistemplate',
    kind: 'AnalysisTemplate',
    namespaced: true,
    shortNames: ['at'],
    verbs: READ,
  },
  // metrics-server.
  {
    group: 'metrics.k8s.io',
    version: 'v1beta1',
    plural: 'pods',
    singular: '',
    kind: 'PodMetrics',
    namespaced: true,
    verbs: READ,
  },
  // What `kubectl auth can-i` asks (create only, as on a real API server).
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectaccessreviews',
    singular: '',
    kind: 'SelfSubjectAccessReview',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    plural: 'selfsubjectrulesreviews',
    singular: '',
    kind: 'SelfSubjectRulesReview',
    namespaced: false,
    verbs: ['create'],
  },
];

export function apiVersionOf(resource: {
  group: string;
  version: string;
}): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}

export function findResource(
  group: string,
  version: string,
  plural: string,
): ApiResource | undefined {
  return API_RESOURCES.find(
    r => r.group === group && r.version === version && r.plural === plural,
  );
}

/** `GET /api`: the core group's versions. */
export function coreApiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`: every named group with its one (preferred) version. */
export function apiGroupList() {
  const groups = [
    ...new Set(API_RESOURCES.filter(r => r.group).map(r => r.group)),
  ];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map(name => {
      const version = API_RESOURCES.find(r => r.group === name)!.version;
      const groupVersion = { groupVersion: `${name}/${version}`, version };
      return {
        name,
        versions: [groupVersion],
        preferredVersion: groupVersion,
      };
    }),
  };
}

/** `GET /api/v1` or `/apis/{group}/{version}`; undefined for an unknown group version. */
export function apiResourceList(group: string, version: string) {
  const resources = API_RESOURCES.filter(
    r => r.group === group && r.version === version,
  );
  if (resources.length === 0) {
    return undefined;
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources: resources.flatMap(r => [
      {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        ...(r.categories ? { categories: r.categories } : {}),
      },
      ...(r.subresources ?? []).map(sub => ({
        name: `${r.plural}/${sub}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: sub === 'scale' ? 'Scale' : r.kind,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1' } : {}),
        verbs: ['get', 'patch'],
      })),
    ]),
  };
}
