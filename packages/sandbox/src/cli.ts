import { startSandbox } from './server';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

/** `sandbox [--port N] [--state-dir DIR]`: runs until SIGINT/SIGTERM. */
export async function main() {
  const port = Number(argument('--port') ?? process.env.SANDBOX_PORT ?? 7010);
  const sandbox = await startSandbox({
    port,
    stateDir: argument('--state-dir') ?? process.env.SANDBOX_STATE_DIR,
    portalUrl: process.env.PORTAL_URL ?? 'http://localhost:7007',
    ci: process.env.SANDBOX_CI === 'off' ? undefined : {},
  });
  // The start script waits for this line.
  console.log(`sandbox listening on ${sandbox.url}`);
  const stop = () => {
    sandbox.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
