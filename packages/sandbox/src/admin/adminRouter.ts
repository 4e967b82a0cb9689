import express, { Router } from 'express';
import { z } from 'zod';
import { IMAGE_REFERENCE } from '../world/ImageRegistry';
import { World } from '../world/World';
import { CallCounter } from './CallCounter';
import { FaultInjector } from './FaultInjector';
import { answerErrors, errorStatus, parseBody } from '../http/express';

const seedBody = z.object({
  services: z.number().int().min(0).max(20000),
});

const imageBody = z.object({
  image: z
    .string()
    .regex(
      IMAGE_REFERENCE,
      'must be <repository>:<tag>, e.g. registry.acme.example/orders:1.4.0',
    ),
  /** A bad build fails about 60 % of its requests while it serves. */
  bad: z.boolean().optional(),
});

const faultBody = z
  .object({
    latencyMs: z.number().int().min(0).max(120000).optional(),
    status: z
      .number()
      .int()
      .refine(s => s === 429 || (s >= 500 && s <= 599), {
        message: 'status must be 429 or a 5xx code',
      })
      .optional(),
    rate: z.number().gt(0).max(1).optional(),
    times: z.number().int().min(1).optional(),
  })
  .refine(f => f.latencyMs !== undefined || f.status !== undefined, {
    message: 'give latencyMs and/or status',
  });

export interface AdminRouterOptions {
  world: World;
  faults: FaultInjector;
  calls: CallCounter;
  simulatorNames: string[];
  resetSimulators: () => Promise<void>;
  /** False while a simulator's `start` still runs: health answers 503 then. */
  isStarted?: () => boolean;
}

/** The one API tests, benchmarks and the start script use to drive the sandbox. */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const { world, faults, calls, simulatorNames } = options;
  const router = Router();
  router.use(express.json());

  const knownSimulator = (
    req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) => {
    if (!simulatorNames.includes(req.params.simulator)) {
      res.status(404).json({
        error: `unknown simulator '${
          req.params.simulator
        }'; known: ${simulatorNames.join(', ')}`,
      });
      return;
    }
    next();
  };

  router.get('/health', (_req, res) => {
    if (options.isStarted && !options.isStarted()) {
      res.status(503).json({ status: 'starting', simulators: simulatorNames });
      return;
    }
    // Still "ok": a caught error is the sandbox working, not failing.
    res.json({
      status: 'ok',
      simulators: simulatorNames,
      errors: world.errors().length,
    });
  });

  /** What simulators caught instead of crashing (timers, bad repositories). */
  router.get('/errors', (_req, res) => {
    res.json({ errors: world.errors() });
  });

  router.post('/reset', async (_req, res) => {
    world.reset();
    faults.clear();
    calls.reset();
    await options.resetSimulators();
    res.json({ status: 'reset' });
  });

  router.get('/world', (_req, res) => {
    res.json({
      users: world.users().map(({ name, email, groups }) => ({
        name,
        email,
        groups,
      })),
      services: world.services(),
    });
  });

  router.post('/seed', (req, res) => {
    const body = parseBody(seedBody, req.body, res);
    if (body) {
      const services = world.seed(body.services);
      res.json({ services: services.length });
    }
  });

  /**
   * CI's part: a build was made. Releasing it is a commit of its tag to the
   * service's values-<env>.yaml (git push, or the GitHub contents API).
   */
  router.post('/images', (req, res) => {
    const body = parseBody(imageBody, req.body, res);
    if (body) {
      res.status(201).json(world.images.register(body.image, !!body.bad));
    }
  });

  router.get('/images', (_req, res) => {
    res.json({ images: world.images.list() });
  });

  router.get('/faults', (_req, res) => {
    res.json(faults.list());
  });

  router.put('/faults/:simulator', knownSimulator, (req, res) => {
    const body = parseBody(faultBody, req.body, res);
    if (body) {
      faults.set(req.params.simulator, body);
      res.json(faults.list());
    }
  });

  router.delete('/faults/:simulator', knownSimulator, (req, res) => {
    faults.clear(req.params.simulator);
    res.json(faults.list());
  });

  router.get('/calls', (req, res) => {
    const simulator =
      typeof req.query.simulator === 'string' ? req.query.simulator : undefined;
    res.json(calls.snapshot(simulator));
  });

  router.delete('/calls', (_req, res) => {
    calls.reset();
    res.json({});
  });

  // Errors (e.g. a malformed JSON body) are answered in JSON like everything
  // else here, instead of express's HTML error page.
  const errorHandler = answerErrors((error, res) => {
    res.status(errorStatus(error)).json({
      error:
        error?.type === 'entity.parse.failed'
          ? `body: invalid JSON (${error.message})`
          : String(error?.message ?? error),
    });
  });
  router.use(errorHandler);

  return router;
}
