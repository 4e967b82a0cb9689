import { expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The stack that scripts/start.sh runs (scripts/lib/stack.sh): each process
 * writes its pid to `<log dir>/<name>.pid` while it runs, and the supervisor
 * starts a process that died again with the same state. Restarting one is
 * stopping it and waiting until the supervisor has it back and ready.
 */
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const STACK_LOG_DIR =
  process.env.STACK_LOG_DIR ?? path.join(PROJECT_ROOT, '.data', 'logs');

export type StackProcess = 'sandbox' | 'backend';

const READY_URL: Record<StackProcess, string> = {
  sandbox: 'http://localhost:7010/admin/health',
  backend: 'http://localhost:7007/.backstage/health/v1/readiness',
};

function pidOf(name: StackProcess): number | undefined {
  try {
    const pid = Number(
      fs.readFileSync(path.join(STACK_LOG_DIR, `${name}.pid`), 'utf8').trim(),
    );
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/**
 * Stops one process of the stack (TERM, as a restart would) and waits until
 * the supervisor has started a new one that answers its readiness URL.
 */
export async function restartStackProcess(name: StackProcess) {
  const before = pidOf(name);
  if (!before) {
    throw new Error(
      `no ${name}.pid in ${STACK_LOG_DIR}: is the stack running under scripts/start.sh?`,
    );
  }
  process.kill(before, 'SIGTERM');
  await expect
    .poll(
      async () => {
        const now = pidOf(name);
        return now !== undefined && now !== before && ready(READY_URL[name]);
      },
      {
        message: `${name} back after a restart`,
        timeout: 180_000,
        intervals: [1_000],
      },
    )
    .toBe(true);
}

/**
 * Restarts the sandbox, then the backend (which discovers the sandbox's
 * identity provider at its start), as a restart of scripts/start.sh would.
 */
export async function restartStack() {
  await restartStackProcess('sandbox');
  await restartStackProcess('backend');
}
