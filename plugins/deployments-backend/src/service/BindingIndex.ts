import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Binding,
  BindingStore,
  BoundObjectKind,
  NewBinding,
  normalizeRef,
} from '../database/BindingStore';

/** Every binding at one moment, indexed for the join. */
export interface BindingSnapshot {
  /** Changes whenever a binding was added or changed. */
  version: number;
  byObject: Map<string, Binding>;
  byEntity: Map<string, Binding[]>;
}

export const objectKey = (
  kind: BoundObjectKind,
  instance: string,
  name: string,
) => `${kind}:${instance}:${name}`;

/**
 * The bindings, in memory in front of the database: the matrix reads them
 * on every request, so they are read from the table once per `ttlMs` (other
 * replicas' changes show within that time) and at once after a change made
 * here.
 */
export class BindingIndex {
  private snapshot?: { value: BindingSnapshot; loadedAt: number };
  private loading?: Promise<BindingSnapshot>;
  private version = 0;

  constructor(
    private readonly options: {
      store: BindingStore;
      logger: LoggerService;
      ttlMs: number;
    },
  ) {}

  get store(): BindingStore {
    return this.options.store;
  }

  async current(): Promise<BindingSnapshot> {
    const { ttlMs } = this.options;
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < ttlMs) {
      return this.snapshot.value;
    }
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  async lookup(
    kind: BoundObjectKind,
    instance: string,
    name: string,
  ): Promise<Binding | undefined> {
    return (await this.current()).byObject.get(objectKey(kind, instance, name));
  }

  /** Binds an object (unless it is bound already) and refreshes the index. */
  async bind(binding: NewBinding) {
    const result = await this.options.store.bind(binding);
    if (result.created) await this.changed();
    return result;
  }

  async recordUid(entityRef: string, uid: string): Promise<void> {
    const updated = await this.options.store.recordUid(entityRef, uid);
    if (updated > 0) {
      this.options.logger.info(
        `Bound ${updated} Argo CD object(s) of ${entityRef} to the entity's uid ${uid}`,
      );
      await this.changed();
    }
  }

  /** After a change here: the next read loads the table again. */
  async changed(): Promise<void> {
    this.snapshot = undefined;
    await this.current();
  }

  private async load(): Promise<BindingSnapshot> {
    const bindings = await this.options.store.list();
    const byObject = new Map<string, Binding>();
    const byEntity = new Map<string, Binding[]>();
    for (const b of bindings) {
      byObject.set(objectKey(b.kind, b.instance, b.name), b);
      const ref = normalizeRef(b.entityRef);
      const list = byEntity.get(ref) ?? [];
      list.push(b);
      byEntity.set(ref, list);
    }
    const previous = this.snapshot?.value;
    // Same rows as before: keep the version, so the join stays memoised.
    const same =
      previous &&
      previous.byObject.size === byObject.size &&
      bindings.every(b => {
        const p = previous.byObject.get(objectKey(b.kind, b.instance, b.name));
        return p && p.entityRef === b.entityRef && p.entityUid === b.entityUid;
      });
    const value: BindingSnapshot = {
      version: same ? previous.version : ++this.version,
      byObject,
      byEntity,
    };
    this.snapshot = { value, loadedAt: Date.now() };
    return value;
  }
}
