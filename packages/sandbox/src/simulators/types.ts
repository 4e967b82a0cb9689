import { RequestHandler } from 'express';
import { World } from '../world/World';

/** What every simulator gets when the sandbox starts. */
export interface SimulatorContext {
  world: World;
  /** Public base URL of the sandbox, e.g. http://localhost:7010. */
  baseUrl: string;
  /** Where this simulator is mounted: `${baseUrl}/${name}`. */
  mountUrl: string;
  /**
   * This simulator's own directory for state that must survive a restart
   * (`<sandbox state dir>/<name>`; created on demand by the simulator). A
   * temporary directory unless the sandbox was given one.
   */
  stateDir: string;
}

/** One running simulated external system. */
export interface Simulator {
  handler: RequestHandler;
  /**
   * Paths the simulated system serves at the host root rather than under its
   * mount, as GitHub Enterprise serves `/<owner>/<repo>` and git. It must
   * call `next()` for paths it does not know.
   */
  rootHandler?: RequestHandler;
  /**
   * The body of an injected error (`PUT /admin/faults/<name>`) in the
   * system's own error shape, e.g. a Kubernetes `Status`; a generic
   * `{ errors: [...] }` when absent.
   */
  faultBody?(status: number, message: string): unknown;
  /**
   * A key and certificate (PEM): the sandbox then also answers HTTPS on its
   * port (the Kubernetes API servers must be reachable over TLS).
   */
  tls?: { key: string; cert: string };
  /** Forgets runtime state (sessions, runs, ...); called by `POST /admin/reset`. */
  reset?(): void | Promise<void>;
  /** Frees what outlives the process otherwise (temporary directories). */
  close?(): void | Promise<void>;
}

/** A simulator kind, mounted at `/<name>` of the sandbox. */
export interface SimulatorFactory {
  name: string;
  create(ctx: SimulatorContext): Promise<Simulator>;
}
