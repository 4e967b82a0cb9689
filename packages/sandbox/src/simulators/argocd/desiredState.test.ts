import {
  desiredState,
  imageRepository,
  imageTag,
  setImageTag,
} from './desiredState';

describe('setImageTag', () => {
  const values = [
    '# Values for dev',
    'environment: dev',
    '',
    'image:',
    '  # Set by CI after every build of main.',
    '  tag: ""',
    '',
    'autoscaling:',
    '  minReplicas: 1',
    '',
  ].join('\n');

  it('changes only the tag line, keeping comments', () => {
    expect(setImageTag(values, '1.4.0')).toBe(
      values.replace('tag: ""', 'tag: "1.4.0"'),
    );
  });

  it('adds a tag to an image block without one, and an image block to a file without one', () => {
    expect(setImageTag('image:\n  pullPolicy: Always\n', '2.0.0')).toBe(
      'image:\n  tag: "2.0.0"\n  pullPolicy: Always\n',
    );
    expect(setImageTag('environment: dev\n', '2.0.0')).toBe(
      'environment: dev\nimage:\n  tag: "2.0.0"\n',
    );
  });
});

describe('desiredState', () => {
  const rollout = (spec: object) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'orders' },
    spec,
  });
  const template = {
    spec: { containers: [{ name: 'app', image: 'r.example/orders:1.0.0' }] },
  };

  it('takes the HPA minimum over spec.replicas, and the canary steps', () => {
    const desired = desiredState(
      [
        rollout({
          replicas: 7,
          template,
          strategy: { canary: { steps: [{ setWeight: 10 }] } },
        }),
        {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: 'orders' },
          spec: {
            minReplicas: 3,
            scaleTargetRef: { kind: 'Rollout', name: 'orders' },
          },
        },
      ],
      'orders',
    );
    expect(desired).toMatchObject({
      image: 'r.example/orders:1.0.0',
      replicas: 3,
      steps: [{ setWeight: 10 }],
      rolloutName: 'orders',
    });
    expect(
      desiredState([rollout({ replicas: 7, template })], 'orders').replicas,
    ).toBe(7);
  });

  it('gives a new template hash when anything of the pod template changes', () => {
    const a = desiredState([rollout({ template })], 'orders');
    const b = desiredState(
      [
        rollout({
          template: {
            spec: {
              containers: [
                {
                  ...template.spec.containers[0],
                  env: [{ name: 'X', value: '1' }],
                },
              ],
            },
          },
        }),
      ],
      'orders',
    );
    expect(a.templateHash).not.toBe(b.templateHash);
  });

  it('refuses a render without exactly one Rollout', () => {
    expect(() => desiredState([], 'orders')).toThrow(
      'exactly one argoproj.io Rollout',
    );
  });

  it('splits image references', () => {
    expect(imageTag('registry:5000/a/b:1.2')).toBe('1.2');
    expect(imageRepository('registry:5000/a/b:1.2')).toBe('registry:5000/a/b');
    expect(imageTag('registry:5000/a/b')).toBe('');
  });
});
