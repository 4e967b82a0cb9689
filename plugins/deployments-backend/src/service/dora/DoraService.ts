import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DoraMetrics,
  ReleaseTimeline,
} from '@internal/plugin-deployments-common';
import { normalizeRef } from '../../database/BindingStore';
import { ReleaseStore } from '../../database/ReleaseStore';
import { computeDora } from './doraMetrics';
import { ReleaseRecorder } from './ReleaseRecorder';
import { releaseTimeline } from './releaseTimeline';

const DAY_MS = 86_400_000;

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * DORA metrics of a service or a team, and a service's release timeline,
 * from the portal's records. Whoever may read the entity in the catalog may
 * read them (the catalog answers as the caller, so its read permission
 * decides); a team's metrics count only the services the caller may read.
 */
export class DoraService {
  constructor(
    private readonly options: {
      store: ReleaseStore;
      recorder: ReleaseRecorder;
      catalog: CatalogService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** The entity as the caller may read it, or a 404. */
  private async readable(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
    return normalizeRef(stringifyEntityRef(entity));
  }

  /** Reads Argo CD for the entity first, so what just happened counts; best effort. */
  private async fresh(entityRef: string): Promise<void> {
    try {
      await this.options.recorder.refresh(entityRef);
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        this.options.logger.warn(
          `Could not read the deployments of ${entityRef} for its records: ${message(
            error,
          )}`,
        );
      }
    }
  }

  async serviceMetrics(
    entityRef: string,
    days: number,
    credentials: BackstageCredentials,
  ): Promise<DoraMetrics> {
    const ref = await this.readable(entityRef, credentials);
    await this.fresh(ref);
    return this.metrics(ref, [ref], days);
  }

  /** A team: the services the group owns (as the catalog's ownership relations say). */
  async teamMetrics(
    groupRef: string,
    days: number,
    credentials: BackstageCredentials,
  ): Promise<DoraMetrics> {
    const ref = await this.readable(groupRef, credentials);
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { 'relations.ownedBy': ref },
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const services = items.map(e => normalizeRef(stringifyEntityRef(e)));
    return this.metrics(ref, services, days);
  }

  async timeline(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ReleaseTimeline> {
    const ref = await this.readable(entityRef, credentials);
    await this.fresh(ref);
    const [records, promotions] = await Promise.all([
      this.options.store.list([ref]),
      this.options.store.promotions([ref]),
    ]);
    return releaseTimeline({ entityRef: ref, records, promotions });
  }

  private async metrics(
    entityRef: string,
    services: string[],
    days: number,
  ): Promise<DoraMetrics> {
    const now = this.now();
    // A build's first commit and a failure's restore may lie before the
    // window: read a window back as well.
    const since = new Date(now.getTime() - 2 * days * DAY_MS).toISOString();
    const records = await this.options.store.list(services, since);
    return computeDora({ entityRef, services, records, now, days });
  }
}
