import stockKubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import { kubernetesPlugin } from './plugin';

describe('kubernetesPlugin', () => {
  // The same ids as the stock plugin, so app-config (extensions: ...) and
  // other plugins that address them keep working.
  it.each([
    'entity-content:kubernetes/kubernetes',
    'api:kubernetes',
    'api:kubernetes/proxy',
    'api:kubernetes/auth-providers',
    'api:kubernetes/cluster-link-formatter',
  ])('has the stock extension %s', id => {
    expect(stockKubernetesPlugin.getExtension(id as never)).toBeDefined();
    expect(kubernetesPlugin.getExtension(id as never)).toBeDefined();
  });

  it('is the kubernetes plugin', () => {
    expect(kubernetesPlugin.pluginId).toBe(stockKubernetesPlugin.pluginId);
  });
});
