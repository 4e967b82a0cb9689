import { RequestHandler } from 'express';
import { World } from '../world/World';

/** What every simulator gets when the sandbox starts. */
export interface SimulatorContext {
  world: World;
  /** Public base URL of the sandbox, e.g. http://localhost:7010. */
  baseUrl: string;
  /** Where this simulator is mounted: `${baseUrl}/${name}`. */
  mountUrl: string;
}

/** One running simulated external system. */
export interface Simulator {
  handler: RequestHandler;
  /** Forgets runtime state (sessions, runs, ...); called by `POST /admin/reset`. */
  reset?(): void | Promise<void>;
}

/** A simulator kind, mounted at `/<name>` of the sandbox. */
export interface SimulatorFactory {
  name: string;
  create(ctx: SimulatorContext): Promise<Simulator>;
}
