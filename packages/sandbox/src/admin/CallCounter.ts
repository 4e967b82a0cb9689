import { RequestHandler } from 'express';

/**
 * Counts requests per simulator endpoint ("GET /api/v1/applications"), so
 * tests and benchmarks can prove how many upstream calls a portal view costs.
 */
export class CallCounter {
  private readonly counts = new Map<string, Map<string, number>>();

  middleware(simulator: string): RequestHandler {
    return (req, res, next) => {
      res.on('finish', () => {
        // After routing, express knows the route pattern (ids not expanded);
        // simulators that are not express routers report the raw path.
        const route = req.route?.path
          ? `${req.baseUrl}${req.route.path}`
          : `${req.baseUrl}${req.path}`;
        const key = `${req.method} ${
          route.replace(`/${simulator}`, '') || '/'
        }`;
        const perSimulator = this.counts.get(simulator) ?? new Map();
        perSimulator.set(key, (perSimulator.get(key) ?? 0) + 1);
        this.counts.set(simulator, perSimulator);
      });
      next();
    };
  }

  snapshot(simulator?: string): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.counts]
        .filter(([name]) => !simulator || name === simulator)
        .map(([name, endpoints]) => [name, Object.fromEntries(endpoints)]),
    );
  }

  reset(): void {
    this.counts.clear();
  }
}
