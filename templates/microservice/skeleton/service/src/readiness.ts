// Readiness = "send me traffic": true only when the dependencies this
// environment was provisioned with can be reached. A TCP connect proves the
// network path (security groups, NetworkPolicy) without tying the skeleton to
// a particular database or Redis client library.
import { connect } from 'node:net';
import type { Config } from './config.ts';

export type CheckResult = { ok: true } | { ok: false; reason: string };

export interface Readiness {
  check(): Promise<{ ready: boolean; checks: Record<string, CheckResult> }>;
  /** Marks the service as draining; readiness fails from then on. */
  drain(): void;
}

export type TcpProbe = (host: string, port: number, timeoutMs: number) => Promise<void>;

export const tcpProbe: TcpProbe = (host, port, timeoutMs) =>
  new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`timed out after ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });

export function createReadiness(
  config: Pick<Config, 'database' | 'cache'>,
  probe: TcpProbe = tcpProbe,
  timeoutMs = 1000,
): Readiness {
  let draining = false;
  const targets: Record<string, { host: string; port: number }> = {};
  if (config.database) targets.database = config.database;
  if (config.cache) targets.cache = config.cache;

  return {
    drain: () => {
      draining = true;
    },
    async check() {
      const checks: Record<string, CheckResult> = {};
      if (draining) checks.shutdown = { ok: false, reason: 'shutting down' };
      await Promise.all(
        Object.entries(targets).map(async ([name, { host, port }]) => {
          try {
            await probe(host, port, timeoutMs);
            checks[name] = { ok: true };
          } catch (error) {
            checks[name] = { ok: false, reason: `${host}:${port}: ${(error as Error).message}` };
          }
        }),
      );
      return { ready: Object.values(checks).every(c => c.ok), checks };
    },
  };
}
