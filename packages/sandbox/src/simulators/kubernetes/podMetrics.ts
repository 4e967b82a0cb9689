import type { KubeObject } from '../../world/ClusterWorkloads';
import type { Environment, World } from '../../world/World';
import { pick } from '../argocd/deterministic';

/** metrics-server scrapes every 15 s; usage changes at that pace. */
const WINDOW_MS = 15_000;

/**
 * `metrics.k8s.io/v1beta1` PodMetrics of a running pod, as metrics-server
 * reports it: CPU in nanocores, memory in KiB. Usage wanders with time and
 * differs per pod; a revision the World marks bad (its pods carry the
 * `rollouts-pod-template-hash`) burns about three times the CPU.
 */
export function podMetrics(
  pod: KubeObject,
  cluster: string,
  world: World,
  now: number,
): KubeObject {
  const { name, namespace, labels } = pod.metadata;
  const slot = Math.floor(now / WINDOW_MS);
  const revision = labels?.['rollouts-pod-template-hash'];
  const bad =
    !!revision &&
    !!namespace &&
    world.isRevisionBad(
      namespace,
      cluster as Environment,
      revision,
      new Date(now),
    );
  const containers = ((pod.spec as any)?.containers ?? []).map(
    (container: { name: string }) => {
      const jitter = pick(`${name}/${container.name}/${slot}`, 40);
      const millicores = (bad ? 240 : 60) + pick(name, 40) + jitter;
      const mebibytes = 96 + pick(`${name}/mem`, 64) + (jitter % 8);
      return {
        name: container.name,
        usage: {
          cpu: `${
            millicores * 1_000_000 + pick(`${name}/${slot}/n`, 999_999)
          }n`,
          memory: `${mebibytes * 1024}Ki`,
        },
      };
    },
  );
  const timestamp = new Date(slot * WINDOW_MS).toISOString();
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {
      name,
      namespace,
      creationTimestamp: new Date(now).toISOString(),
      ...(labels ? { labels } : {}),
    },
    timestamp,
    window: `${WINDOW_MS / 1000}s`,
    containers,
  };
}
