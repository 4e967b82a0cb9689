import type {
  ApplyStatus,
  ConfigurationVersionStatus,
  CostEstimateStatus,
  PlanStatus,
  RunStatus,
  RunVariable,
  VariableCategory,
  WorkspaceAttributes,
} from '@internal/api-tfc';
import { randomBytes } from 'node:crypto';
import { fromPlain, toPlain } from '../../state/plainJson';
import { Desired, OutputValue, ResourceSet } from './tiers';

export interface OrganizationRecord {
  name: string;
  externalId: string;
  createdAt: string;
  costEstimation: boolean;
  projectId: string;
}

export interface WorkspaceRecord {
  id: string;
  organization: string;
  /** Kept in the API's form; relationships are derived when rendering. */
  attributes: WorkspaceAttributes;
  tagBindings: Map<string, { id: string; value: string; createdAt: string }>;
  currentRunId?: string;
  currentStateVersionId?: string;
  latestConfigurationVersionId?: string;
}

export interface VariableRecord {
  id: string;
  workspaceId: string;
  key: string;
  value: string;
  sensitive: boolean;
  category: VariableCategory;
  hcl: boolean;
  description: string | null;
  createdAt: string;
  versionId: string;
}

export interface ConfigurationVersionRecord {
  id: string;
  workspaceId: string;
  status: ConfigurationVersionStatus;
  error: string | null;
  errorMessage: string | null;
  speculative: boolean;
  provisional: boolean;
  autoQueueRuns: boolean;
  timestamps: Record<string, string>;
}

export interface RunRecord {
  id: string;
  /** Creation order, to sort runs newest first. */
  sequence: number;
  workspaceId: string;
  configurationVersionId: string;
  message: string;
  autoApply: boolean;
  isDestroy: boolean;
  planOnly: boolean;
  variables: RunVariable[];
  createdAt: string;
  status: RunStatus;
  /** `<status>-at` timestamps. */
  timestamps: Record<string, string>;
  hasChanges: boolean;
  canceledAt: string | null;
  planId: string;
  applyId: string;
  costEstimateId?: string;
  /** What the plan computed, for the apply. */
  desired?: Desired;
  /** Why planning failed, for the plan log. */
  failure?: string;
}

export interface PlanRecord {
  id: string;
  runId: string;
  status: PlanStatus;
  additions: number | null;
  changes: number | null;
  destructions: number | null;
  timestamps: Record<string, string>;
  logObjectId: string;
}

export interface ApplyRecord {
  id: string;
  runId: string;
  status: ApplyStatus;
  additions: number | null;
  changes: number | null;
  destructions: number | null;
  timestamps: Record<string, string>;
  logObjectId: string;
}

export interface CostEstimateRecord {
  id: string;
  runId: string;
  status: CostEstimateStatus;
  priorMonthlyCost?: number;
  proposedMonthlyCost?: number;
  resourcesCount?: number;
  timestamps: Record<string, string>;
}

export interface StateVersionRecord {
  id: string;
  workspaceId: string;
  runId: string;
  createdAt: string;
  resources: ResourceSet;
  monthlyCost: number;
  outputs: (OutputValue & { id: string })[];
  /** Until then, outputs are "still being processed" (503). */
  processedAt: number;
  /** The archivist object serving its raw state, made on first display. */
  downloadObjectId?: string;
}

/** What an archivist object URL points at: an upload slot, an uploaded archive or a log. */
export type ArchivistObject =
  | { kind: 'upload'; configurationVersionId: string }
  | { kind: 'archive'; configurationVersionId: string }
  | { kind: 'state'; stateVersionId: string }
  | { kind: 'plan-log'; planId: string }
  | { kind: 'apply-log'; applyId: string };

const ALPHABET =
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An id like Terraform Cloud's: prefix, dash, 16 base-62 characters. */
export function newId(prefix: string): string {
  const bytes = randomBytes(16);
  let id = '';
  for (const byte of bytes) {
    id += ALPHABET[byte % ALPHABET.length];
  }
  return `${prefix}-${id}`;
}

