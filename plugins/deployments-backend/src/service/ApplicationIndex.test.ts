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

  it('logs only what a full list changed', async () => {
    const index = new ApplicationIndex();
    const listed = (entries: Array<[string, string]>) =>
      new Map(
        entries.map(([name, rv]) => [
          name,
          { record: record(name, {}, rv), resourceVersion: rv },
        ]),
      );
    await index.replaceAll(
      listed([
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ]),
    );
    const before = index.version;

    await index.replaceAll(
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

  describe('a full list loaded in slices', () => {
    const team = parseLabelSelector('team=a');
    /** 2,000 apps `app-<i>` at `rv`, labelled team=a, revision `rev`. */
    const world = (rv: number, rev: string, except: string[] = []) =>
      new Map(
        Array.from({ length: 2000 }, (_, i) => `app-${i}`)
          .filter(name => !except.includes(name))
          .map(name => [
            name,
            {
              record: record(name, { team: 'a' }, rev),
              resourceVersion: String(rv),
            },
          ]),
      );

    it('yields the event loop between slices', async () => {
      const index = new ApplicationIndex();
      const yieldLoop = jest.fn(async () => {});
      await index.replaceAll(world(1, 'a'), { sliceMs: 0, yieldLoop });
      // Every 64 apps with a zero budget; 2,000 upserts, then the delete scan.
      expect(yieldLoop.mock.calls.length).toBeGreaterThanOrEqual(2000 / 64);
      expect(index.size).toBe(2000);
    });

    it('shows every app, as it was or as listed, between slices', async () => {
      const index = new ApplicationIndex();
      await index.replaceAll(world(1, 'old'));
      // The new list changes every app and drops app-7.
      const next = world(2, 'new', ['app-7']);
      let checks = 0;
      const wrong: string[] = [];
      const yieldLoop = async () => {
        checks += 1;
        for (let i = 0; i < 2000; i++) {
          const app = index.get(`app-${i}`);
          if (!app && i !== 7) wrong.push(`app-${i} missing`);
          if (app && !['old', 'new'].includes(app.summary.revision!)) {
            wrong.push(`app-${i} at ${app.summary.revision}`);
          }
        }
        // The label index agrees with the apps held.
        const candidates = [...index.candidates(team)];
        if (candidates.length !== index.size) wrong.push('label index size');
        for (const app of candidates) {
          if (index.get(app.name) !== app) wrong.push(`${app.name} by label`);
        }
      };
      await index.replaceAll(next, { sliceMs: 0, yieldLoop });

      expect(checks).toBeGreaterThan(10);
      expect(wrong).toEqual([]);
      expect(index.size).toBe(1999);
      expect(index.get('app-7')).toBeUndefined();
      expect(
        [...index.values()].every(app => app.summary.revision === 'new'),
      ).toBe(true);
    });

    it('does not undo what the watch did while the slices ran', async () => {
      const index = new ApplicationIndex();
      await index.replaceAll(world(1, 'old'));
      const next = world(5, 'listed');
      let first = true;
      const yieldLoop = async () => {
        if (!first) return;
        first = false;
        // After the first slice (app-0..63 done), before the others:
        index.upsert(record('app-1000', { team: 'a' }, 'watched'), '9'); // newer than the list
        index.upsert(record('app-1001', { team: 'a' }, 'stale'), '3'); // older than the list
        index.delete('app-1500'); // deleted in Argo CD after the list
        index.upsert(record('brand-new', { team: 'a' }, 'watched'), '8'); // created after the list
      };
      await index.replaceAll(next, { sliceMs: 0, yieldLoop });

      expect(index.get('app-1000')?.summary.revision).toBe('watched');
      expect(index.get('app-1001')?.summary.revision).toBe('listed');
      expect(index.get('app-1500')).toBeUndefined();
      expect(index.get('brand-new')?.summary.revision).toBe('watched');
      expect(index.get('app-1999')?.summary.revision).toBe('listed');
      expect(
        [...index.candidates(team)].map(a => a.name).includes('app-1500'),
      ).toBe(false);

      // A later list is the truth again: nothing of that load is remembered.
      await index.replaceAll(world(10, 'again'));
      expect(index.get('app-1500')?.summary.revision).toBe('again');
      expect(index.get('brand-new')).toBeUndefined();
    });
  });
});
