/** The annotations "Create microservice" writes into a service's catalog-info.yaml. */
export const TEMPLATE_REF_ANNOTATION = 'paved-road.acme.example/template';
/** The template's version, on the Template entity and on every service rendered from it. */
export const TEMPLATE_VERSION_ANNOTATION =
  'paved-road.acme.example/template-version';
/** The form's answers (JSON), to render the repository again. */
export const TEMPLATE_VALUES_ANNOTATION =
  'paved-road.acme.example/template-values';
/** The file in the repository that lists the files the template keeps. */
export const MANIFEST_PATH = '.paved-road.yaml';

/**
 * How a service stands against its template:
 * - `up-to-date`: at the current version, the template's files as rendered;
 * - `behind`: at an older version, the template's files as rendered then;
 * - `diverged`: the team changed files the template owns (at any version);
 * - `unknown`: the portal could not tell (see `error`).
 */
export type DriftState = 'up-to-date' | 'behind' | 'diverged' | 'unknown';

/** An open upgrade pull request of a service. */
export interface UpgradePullRequest {
  number: number;
  url: string;
  /** The version it upgrades to. */
  toVersion?: string;
  mergeable: boolean | null;
}

/** A service rendered from a template, and how it stands. */
export interface ServiceDrift {
  entityRef: string;
  title?: string;
  /** The owner's entity ref. */
  owner?: string;
  templateRef: string;
  /** The version the repository records. */
  version?: string;
  /** The template's current version. */
  currentVersion?: string;
  state: DriftState;
  /** Files the template owns that the team changed (`diverged`). */
  changedFiles: string[];
  repositoryUrl?: string;
  pullRequest?: UpgradePullRequest;
  /** Why the state is `unknown`. */
  error?: string;
}

/** `GET /services`. */
export interface ServiceDriftList {
  items: ServiceDrift[];
}

/** What opening (or updating) an upgrade pull request did. */
export interface UpgradeResult {
  entityRef: string;
  fromVersion: string;
  toVersion: string;
  pullRequest: { number: number; url: string; created: boolean };
  /** Files changed by the upgrade. */
  files: string[];
  /** Files left with conflict markers. */
  conflicts: string[];
}

/** `POST /upgrades` (bulk): one outcome per service. */
export interface BulkUpgradeResult {
  results: Array<
    | ({ ok: true } & UpgradeResult)
    | { ok: false; entityRef: string; error: string }
  >;
}
