import fs from 'node:fs';
import path from 'node:path';
import {
  isFailed,
  isFinal,
  isInProgress,
  isRunStatus,
  isSuccessful,
  needsConfirmation,
  RUN_STATUSES,
  RunStatus,
} from './runStatus';
import type { RunActions } from './types';

function specsDir(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    ) {
      return path.resolve(dir, '..', 'shared', 'specs');
    }
    dir = path.dirname(dir);
  }
  throw new Error('no monorepo root');
}

function run(status: RunStatus, actions: Partial<RunActions> = {}) {
  return {
    attributes: {
      status,
      actions: {
        'is-cancelable': false,
        'is-confirmable': false,
        'is-discardable': false,
        'is-force-cancelable': false,
        ...actions,
      },
    },
  } as Parameters<typeof needsConfirmation>[0];
}

describe('RUN_STATUSES', () => {
  it("has every status of the spec's enum and of the docs' run states table, nothing else", () => {
    const spec = JSON.parse(
      fs.readFileSync(
        path.join(specsDir(), 'hcp-terraform-openapi-v2-beta.json'),
        'utf8',
      ),
    );
    const fromSpec: string[] =
      spec.components.schemas.runs.properties.attributes.properties.status.enum;
    const docs = fs.readFileSync(
      path.join(specsDir(), 'hcp-terraform-docs', 'run.mdx'),
      'utf8',
    );
    const table = docs.slice(
      docs.indexOf('### Run States'),
      docs.indexOf('### Run Operations'),
    );
    const fromDocs = [...table.matchAll(/^\| `([a-z_]+)`/gm)].map(m => m[1]);
    expect(fromDocs).toContain('force_canceled');

    expect([...RUN_STATUSES].sort()).toEqual(
      [...new Set([...fromSpec, ...fromDocs])].sort(),
    );
  });

  it('recognises known statuses only', () => {
    expect(isRunStatus('cost_estimated')).toBe(true);
    expect(isRunStatus('half_applied')).toBe(false);
  });
});

describe('isFinal, isSuccessful, isFailed', () => {
  it.each([
    ['applied', true, true],
    ['planned_and_finished', true, true],
    ['errored', true, false],
    ['discarded', true, false],
    ['canceled', true, false],
    ['force_canceled', true, false],
    ['policy_soft_failed', true, false],
  ] as const)('%s is final (successful: %s)', (status, final, successful) => {
    expect(isFinal(status)).toBe(final);
    expect(isSuccessful(status)).toBe(successful);
    expect(isFailed(status)).toBe(!successful);
  });

  it.each([
    'pending',
    'planning',
    'planned',
    'cost_estimated',
    'applying',
    'planned_and_saved',
  ])('%s is not final', status => {
    expect(isFinal(status)).toBe(false);
    expect(isFailed(status)).toBe(false);
  });

  it('treats a status it does not know as not final, so callers keep watching', () => {
    expect(isFinal('some_future_status')).toBe(false);
  });
});

describe('needsConfirmation', () => {
  it.each(['planned', 'cost_estimated', 'policy_checked'] as const)(
    'is true for a confirmable run in %s',
    status => {
      expect(needsConfirmation(run(status, { 'is-confirmable': true }))).toBe(
        true,
      );
      expect(isInProgress(run(status, { 'is-confirmable': true }))).toBe(false);
    },
  );

  it('is false while checks still run after planning (planned, not confirmable)', () => {
    expect(needsConfirmation(run('planned'))).toBe(false);
    expect(isInProgress(run('planned'))).toBe(true);
  });

  it('is false outside the waiting statuses whatever the actions say', () => {
    expect(needsConfirmation(run('applying', { 'is-confirmable': true }))).toBe(
      false,
    );
  });
});
