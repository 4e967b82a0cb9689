import { RequestHandler } from 'express';

/** A fault injected into one simulator until cleared (or `times` requests). */
export interface Fault {
  /** Delay added before every request is handled. */
  latencyMs?: number;
  /** HTTP status to answer with instead of the simulator (429 or 5xx). */
  status?: number;
  /** Fraction of requests (0..1] that get `status`; 1 when omitted. */
  rate?: number;
  /** Only the next N requests are affected; unlimited when omitted. */
  times?: number;
}

/**
 * Injects latency, rate limiting and server errors per simulator, so clients'
 * retry, back-off and degrade-one-card behaviour can be tested for real.
 */
export class FaultInjector {
  private readonly faults = new Map<string, Fault & { remaining?: number }>();

  constructor(private readonly random: () => number = Math.random) {}

  set(simulator: string, fault: Fault): void {
    this.faults.set(simulator, { ...fault, remaining: fault.times });
  }

  clear(simulator?: string): void {
    if (simulator) {
      this.faults.delete(simulator);
    } else {
      this.faults.clear();
    }
  }

  list(): Record<string, Fault> {
    return Object.fromEntries(
      [...this.faults].map(([name, { remaining, ...fault }]) => [
        name,
        { ...fault, times: remaining },
      ]),
    );
  }

  /** `faultBody` words an injected error the way the simulated system would. */
  middleware(
    simulator: string,
    faultBody?: (status: number, message: string) => unknown,
  ): RequestHandler {
    return (_req, res, next) => {
      const fault = this.faults.get(simulator);
      if (!fault) {
        next();
        return;
      }
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) {
          this.faults.delete(simulator);
        }
      }
      const answer = () => {
        if (fault.status && this.random() < (fault.rate ?? 1)) {
          if (fault.status === 429) {
            res.setHeader('Retry-After', '1');
          }
          const detail = `The sandbox injected HTTP ${fault.status} into ${simulator}`;
          res.status(fault.status).json(
            faultBody?.(fault.status, detail) ?? {
              errors: [
                {
                  status: String(fault.status),
                  title: 'Injected fault',
                  detail,
                },
              ],
            },
          );
          return;
        }
        next();
      };
      if (fault.latencyMs) {
        setTimeout(answer, fault.latencyMs);
      } else {
        answer();
      }
    };
  }
}
