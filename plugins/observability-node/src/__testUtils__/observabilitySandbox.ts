import {
  Sandbox,
  startSandbox,
  grafanaSimulator,
  jaegerSimulator,
  prometheusSimulator,
} from '@internal/sandbox';

/** A sandbox with the three observability simulators, and its admin API. */
export interface ObservabilitySandbox {
  sandbox: Sandbox;
  url: string;
  /** `PUT /admin/faults/<simulator>`. */
  fault(
    simulator: 'grafana' | 'jaeger' | 'prometheus',
    fault: { status?: number; latencyMs?: number; times?: number },
  ): Promise<void>;
  /** Requests per endpoint of one simulator since the last reset. */
  calls(simulator: string): Promise<Record<string, number>>;
  /** `POST /admin/reset`: no faults, no counts, no bad revisions. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the simulators in-process on a free port. Always passes its own
 * simulator list: the default one has the OIDC provider, which jest cannot load.
 */
export async function startObservabilitySandbox(
  options: { now?: () => number } = {},
): Promise<ObservabilitySandbox> {
  const sandbox = await startSandbox({
    port: 0,
    simulators: [
      grafanaSimulator({ now: options.now }),
      jaegerSimulator({ now: options.now }),
      prometheusSimulator({ now: options.now }),
    ],
  });
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/admin${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) {
      throw new Error(
        `admin ${method} ${path}: ${res.status} ${await res.text()}`,
      );
    }
    return res.json();
  };
  return {
    sandbox,
    url: sandbox.url,
    fault: async (simulator, fault) => {
      await admin('PUT', `/faults/${simulator}`, fault);
    },
    calls: async simulator =>
      (await admin('GET', `/calls?simulator=${simulator}`))[simulator] ?? {},
    reset: async () => {
      await admin('POST', '/reset');
    },
    close: () => sandbox.close(),
  };
}
