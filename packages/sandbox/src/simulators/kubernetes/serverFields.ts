import type { KubeObject } from '../../world/ClusterWorkloads';
import { commitSha, pick } from '../argocd/deterministic';

/*
 * The deployer reports objects as it applied them; a real cluster adds what
 * the API server defaults and the kubelet reports: pod IPs, conditions,
 * container states, a Service's cluster IP. Backstage's pod table and
 * `kubectl get -o wide` read these. Derived from names, so they are stable.
 */

function ip(prefix: string, text: string): string {
  return `${prefix}.${pick(`${text}/a`, 250) + 1}.${
    pick(`${text}/b`, 250) + 1
  }`;
}

function withPodFields(pod: any): KubeObject {
  const name: string = pod.metadata.name;
  const startedAt: string =
    pod.status?.startTime ?? pod.metadata.creationTimestamp;
  const running = pod.status?.phase === 'Running';
  const condition = (type: string) => ({
    type,
    status: running ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: startedAt,
  });
  return {
    ...pod,
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      ...pod.spec,
    },
    status: {
      ...pod.status,
      conditions: [
        condition('PodReadyToStartContainers'),
        condition('Initialized'),
        condition('Ready'),
        condition('ContainersReady'),
        { ...condition('PodScheduled'), status: 'True' },
      ],
      hostIP: ip('10.0', pod.spec?.nodeName ?? name),
      podIP: ip('10.1', name),
      podIPs: [{ ip: ip('10.1', name) }],
      qosClass: 'Burstable',
      containerStatuses: (pod.status?.containerStatuses ?? []).map(
        (c: any) => ({
          ...c,
          imageID: `${String(c.image).split(':')[0]}@sha256:${commitSha(
            `image/${c.image}`,
          )}${commitSha(`image2/${c.image}`).slice(0, 24)}`,
          containerID: `containerd://${commitSha(
            `${name}/${c.name}`,
          )}${commitSha(`${name}/${c.name}/2`).slice(0, 24)}`,
          lastState: {},
          state: running ? { running: { startedAt } } : c.state,
        }),
      ),
    },
  };
}

function withServiceFields(service: any): KubeObject {
  const clusterIP = ip(
    '172.20',
    `${service.metadata.namespace}/${service.metadata.name}`,
  );
  return {
    ...service,
    spec: {
      clusterIP,
      clusterIPs: [clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
      ...service.spec,
    },
    status: service.status ?? { loadBalancer: {} },
  };
}

/** The object as the cluster's API server would return it. */
export function withServerFields(object: KubeObject): KubeObject {
  switch (object.kind) {
    case 'Pod':
      return withPodFields(object);
    case 'Service':
      return withServiceFields(object);
    default:
      return object;
  }
}
