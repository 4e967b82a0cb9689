import { LabelSelector } from './labelSelector';
import { ApplicationRecord } from './summarize';

/** Changes remembered for `changesSince`; a reader further behind rebuilds. */
const CHANGE_LOG_LIMIT = 20_000;
/** How long a slice of a full list's load may hold the event loop. */
const DEFAULT_SLICE_MS = 8;
/** Apps handled between two looks at the clock. */
const CHECK_EVERY = 64;

const nextTurn = () => new Promise<void>(resolve => setImmediate(resolve));

/**
 * The applications of one Argo CD instance, as the portal needs them (the
 * small `ApplicationRecord`, never the whole Application): filled by a
 * list, then kept current by the watch stream or the next list. Every
 * change bumps `version` and is logged, so the join can update only the
 * rows it touches; label lookups are indexed per key as they are asked for.
 */
export class ApplicationIndex {
  private readonly apps = new Map<string, ApplicationRecord>();
  /** Each app's resourceVersion: an event older than what is held is ignored. */
  private readonly versions = new Map<string, number>();
  private readonly byLabel = new Map<string, Map<string, Set<string>>>();
  private log: Array<{ version: number; name: string }> = [];
  private logStart = 0;
  /** Bumped by every change. */
  version = 0;
  /** Per full list being loaded: the apps changed by others meanwhile. */
  private readonly loads = new Set<Map<string, 'upserted' | 'deleted'>>();

  get size(): number {
    return this.apps.size;
  }

  get(name: string): ApplicationRecord | undefined {
    return this.apps.get(name);
  }

  values(): IterableIterator<ApplicationRecord> {
    return this.apps.values();
  }

  /** The applications a selector may match (all, unless it has a `key=value`). */
  candidates(selector: LabelSelector): Iterable<ApplicationRecord> {
    if (!selector.equality) return this.apps.values();
    const { key, value } = selector.equality;
    let values = this.byLabel.get(key);
    if (!values) {
      values = new Map();
      for (const app of this.apps.values()) {
        const v = app.labels[key];
        if (v !== undefined) add(values, v, app.name);
      }
      this.byLabel.set(key, values);
    }
    const names = values.get(value);
    if (!names) return [];
    return [...names].map(n => this.apps.get(n)!);
  }

  /**
   * Holds `record` unless what is held is newer (a watch event may arrive
   * after a list that already had it). Answers whether anything changed.
   */
  upsert(record: ApplicationRecord, resourceVersion?: string): boolean {
    const applied = this.put(record, resourceVersion);
    if (applied) {
      for (const touched of this.loads) {
        if (touched.get(record.name) !== 'deleted') {
          touched.set(record.name, 'upserted');
        }
      }
    }
    return applied;
  }

  delete(name: string): boolean {
    for (const touched of this.loads) touched.set(name, 'deleted');
    return this.remove(name);
  }

  /**
   * Makes the index what a full list says: new and changed apps are
   * upserted, apps the list no longer has are deleted. Apps whose
   * resourceVersion did not move are left alone, so a resync of 30,000
   * apps logs only what really changed.
   *
   * The work is cut into slices of about `sliceMs` that yield the event
   * loop in between, so that a list of 30,000 apps does not hold up
   * requests. Between slices, readers see every app either as it was or
   * as the list has it: apps are replaced one by one, and the apps the
   * list drops are deleted only at the end. What a watch event or a
   * mutation's answer did while the slices ran is not undone: an app
   * deleted meanwhile stays deleted, one added meanwhile stays, and one
   * updated meanwhile takes the list's record only if that is newer.
   */
  async replaceAll(
    listed: Map<
      string,
      { record: ApplicationRecord; resourceVersion?: string }
    >,
    options: { sliceMs?: number; yieldLoop?: () => Promise<void> } = {},
  ): Promise<void> {
    const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    const yieldLoop = options.yieldLoop ?? nextTurn;
    const touched = new Map<string, 'upserted' | 'deleted'>();
    this.loads.add(touched);
    try {
      let sliceStart = performance.now();
      let count = 0;
      const maybeYield = async () => {
        count += 1;
        if (count % CHECK_EVERY !== 0) return;
        if (performance.now() - sliceStart < sliceMs) return;
        await yieldLoop();
        sliceStart = performance.now();
      };
      for (const { record, resourceVersion } of listed.values()) {
        const meanwhile = touched.get(record.name);
        if (meanwhile === 'upserted') {
          this.put(record, resourceVersion);
        } else if (meanwhile === undefined) {
          const held = this.versions.get(record.name);
          const incoming = numeric(resourceVersion);
          if (held === undefined || incoming !== held) {
            // A list is the truth, even when a version looks older (a
            // restored or recreated Argo CD counts again).
            this.versions.delete(record.name);
            this.put(record, resourceVersion);
          }
        }
        await maybeYield();
      }
      for (const name of [...this.apps.keys()]) {
        if (!listed.has(name) && !touched.has(name)) this.remove(name);
        await maybeYield();
      }
    } finally {
      this.loads.delete(touched);
    }
  }

  /** The names changed after `version`, or undefined when not remembered. */
  changesSince(version: number): Set<string> | undefined {
    if (version < this.logStart) return undefined;
    const names = new Set<string>();
    for (let i = this.log.length - 1; i >= 0; i--) {
      if (this.log[i].version <= version) break;
      names.add(this.log[i].name);
    }
    return names;
  }

  private put(record: ApplicationRecord, resourceVersion?: string): boolean {
    const incoming = numeric(resourceVersion);
    const held = this.versions.get(record.name);
    if (incoming !== undefined && held !== undefined && incoming <= held) {
      return false;
    }
    const before = this.apps.get(record.name);
    if (before) this.unlabel(before);
    this.apps.set(record.name, record);
    if (incoming !== undefined) this.versions.set(record.name, incoming);
    else this.versions.delete(record.name);
    for (const [key, values] of this.byLabel) {
      const v = record.labels[key];
      if (v !== undefined) add(values, v, record.name);
    }
    this.changed(record.name);
    return true;
  }

  private remove(name: string): boolean {
    const before = this.apps.get(name);
    if (!before) return false;
    this.unlabel(before);
    this.apps.delete(name);
    this.versions.delete(name);
    this.changed(name);
    return true;
  }

  private changed(name: string): void {
    this.version += 1;
    this.log.push({ version: this.version, name });
    if (this.log.length > CHANGE_LOG_LIMIT * 1.5) {
      const dropped = this.log.length - CHANGE_LOG_LIMIT;
      this.logStart = this.log[dropped - 1].version;
      this.log = this.log.slice(dropped);
    }
  }

  private unlabel(app: ApplicationRecord): void {
    for (const [key, values] of this.byLabel) {
      const v = app.labels[key];
      if (v === undefined) continue;
      const names = values.get(v);
      names?.delete(app.name);
      if (names?.size === 0) values.delete(v);
    }
  }
}

function add(values: Map<string, Set<string>>, value: string, name: string) {
  let names = values.get(value);
  if (!names) {
    names = new Set();
    values.set(value, names);
  }
  names.add(name);
}

function numeric(resourceVersion: string | undefined): number | undefined {
  if (!resourceVersion || !/^\d+$/.test(resourceVersion)) return undefined;
  return Number(resourceVersion);
}
