/* The schema checks the chart tests rely on must be able to fail. */
import { parseManifests, validateManifest } from './__testUtils__/manifests';

describe('validateManifest', () => {
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'orders' },
    spec: {
      selector: { matchLabels: { app: 'orders' } },
      template: { spec: { containers: [] } },
    },
  };

  it('accepts a well-formed object', () => {
    expect(() => validateManifest(rollout)).not.toThrow();
  });

  it('refuses a field of the wrong type, naming the object', () => {
    expect(() =>
      validateManifest({
        ...rollout,
        spec: {
          ...rollout.spec,
          strategy: { canary: { steps: 'all at once' } },
        },
      }),
    ).toThrow(/Rollout orders/);
  });

  it('refuses a Service port without its number', () => {
    expect(() =>
      validateManifest({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'orders' },
        spec: { ports: [{ name: 'http' }] },
      }),
    ).toThrow(/Service orders/);
  });

  it('refuses kinds it has no schema for', () => {
    expect(() =>
      validateManifest({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
      }),
    ).toThrow('no schema for example.com/v1/Widget');
  });

  it('reads multi-document YAML as Helm prints it', () => {
    expect(
      parseManifests('---\n# Source: a.yaml\nkind: A\n---\n---\nkind: B\n').map(
        m => m.kind,
      ),
    ).toEqual(['A', 'B']);
  });
});
