import { ApplicationIndex } from './ApplicationIndex';
import { parseLabelSelector } from './labelSelector';
import { ApplicationRecord } from './summarize';

const record = (
  name: string,
  labels: Record<string, string>,
  revision = 'a',
): ApplicationRecord => ({
  name,
  environment: 'dev',
  labels,
  summary: {
    environment: 'dev',
    instance: 'argocd',
    state: 'deployed',
    revision,
  } as ApplicationRecord['summary'],
});

describe('ApplicationIndex', () => {
  it('ignores an event older than what it holds', () => {
    const index = new ApplicationIndex();
    expect(index.upsert(record('a-dev', {}, 'new'), '10')).toBe(true);
    expect(index.upsert(record('a-dev', {}, 'old'), '9')).toBe(false);
    expect(index.get('a-dev')?.summary.revision).toBe('new');
  });

  it('finds candidates by label and follows label changes', () => {
    const index = new ApplicationIndex();
    const selector = parseLabelSelector('app.kubernetes.io/name=a');
    index.upsert(record('a-dev', { 'app.kubernetes.io/name': 'a' }), '1');
    expect([...index.candidates(selector)].map(a => a.name)).toEqual(['a-dev']);

    index.upsert(record('a-dev', { 'app.kubernetes.io/name': 'b' }), '2');
    index.upsert(record('x-dev', { 'app.kubernetes.io/name': 'a' }), '3');
    expect([...index.candidates(selector)].map(a => a.name)).toEqual(['x-dev']);
    index.delete('x-dev');
    expect([...index.candidates(selector)]).toEqual([]);
  });

  it('logs only what a full list changed', () => {
    const index = new ApplicationIndex();
    const listed = (entries: Array<[string, string]>) =>
      new Map(
        entries.map(([name, rv]) => [
          name,
          { record: record(name, {}, rv), resourceVersion: rv },
        ]),
      );
    index.replaceAll(
      listed([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]),
    );
    const before = index.version;

    index.replaceAll(
      listed([
        ['a', '1'],
        ['b', '5'],
        ['d', '6'],
      ]),
    );

    expect(index.changesSince(before)).toEqual(new Set(['c', 'b', 'd']));
    expect([...index.values()].map(a => a.name).sort()).toEqual([
      'a',
      'b',
      'd',
    ]);
    expect(index.changesSince(-1)).toBeUndefined();
  });
});