/** Everything the simulated Terraform Cloud knows, in memory. */
export class TfcStore {
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly workspaces = new Map<string, WorkspaceRecord>();
  readonly variables = new Map<string, VariableRecord>();
  readonly configurationVersions = new Map<
    string,
    ConfigurationVersionRecord
  >();
  readonly runs = new Map<string, RunRecord>();
  readonly plans = new Map<string, PlanRecord>();
  readonly applies = new Map<string, ApplyRecord>();
  readonly costEstimates = new Map<string, CostEstimateRecord>();
  readonly stateVersions = new Map<string, StateVersionRecord>();
  readonly archivist = new Map<string, ArchivistObject>();
  private runSequence = 0;

  constructor(
    private readonly organizationSeeds: {
      name: string;
      costEstimation: boolean;
    }[],
  ) {
    this.reset();
  }

  /** Forgets everything but the organizations. */
  reset(): void {
    for (const map of [
      this.organizations,
      this.workspaces,
      this.variables,
      this.configurationVersions,
      this.runs,
      this.plans,
      this.applies,
      this.costEstimates,
      this.stateVersions,
      this.archivist,
    ]) {
      map.clear();
    }
    this.runSequence = 0;
    const now = new Date().toISOString();
    for (const seed of this.organizationSeeds) {
      this.organizations.set(seed.name, {
        name: seed.name,
        externalId: newId('org'),
        createdAt: now,
        costEstimation: seed.costEstimation,
        projectId: newId('prj'),
      });
    }
  }

  /** Everything but the organizations' seeds, as JSON-safe data for the state file. */
  snapshot(): unknown {
    return toPlain({
      version: 1,
      runSequence: this.runSequence,
      organizations: this.organizations,
      workspaces: this.workspaces,
      variables: this.variables,
      configurationVersions: this.configurationVersions,
      runs: this.runs,
      plans: this.plans,
      applies: this.applies,
      costEstimates: this.costEstimates,
      stateVersions: this.stateVersions,
      archivist: this.archivist,
    });
  }

  /**
   * Takes back a {@link snapshot}. Organizations of the options that the
   * saved state does not know (a new seed) are kept as reset made them.
   */
  restore(plain: unknown): void {
    const saved = fromPlain<Record<string, unknown>>(plain);
    if (!saved || saved.version !== 1) {
      return;
    }
    const maps: [Map<string, unknown>, unknown][] = [
      [this.workspaces, saved.workspaces],
      [this.variables, saved.variables],
      [this.configurationVersions, saved.configurationVersions],
      [this.runs, saved.runs],
      [this.plans, saved.plans],
      [this.applies, saved.applies],
      [this.costEstimates, saved.costEstimates],
      [this.stateVersions, saved.stateVersions],
      [this.archivist, saved.archivist],
      [this.organizations, saved.organizations],
    ];
    for (const [map, value] of maps) {
      if (value instanceof Map) {
        for (const [k, v] of value) map.set(k, v);
      }
    }
    this.runSequence = Number(saved.runSequence) || this.runs.size;
  }

  nextRunSequence(): number {
    this.runSequence += 1;
    return this.runSequence;
  }

  /** A new unguessable archivist object id (upload URLs and log URLs are capabilities). */
  newArchivistObject(object: ArchivistObject): string {
    const id = randomBytes(24).toString('base64url');
    this.archivist.set(id, object);
    return id;
  }

  findWorkspaceByName(
    organization: string,
    name: string,
  ): WorkspaceRecord | undefined {
    for (const workspace of this.workspaces.values()) {
      if (
        workspace.organization === organization &&
        workspace.attributes.name === name
      ) {
        return workspace;
      }
    }
    return undefined;
  }

  variablesOf(workspaceId: string): VariableRecord[] {
    return [...this.variables.values()].filter(
      v => v.workspaceId === workspaceId,
    );
  }

  /** The workspace's state versions, oldest first (their serials are 1, 2, ...). */
  stateVersionsOf(workspaceId: string): StateVersionRecord[] {
    return [...this.stateVersions.values()].filter(
      s => s.workspaceId === workspaceId,
    );
  }

  /** The workspace's runs, newest first. */
  runsOf(workspaceId: string): RunRecord[] {
    return [...this.runs.values()]
      .filter(r => r.workspaceId === workspaceId)
      .sort((a, b) => b.sequence - a.sequence);
  }
}
