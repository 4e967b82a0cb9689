import { getImageTag, setImageTag, unifiedDiff } from './valuesFile';

const VALUES = `# Values for staging
environment: staging

image:
  # Set by the promote workflow.
  tag: "1.2.0" # the build

autoscaling:
  minReplicas: 2
`;

describe('values files', () => {
  it('reads and sets image.tag, keeping comments and layout', () => {
    expect(getImageTag(VALUES)).toBe('1.2.0');
    const next = setImageTag(VALUES, '1.3.0');
    expect(next).toBe(VALUES.replace('"1.2.0"', '"1.3.0"'));
    expect(getImageTag(next)).toBe('1.3.0');
    expect(getImageTag('image:\n  tag: ""\n')).toBeUndefined();
    expect(() => setImageTag(VALUES, 'bad tag')).toThrow(/not a valid/);
    expect(() => setImageTag('a: 1\n', '1.0.0')).toThrow(/image/);
  });

  it('diffs the two versions of a values file', () => {
    const diff = unifiedDiff(
      'chart/values-staging.yaml',
      VALUES,
      setImageTag(VALUES, '1.3.0'),
    );
    expect(diff).toBe(
      [
        '--- a/chart/values-staging.yaml',
        '+++ b/chart/values-staging.yaml',
        '@@ -4,5 +4,5 @@',
        ' image:',
        '   # Set by the promote workflow.',
        '-  tag: "1.2.0" # the build',
        '+  tag: "1.3.0" # the build',
        ' ',
        ' autoscaling:',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('x', VALUES, VALUES)).toBe('');
  });
});
