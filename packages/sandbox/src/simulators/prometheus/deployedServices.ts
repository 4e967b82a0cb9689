import { KubeObject, Workload } from '../../world/ClusterWorkloads';
import {
  Environment,
  ENVIRONMENTS,
  World,
  WorldService,
} from '../../world/World';

/*
 * Which services Prometheus, Jaeger and Grafana observe: every service of
 * the World, and every service that runs in a cluster even when the World
 * does not list it (an Application created through the Argo CD API deploys
 * a service the catalog files never named). A deployed service is scraped
 * and traced from the moment its pods run, as in a real cluster.
 */

/** The labels that name the service a workload or object belongs to. */
const SERVICE_LABELS = ['app.kubernetes.io/name', 'backstage.io/kubernetes-id'];

/** The service a workload runs: its name label, else its namespace. */
export function serviceOfWorkload(workload: Workload): string {
  for (const label of SERVICE_LABELS) {
    const value = workload.commonLabels[label];
    if (value) {
      return value;
    }
  }
  return workload.namespace;
}

/** The service an object belongs to: its own name label, else its workload's. */
export function serviceOfObject(
  object: KubeObject,
  workload: Workload,
): string {
  const labels = object.metadata.labels ?? {};
  for (const label of SERVICE_LABELS) {
    if (labels[label]) {
      return labels[label];
    }
  }
  return serviceOfWorkload(workload);
}

/** The workloads of `service` per environment, found without rendering any object. */
export function workloadsOf(
  world: World,
  service: string,
): { environment: Environment; workload: Workload }[] {
  return ENVIRONMENTS.flatMap(environment =>
    world.clusters
      .in(environment)
      .filter(w => serviceOfWorkload(w) === service)
      .map(workload => ({ environment, workload })),
  );
}

/**
 * The World's services followed by the ones that only run in a cluster
 * (owner unknown, system from their `app.kubernetes.io/part-of` label,
 * environments where they run).
 */
export function deployedServices(world: World): WorldService[] {
  const services = world.services();
  const known = new Set(services.map(s => s.name));
  const extra = new Map<string, WorldService>();
  for (const environment of ENVIRONMENTS) {
    for (const workload of world.clusters.in(environment)) {
      const name = serviceOfWorkload(workload);
      if (known.has(name)) {
        continue;
      }
      const entry = extra.get(name) ?? clusterService(name, workload);
      if (!entry.environments.includes(environment)) {
        entry.environments.push(environment);
      }
      extra.set(name, entry);
    }
  }
  return [...services, ...extra.values()];
}

/** One deployed service by name, or undefined when it neither is in the World nor runs anywhere. */
export function deployedService(
  world: World,
  name: string,
): WorldService | undefined {
  const known = world.services().find(s => s.name === name);
  if (known) {
    return known;
  }
  const found = workloadsOf(world, name);
  if (!found.length) {
    return undefined;
  }
  return {
    ...clusterService(name, found[0].workload),
    environments: [...new Set(found.map(f => f.environment))],
  };
}

function clusterService(name: string, workload: Workload): WorldService {
  const partOf = workload.commonLabels['app.kubernetes.io/part-of'];
  return {
    name,
    owner: '',
    system: partOf || systemOfObjects(workload) || '',
    environments: [],
    generated: false,
  };
}

/** The `app.kubernetes.io/part-of` label of the workload's objects (the chart sets it on each). */
function systemOfObjects(workload: Workload): string | undefined {
  for (const object of safeObjects(workload)) {
    const partOf = object.metadata.labels?.['app.kubernetes.io/part-of'];
    if (partOf) {
      return partOf;
    }
  }
  return undefined;
}

/**
 * A workload's objects, or none when rendering them fails: one broken
 * deployment must not take every service's dashboards and traces down.
 */
export function safeObjects(workload: Workload): KubeObject[] {
  try {
    return workload.objects();
  } catch {
    return [];
  }
}
