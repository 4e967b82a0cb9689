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
  const full = lowerRef(ref);
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

/** Ties broken as `localeCompare` does, without a collator per call. */
const collator = new Intl.Collator();

/**
 * Lower-cased owners and systems: few distinct values, asked for on every
 * filtered request for each of up to 10,000 rows.
 */
const lowered = new Map<string, string>();
function lowerRef(ref: string): string {
  let out = lowered.get(ref);
  if (out === undefined) {
    out = lower(ref);
    if (lowered.size > 10_000) lowered.clear();
    lowered.set(ref, out);
  }
  return out;
}

/** A row's search text; rows are never changed, only replaced. */
const haystacks = new WeakMap<MatrixRow, string>();

/**
 * Rows that replaced a few rows of an earlier set (a watch event patched
 * the join): their sorts are made from the earlier set's by moving only
 * the replaced rows, not by sorting 10,000 rows again.
 */
const inherited = new WeakMap<
  MatrixRow[],
  { previous: MatrixRow[]; replaced: Set<MatrixRow>; added: MatrixRow[] }
>();

/**
 * Tells the matrix that `next` is `previous` with the rows at `positions`
 * replaced, so that the sorts already made for `previous` carry over.
 */
export function rowsReplaced(
  previous: MatrixRow[],
  next: MatrixRow[],
  positions: Iterable<number>,
): void {
  const replaced = new Set<MatrixRow>();
  const added: MatrixRow[] = [];
  for (const i of positions) {
    if (previous[i] === next[i]) continue;
    replaced.add(previous[i]);
    added.push(next[i]);
  }
  inherited.set(next, { previous, replaced, added });
  // One step back only: `previous` no longer holds the set before it.
  inherited.delete(previous);
}

/**
 * Sorted orders and facets of one set of rows (the join's current rows):
 * the sort of 10,000 rows is made once per join, not once per request.
 */
const memo = new WeakMap<
  MatrixRow[],
  {
    orders: Map<string, MatrixRow[]>;
    facets?: MatrixResponse['facets'];
  }
>();

function memoOf(all: MatrixRow[]) {
  let entry = memo.get(all);
  if (!entry) {
    entry = { orders: new Map() };
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
  const compare = (a: { row: MatrixRow; key: Key }, b: typeof a) => {
    if (a.key < b.key) return -direction;
    if (a.key > b.key) return direction;
    // A stable order across pages: the name breaks ties.
    return collator.compare(a.row.entityRef, b.row.entityRef);
  };
  const before = inherited.get(all);
  const earlier = before && memo.get(before.previous)?.orders.get(cacheKey);
  if (before && earlier) {
    // The earlier order without the replaced rows, the new ones inserted.
    order = earlier.filter(row => !before.replaced.has(row));
    for (const row of before.added) {
      const item = { row, key: keyOf(row) };
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const other = order[mid];
        if (compare({ row: other, key: keyOf(other) }, item) <= 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      order.splice(lo, 0, row);
    }
  } else {
    const keyed = all.map(row => ({ row, key: keyOf(row) }));
    keyed.sort(compare);
    order = keyed.map(k => k.row);
  }
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
