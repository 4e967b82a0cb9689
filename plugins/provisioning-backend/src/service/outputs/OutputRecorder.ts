import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { assertError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { GitHubWriter } from '@internal/plugin-deployments-node';
import { defaultEnvironments, type Environments } from '@internal/environments';
import type { RunStore, StoredRun } from '../../database/RunStore';
import { provisionedValues, writeProvisionedValues } from './provisionedValues';
import { serviceRepositoryOf } from './serviceRepository';
import { APP_SELECTOR_ANNOTATION, SyncReleaser } from './SyncReleaser';

export interface OutputRecorderOptions {
  store: RunStore;
  catalog: CatalogService;
  auth: AuthService;
  writer: GitHubWriter;
  /** Absent when no Argo CD is configured: nothing is held then. */
  sync?: SyncReleaser;
  auditor: AuditorService;
  logger: LoggerService;
  /** The values file of an environment; defaults to `chart/values-{environment}.yaml`. */
  valuesFile?: string;
  /** First wait after a failure, doubled per attempt up to `maxRetryMs`; defaults to 10 s. */
  retryBaseMs?: number;
  /** Defaults to 10 minutes. */
  maxRetryMs?: number;
  /** Runs looked at per pass; defaults to 20. */
  batchSize?: number;
  owner?: string;
  leaseMs?: number;
  /** The portal's environments (audit severity); dev, staging, prod by default. */
  environments?: Environments;
}

/**
 * What happens after a run applied: its non-sensitive outputs are written
 * into the service repository's `chart/values-<env>.yaml` (`provisioned:`)
 * with one commit through the {@link GitHubWriter}, and then the
 * environment's Argo CD Applications that waited for them get automated
 * sync. Every step is stored on the run, so a failure (push refused,
 * repository missing, Argo CD down) is shown per environment and tried
 * again on a later pass with back-off, also after a restart.
 */
export class OutputRecorder {
  private readonly owner: string;

  constructor(private readonly options: OutputRecorderOptions) {
    this.owner = options.owner ?? randomUUID();
  }

  /** One pass over the due records; returns how many runs it looked at. */
  async tick(): Promise<number> {
    const { store } = this.options;
    const due = await store.listDueOutputRecords(
      new Date().toISOString(),
      this.options.batchSize ?? 20,
    );
    let done = 0;
    for (const run of due) {
      if (
        !(await store.claim(
          run.id,
          this.owner,
          new Date(),
          this.options.leaseMs ?? 120_000,
        ))
      ) {
        continue;
      }
      done += 1;
      try {
        const fresh = (await store.getRun(run.id)) ?? run;
        await this.process(fresh);
      } catch (error) {
        assertError(error);
        this.options.logger.error(
          `Could not record the outputs of provisioning run ${run.id}: ${error.message}`,
        );
      } finally {
        await store.release(run.id, this.owner);
      }
    }
    return done;
  }

  private async process(run: StoredRun): Promise<void> {
    const record = run.outputsRecord;
    if (!record) return;
    if (record.state === 'pending' || record.state === 'failed') {
      const latest = await this.options.store.latestAppliedRunId(
        run.entityRef,
        run.environment,
      );
      if (latest && latest !== run.id) {
        // A newer run applied: git gets its outputs, not these.
        await this.options.store.updateOutputsRecord(run.id, {
          state: 'superseded',
          nextAttemptAt: null,
        });
        return;
      }
      if (!(await this.record(run))) return;
    }
    await this.releaseSync((await this.options.store.getRun(run.id)) ?? run);
  }

  /** Writes the outputs; returns whether they are in git now. */
  private async record(run: StoredRun): Promise<boolean> {
    const { store, writer, catalog, auth } = this.options;
    const attempts = (run.outputsRecord?.attempts ?? 0) + 1;
    const file = (
      this.options.valuesFile ?? 'chart/values-{environment}.yaml'
    ).replace('{environment}', run.environment);
    let repositoryUrl: string | undefined;
    try {
      const entity = await catalog.getEntityByRef(run.entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        throw new Error(
          `${run.entityRef} is not in the catalog (yet), so its repository is unknown`,
        );
      }
      const repository = serviceRepositoryOf(entity);
      if (!repository) {
        throw new Error(
          `${run.entityRef} names no repository (github.com/project-slug or backstage.io/source-location)`,
        );
      }
      repositoryUrl = repository.htmlUrl;
      const values = provisionedValues(run.outputs ?? [], run.tiers);
      const result = await writer.commitFile({
        repository,
        branch: repository.branch,
        path: file,
        message: commitMessage(run, file),
        change: current => {
          if (current === undefined) {
            throw new Error(
              `${file} does not exist in ${repositoryUrl}; the chart needs it`,
            );
          }
          return writeProvisionedValues(current, values);
        },
      });
      const at = new Date().toISOString();
      await store.updateOutputsRecord(run.id, {
        state: 'recorded',
        repositoryUrl,
        file,
        // Unchanged: git holds them since an earlier commit; keep its sha.
        commitSha: result.commitSha,
        commitUrl: result.commitUrl,
        recordedAt: at,
        error: null,
        attempts,
        nextAttemptAt: null,
        syncState: 'pending',
      });
      await this.audit(run, 'provisioning-outputs-record', {
        repository: repositoryUrl,
        file,
        commitSha: result.commitSha ?? null,
        committed: result.committed,
        // Names only; the values are in the commit.
        values: values.map(v => v.path.join('.')),
      });
      this.options.logger.info(
        result.committed
          ? `Recorded the outputs of run ${run.id} in ${repositoryUrl} ${file} (${result.commitSha})`
          : `The outputs of run ${run.id} were in ${repositoryUrl} ${file} already`,
      );
      return true;
    } catch (error) {
      assertError(error);
      const message = `Could not record the outputs in ${
        repositoryUrl ? `${repositoryUrl} ` : ''
      }${file}: ${error.message}`;
      this.options.logger.warn(
        `Run ${run.id}: ${message} (attempt ${attempts})`,
      );
      await store.updateOutputsRecord(run.id, {
        state: 'failed',
        repositoryUrl,
        file,
        error: message,
        attempts,
        nextAttemptAt: this.retryAt(attempts),
      });
      await this.audit(
        run,
        'provisioning-outputs-record',
        {
          repository: repositoryUrl ?? null,
          file,
          attempts,
        },
        error,
      );
      return false;
    }
  }

  private async releaseSync(run: StoredRun): Promise<void> {
    const { store, catalog, auth } = this.options;
    const sync = run.outputsRecord?.sync;
    if (!sync || (sync.state !== 'pending' && sync.state !== 'failed')) return;
    const attempts = run.outputsRecord!.attempts + 1;
    try {
      const entity = await catalog.getEntityByRef(run.entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const selector = entity?.metadata.annotations?.[APP_SELECTOR_ANNOTATION];
      if (!selector || !this.options.sync) {
        await store.updateOutputsRecord(run.id, {
          syncState: 'notHeld',
          syncError: null,
          nextAttemptAt: null,
        });
        return;
      }
      const result = await this.options.sync.release(selector, run.environment);
      await store.updateOutputsRecord(run.id, {
        syncState: result.nothingHeld ? 'notHeld' : 'released',
        syncApplications: result.released,
        syncError: null,
        syncReleasedAt: new Date().toISOString(),
        nextAttemptAt: null,
      });
      if (!result.nothingHeld) {
        await this.audit(run, 'provisioning-sync-release', {
          applications: result.released,
          commitSha: run.outputsRecord?.commitSha ?? null,
        });
        this.options.logger.info(
          `Turned automated sync on for ${result.released.join(', ')} (${
            run.environment
          }): its infrastructure is recorded`,
        );
      }
    } catch (error) {
      assertError(error);
      await store.updateOutputsRecord(run.id, {
        syncState: 'failed',
        syncError: `Could not turn automated sync on: ${error.message}`,
        attempts,
        nextAttemptAt: this.retryAt(attempts),
      });
      await this.audit(run, 'provisioning-sync-release', { attempts }, error);
    }
  }

  private retryAt(attempts: number): string {
    const base = this.options.retryBaseMs ?? 10_000;
    const delay = Math.min(
      base * 2 ** (attempts - 1),
      this.options.maxRetryMs ?? 600_000,
    );
    return new Date(Date.now() + delay).toISOString();
  }

  private async audit(
    run: StoredRun,
    eventId: string,
    meta: Record<string, unknown>,
    error?: Error,
  ): Promise<void> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: (
        this.options.environments ?? defaultEnvironments
      ).isProduction(run.environment)
        ? 'high'
        : 'medium',
      meta: {
        runId: run.id,
        entityRef: run.entityRef,
        environment: run.environment,
        engineRunId: run.engineRunId ?? null,
        ...meta,
      },
    });
    if (error) {
      await event.fail({ error });
    } else {
      await event.success();
    }
  }
}

function commitMessage(run: StoredRun, file: string): string {
  return [
    `Record the outputs of provisioning run ${
      run.engineRunId ?? run.id
    } in ${file}`,
    '',
    `Workspace ${run.workspaceName} applied (portal run ${run.id}). Endpoints`,
    'and ARNs only: sensitive outputs are never written here.',
  ].join('\n');
}
