import { startSandbox } from './server';

/** `sandbox [--port N]`: runs until SIGINT/SIGTERM. */
export async function main() {
  const portArg = process.argv.indexOf('--port');
  const port = Number(
    portArg > 0 ? process.argv[portArg + 1] : process.env.SANDBOX_PORT ?? 7010,
  );
  const sandbox = await startSandbox({
    port,
    portalUrl: process.env.PORTAL_URL ?? 'http://localhost:7007',
  });
  // The start script waits for this line.
  console.log(`sandbox listening on ${sandbox.url}`);
  const stop = () => {
    sandbox.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
