import {
  DeploymentSummary,
  EnvironmentInfo,
  HEALTH_STATUSES,
  MatrixQuery,
  MatrixResponse,
  MatrixRow,
} from '@internal/plugin-deployments-common';
import type { DeploymentsJoin } from './DeploymentsJoin';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

const lower = (s: string | undefined) => (s ?? '').toLocaleLowerCase('en-US');

/** `group:default/payments` matches `payments` and the full ref. */
function refMatches(ref: string | undefined, wanted: string[]): boolean {
  if (!ref) return false;
  const full = lower(ref);
  const short = full.slice(full.lastIndexOf('/') + 1);
  return wanted.some(w => {
    const x = lower(w);
    return x === full || x === short;
  });
}

/** Worst health first, then unavailable, then missing. */
function healthRank(d: DeploymentSummary): number {
  if (d.state === 'unavailable') return HEALTH_STATUSES.length;
  if (d.state === 'missing' || !d.health) return -1;
  return HEALTH_STATUSES.indexOf(d.health);
}

function latest(row: MatrixRow, envs: string[]): string {
  let best = '';
  for (const env of envs) {
    const at = row.deployments[env]?.deployedAt ?? '';
    if (at > best) best = at;
  }
  return best;
}

type Key = string | number;

/**
 * Sorted orders and facets of one set of rows (the join's current rows):
 * the sort of 10,000 rows is made once per join, not once per request.
 */
const memo = new WeakMap<
  MatrixRow[],
  {
    orders: Map<string, MatrixRow[]>;
    facets?: MatrixResponse['facets'];
    haystacks: WeakMap<MatrixRow, string>;
  }
>();

function memoOf(all: MatrixRow[]) {
  let entry = memo.get(all);
  if (!entry) {
    entry = { orders: new Map(), haystacks: new WeakMap() };
    memo.set(all, entry);
  }
  return entry;
}

function sorted(
  all: MatrixRow[],
  sort: NonNullable<MatrixQuery['sort']>,
  direction: number,
  envNames: string[],
): MatrixRow[] {
  const entry = memoOf(all);
  const cacheKey = `${sort}|${direction}|${envNames.join(',')}`;
  let order = entry.orders.get(cacheKey);
  if (order) return order;
  const keyOf = (row: MatrixRow): Key => {
    switch (sort) {
      case 'owner':
        return lower(row.owner);
      case 'system':
        return lower(row.system);
      case 'deployedAt':
        return latest(row, envNames);
      case 'health':
        return Math.max(
          -1,
          ...envNames.map(env =>
            row.deployments[env] ? healthRank(row.deployments[env]) : -1,
          ),
        );
      default:
        return lower(row.name);
    }
  };
  const keyed = all.map(row => ({ row, key: keyOf(row) }));
  keyed.sort((a, b) => {
    if (a.key < b.key) return -direction;
    if (a.key > b.key) return direction;
    // A stable order across pages: the name breaks ties.
    return a.row.entityRef.localeCompare(b.row.entityRef);
  });
  order = keyed.map(k => k.row);
  entry.orders.set(cacheKey, order);
  return order;
}

function facetsOf(all: MatrixRow[]): MatrixResponse['facets'] {
  const entry = memoOf(all);
  if (!entry.facets) {
    const owners = new Set<string>();
    const systems = new Set<string>();
    for (const row of all) {
      if (row.owner) owners.add(row.owner);
      if (row.system) systems.add(row.system);
    }
    entry.facets = {
      owners: [...owners].sort(),
      systems: [...systems].sort(),
    };
  }
  return entry.facets;
}

/**
 * Filters, sorts and pages the matrix on the server, so the browser gets
 * one page of rows however many services there are. The sort of a set of
 * rows is kept until the rows change (the join hands out a new array).
 */
export function queryMatrix(
  all: MatrixRow[],
  environments: EnvironmentInfo[],
  query: MatrixQuery,
  refreshedAt: string,
): MatrixResponse {
  const shownEnvs = query.environment?.length
    ? environments.filter(e =>
        query.environment!.some(w => lower(w) === lower(e.name)),
      )
    : environments;
  const envNames = shownEnvs.map(e => e.name);
  const search = lower(query.search?.trim());
  const health = query.health?.length ? new Set(query.health) : undefined;
  const { haystacks } = memoOf(all);

  const keep = (row: MatrixRow) => {
    if (query.owner?.length && !refMatches(row.owner, query.owner)) {
      return false;
    }
    if (query.system?.length && !refMatches(row.system, query.system)) {
      return false;
    }
    if (
      query.environment?.length &&
      !envNames.some(env => row.deployments[env]?.state !== 'missing')
    ) {
      return false;
    }
    if (
      health &&
      !envNames.some(env => {
        const d = row.deployments[env];
        if (!d) return false;
        if (d.state === 'unavailable') return health.has('unavailable');
        return !!d.health && health.has(d.health);
      })
    ) {
      return false;
    }
    if (search) {
      let haystack = haystacks.get(row);
      if (haystack === undefined) {
        haystack = [row.name, row.title, row.owner, row.system]
          .map(lower)
          .join(' ');
        haystacks.set(row, haystack);
      }
      if (
        !haystack.includes(search) &&
        !envNames.some(env =>
          lower(row.deployments[env]?.revision).startsWith(search),
        )
      ) {
        return false;
      }
    }
    return true;
  };
  const filtering =
    !!query.owner?.length ||
    !!query.system?.length ||
    !!query.environment?.length ||
    !!health ||
    !!search;
  const order = sorted(
    all,
    query.sort ?? 'name',
    query.order === 'desc' ? -1 : 1,
    envNames,
  );
  const rows = filtering ? order.filter(keep) : order;

  const offset = query.offset ?? 0;
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = rows.slice(offset, offset + limit).map(row => ({
    entityRef: row.entityRef,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    title: row.title,
    owner: row.owner,
    system: row.system,
    deployments: Object.fromEntries(
      envNames.map(env => [env, row.deployments[env]]),
    ),
    ...(row.warnings?.length ? { warnings: row.warnings } : {}),
  }));

  return {
    environments: shownEnvs,
    rows: page,
    total: rows.length,
    offset,
    limit,
    facets: facetsOf(all),
    refreshedAt,
  };
}

/** The matrix now, as the page and the `list-deployments` action read it. */
export async function readMatrix(
  join: DeploymentsJoin,
  query: MatrixQuery,
): Promise<MatrixResponse> {
  const joined = await join.current();
  return queryMatrix(
    joined.rows,
    joined.environments,
    query,
    joined.refreshedAt,
  );
}
