import { ClusterWorkloads, Workload, WorkloadSource } from './ClusterWorkloads';

function source(name: string, namespaces: string[]): WorkloadSource {
  return {
    workloads: cluster =>
      namespaces.map(
        (namespace): Workload => ({
          namespace,
          commonLabels: { 'backstage.io/kubernetes-id': namespace },
          objects: () => [
            {
              apiVersion: 'v1',
              kind: 'Service',
              metadata: { name: `${name}-${cluster}`, namespace },
            },
          ],
        }),
      ),
  };
}

describe('ClusterWorkloads', () => {
  it('has nothing before a deployer registers', () => {
    expect(new ClusterWorkloads().in('dev')).toEqual([]);
  });

  it('serves what every deployer runs in a cluster, the first one winning a namespace', () => {
    const clusters = new ClusterWorkloads();
    clusters.addSource(source('argocd', ['payments-api', 'cart-service']));
    clusters.addSource(source('argocd-eu', ['cart-service', 'search']));
    const workloads = clusters.in('prod');
    expect(workloads.map(w => w.namespace)).toEqual([
      'payments-api',
      'cart-service',
      'search',
    ]);
    expect(workloads[1].objects()[0].metadata.name).toBe('argocd-prod');
  });
});
