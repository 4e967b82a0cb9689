import {
  EnvironmentInfo,
  MatrixQuery,
  MatrixRow,
} from '@internal/plugin-deployments-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { DeploymentsApi } from '../../api';

/** Rows per request: the server filters, sorts and pages. */
export const PAGE_SIZE = 200;
/** The matrix refreshes the pages it has every so often, without a reload. */
const REFRESH_MS = 30_000;

interface State {
  key: string;
  total?: number;
  environments: EnvironmentInfo[];
  facets: { owners: string[]; systems: string[] };
  pages: Record<number, MatrixRow[]>;
  refreshedAt?: string;
  error?: Error;
}

const initial = (key: string): State => ({
  key,
  environments: [],
  facets: { owners: [], systems: [] },
  pages: {},
});

/**
 * The matrix as pages loaded on demand: the virtualised list asks for the
 * rows it shows, and only their pages are fetched. A new query starts over.
 */
export function useMatrixPages(api: DeploymentsApi, query: MatrixQuery) {
  const key = JSON.stringify(query);
  const [state, setState] = useState<State>(() => initial(key));
  const inFlight = useRef(new Set<string>());
  const keyRef = useRef(key);
  keyRef.current = key;

  const loadPage = useCallback(
    async (page: number, force = false) => {
      const id = `${key}#${page}`;
      if (inFlight.current.has(id)) return;
      inFlight.current.add(id);
      try {
        const res = await api.getMatrix({
          ...query,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        });
        setState(s =>
          s.key !== key || (!force && s.pages[page])
            ? s
            : {
                ...s,
                total: res.total,
                environments: res.environments,
                facets: res.facets,
                refreshedAt: res.refreshedAt,
                error: undefined,
                pages: { ...s.pages, [page]: res.rows },
              },
        );
      } catch (error) {
        setState(s => (s.key !== key ? s : { ...s, error: error as Error }));
      } finally {
        inFlight.current.delete(id);
      }
    },
    // query is derived from key
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );

  useEffect(() => {
    setState(initial(key));
    loadPage(0);
  }, [key, loadPage]);

  const pagesRef = useRef(state.pages);
  pagesRef.current = state.pages;
  useEffect(() => {
    const timer = setInterval(() => {
      for (const page of Object.keys(pagesRef.current)) {
        loadPage(Number(page), true);
      }
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadPage]);

  const ensureRows = useCallback(
    (start: number, stop: number) => {
      for (
        let page = Math.floor(start / PAGE_SIZE);
        page <= Math.floor(stop / PAGE_SIZE);
        page++
      ) {
        if (!pagesRef.current[page]) loadPage(page);
      }
    },
    [loadPage],
  );

  const current = state.key === key ? state : initial(key);
  return {
    total: current.total,
    environments: current.environments,
    facets: current.facets,
    refreshedAt: current.refreshedAt,
    error: current.error,
    rowAt: (index: number): MatrixRow | undefined =>
      current.pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE],
    ensureRows,
  };
}
