import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@internal/backend-test-stubs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A hand-made scaffolder action context (the scaffolder's test utilities are
 * not published for this release): outputs and log lines are collected, and
 * checkpoints remember results by key as a retried task would.
 */
export function actionContext<TInput>(options: {
  input: TInput;
  workspacePath: string;
  isDryRun?: boolean;
  checkpoints?: Map<string, unknown>;
  /** The task's user, as `getInitiatorCredentials` gives it. */
  user?: string;
  taskId?: string;
}) {
  const outputs: Record<string, unknown> = {};
  const logs: string[] = [];
  const checkpoints = options.checkpoints ?? new Map();
  const logger: LoggerService = {
    error: m => void logs.push(m),
    warn: m => void logs.push(m),
    info: m => void logs.push(m),
    debug: () => {},
    child: () => logger,
  };
  const ctx = {
    input: options.input,
    workspacePath: options.workspacePath,
    isDryRun: options.isDryRun,
    logger,
    templateInfo: { entityRef: 'template:default/microservice' },
    task: { id: options.taskId ?? 'task-1' },
    step: { id: 'step', name: 'Step' },
    checkpoint: async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<any>;
    }) => {
      if (checkpoints.has(key)) return checkpoints.get(key);
      const result = await fn();
      checkpoints.set(key, result);
      return result;
    },
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    createTemporaryDirectory: () => mkdtemp(join(tmpdir(), 'action-tmp-')),
    getInitiatorCredentials: async () =>
      options.user
        ? mockCredentials.user(options.user)
        : Promise.reject(new Error('no initiator in this test')),
  };
  return { ctx: ctx as any, outputs, logs, checkpoints };
}
