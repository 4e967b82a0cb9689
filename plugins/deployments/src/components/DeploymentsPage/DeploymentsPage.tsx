import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { readEnvironments } from '@internal/environments';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  EnvironmentInfo,
  HEALTH_STATUSES,
  MatrixQuery,
  MatrixRow,
  MatrixSortField,
} from '@internal/plugin-deployments-common';
import { CSSProperties, useEffect, useMemo, useState } from 'react';
import { FixedSizeList, ListOnItemsRenderedProps } from 'react-window';
import { deploymentsApiRef, errorMessage } from '../../api';
import { DeploymentCell } from './DeploymentCell';
import { useMatrixPages } from './useMatrixPages';

const ROW_HEIGHT = 64;
// Flexible with small minimums: service, owner, system and three
// environments fit 1440 px beside the open sidebar without scrolling sideways.
const FIXED_COLUMNS =
  'minmax(140px, 1.3fr) minmax(110px, 0.9fr) minmax(100px, 0.8fr)';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const shortRef = (ref?: string) =>
  ref ? ref.replace(/^[^:]+:default\//, '') : '';

interface RowData {
  rowAt: (index: number) => MatrixRow | undefined;
  envs: EnvironmentInfo[];
  columns: string;
}

/** One virtualised row; outside the page so react-window keeps rows mounted. */
function Row(props: { index: number; style: CSSProperties; data: RowData }) {
  const { index, style, data } = props;
  const row = data.rowAt(index);
  return (
    <Box
      role="row"
      style={style}
      sx={{
        display: 'grid',
        gridTemplateColumns: data.columns,
        alignItems: 'center',
        gap: 1,
        px: 1,
        borderBottom: 1,
        borderColor: 'divider',
      }}
    >
      {row ? (
        <>
          <Box role="cell" sx={{ minWidth: 0 }}>
            {/* The name, as Argo CD's apps are named after it; the title below. */}
            <EntityRefLink entityRef={row.entityRef} hideIcon>
              {row.name}
            </EntityRefLink>
            {row.warnings?.length ? (
              // The annotation matches another entity's apps: ignored, said so.
              <Typography
                variant="caption"
                component="div"
                color="warning.main"
                noWrap
                title={row.warnings.map(w => w.message).join('\n')}
              >
                Apps of{' '}
                {[...new Set(row.warnings.map(w => shortRef(w.boundTo)))].join(
                  ', ',
                )}{' '}
                ignored
              </Typography>
            ) : (
              row.title && (
                <Typography variant="caption" component="div" noWrap>
                  {row.title}
                </Typography>
              )
            )}
          </Box>
          <Typography role="cell" variant="body2" noWrap>
            {shortRef(row.owner)}
          </Typography>
          <Typography role="cell" variant="body2" noWrap>
            {shortRef(row.system)}
          </Typography>
          {data.envs.map(env => (
            <Box role="cell" key={env.name} sx={{ minWidth: 0 }}>
              <DeploymentCell deployment={row.deployments[env.name]} />
            </Box>
          ))}
        </>
      ) : (
        <Typography role="cell" variant="body2" color="text.disabled">
          loading…
        </Typography>
      )}
    </Box>
  );
}

interface Filters {
  search: string;
  owner: string;
  system: string;
  environment: string[];
  health: string[];
  sort: MatrixSortField;
  order: 'asc' | 'desc';
}

/**
 * The Deployments page: every service in every environment, filtered,
 * sorted and paged by the server, and drawn as a virtualised list so that
 * thousands of services cost only the rows on screen.
 */
export function DeploymentsPage() {
  const api = useApi(deploymentsApiRef);
  const config = useApi(configApiRef);
  const environments = useMemo(() => readEnvironments(config), [config]);
  const [filters, setFilters] = useState<Filters>({
    search: '',
    owner: '',
    system: '',
    environment: [],
    health: [],
    sort: 'name',
    order: 'asc',
  });
  const search = useDebounced(filters.search, 300);
  const query: MatrixQuery = useMemo(
    () => ({
      search: search || undefined,
      owner: filters.owner ? [filters.owner] : undefined,
      system: filters.system ? [filters.system] : undefined,
      environment: filters.environment.length ? filters.environment : undefined,
      health: filters.health.length
        ? (filters.health as MatrixQuery['health'])
        : undefined,
      sort: filters.sort,
      order: filters.order,
    }),
    [search, filters],
  );
  const matrix = useMatrixPages(api, query);
  const set = (patch: Partial<Filters>) =>
    setFilters(f => ({ ...f, ...patch }));
  const sortBy = (field: MatrixSortField) =>
    set({
      sort: field,
      order: filters.sort === field && filters.order === 'asc' ? 'desc' : 'asc',
    });

  const envs = matrix.environments;
  const columns = `${FIXED_COLUMNS} repeat(${Math.max(
    envs.length,
    1,
  )}, minmax(210px, 1fr))`;
  const arrow = (field: MatrixSortField) => {
    if (filters.sort !== field) return '';
    return filters.order === 'asc' ? ' ▲' : ' ▼';
  };

  const total = matrix.total ?? 0;
  const height = Math.min(
    Math.max(total, 1) * ROW_HEIGHT,
    typeof window === 'undefined'
      ? 640
      : Math.max(320, window.innerHeight - 330),
  );

  return (
    <Box sx={{ p: 3 }}>
      <Box
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 2 }}
        role="search"
      >
        <TextField
          size="small"
          label="Search"
          placeholder="service, owner, system or commit"
          value={filters.search}
          onChange={e => set({ search: e.target.value })}
        />
        <TextField
          select
          size="small"
          label="Owner"
          value={filters.owner}
          onChange={e => set({ owner: e.target.value })}
          sx={{ minWidth: 170 }}
        >
          <MenuItem value="">All</MenuItem>
          {matrix.facets.owners.map(o => (
            <MenuItem key={o} value={o}>
              {shortRef(o)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="System"
          value={filters.system}
          onChange={e => set({ system: e.target.value })}
          sx={{ minWidth: 170 }}
        >
          <MenuItem value="">All</MenuItem>
          {matrix.facets.systems.map(s => (
            <MenuItem key={s} value={s}>
              {shortRef(s)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Environment"
          value={filters.environment}
          SelectProps={{ multiple: true }}
          onChange={e =>
            set({ environment: e.target.value as unknown as string[] })
          }
          sx={{ minWidth: 170 }}
        >
          {(matrix.environments.length && !filters.environment.length
            ? matrix.environments.map(e => e.name)
            : [...environments.names(), ...filters.environment].filter(
                (e, i, all) => all.indexOf(e) === i,
              )
          ).map(e => (
            <MenuItem key={e} value={e}>
              {e}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Health"
          value={filters.health}
          SelectProps={{ multiple: true }}
          onChange={e => set({ health: e.target.value as unknown as string[] })}
          sx={{ minWidth: 170 }}
        >
          {[...HEALTH_STATUSES, 'unavailable'].map(h => (
            <MenuItem key={h} value={h}>
              {h}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Sort by"
          value={filters.sort}
          onChange={e => set({ sort: e.target.value as MatrixSortField })}
          sx={{ minWidth: 170 }}
        >
          <MenuItem value="name">Name</MenuItem>
          <MenuItem value="owner">Owner</MenuItem>
          <MenuItem value="system">System</MenuItem>
          <MenuItem value="health">Health (worst)</MenuItem>
          <MenuItem value="deployedAt">Last deployed</MenuItem>
        </TextField>
        <Button
          size="small"
          onClick={() =>
            set({ order: filters.order === 'asc' ? 'desc' : 'asc' })
          }
        >
          {filters.order === 'asc' ? 'Ascending' : 'Descending'}
        </Button>
      </Box>

      {matrix.error && (
        <Alert severity="error" sx={{ mb: 2 }}>
          Could not load deployments: {errorMessage(matrix.error)}
        </Alert>
      )}
      {envs
        .filter(e => e.status === 'unavailable')
        .map(e => (
          <Alert key={e.name} severity="warning" sx={{ mb: 2 }}>
            {e.name}: {e.error}
          </Alert>
        ))}

      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {matrix.total === undefined
          ? 'Loading…'
          : `${matrix.total} services${
              matrix.refreshedAt
                ? ` · Argo CD data from ${new Date(
                    matrix.refreshedAt,
                  ).toLocaleTimeString()}`
                : ''
            }`}
      </Typography>

      <Box role="table" aria-label="Deployments" aria-rowcount={total}>
        <Box
          role="row"
          sx={{
            display: 'grid',
            gridTemplateColumns: columns,
            gap: 1,
            px: 1,
            py: 1,
            borderBottom: 2,
            borderColor: 'divider',
            fontWeight: 'bold',
          }}
        >
          <Box role="columnheader">
            <Button size="small" onClick={() => sortBy('name')}>
              Service{arrow('name')}
            </Button>
          </Box>
          <Box role="columnheader">
            <Button size="small" onClick={() => sortBy('owner')}>
              Owner{arrow('owner')}
            </Button>
          </Box>
          <Box role="columnheader">
            <Button size="small" onClick={() => sortBy('system')}>
              System{arrow('system')}
            </Button>
          </Box>
          {envs.map(env => (
            <Box
              role="columnheader"
              key={env.name}
              sx={{ alignSelf: 'center' }}
            >
              {env.name}
              {env.production ? ' (production)' : ''}
            </Box>
          ))}
        </Box>
        {matrix.total === 0 && (
          <Typography sx={{ p: 2 }} color="text.secondary">
            No services match these filters.
          </Typography>
        )}
        {total > 0 && (
          <FixedSizeList
            height={height}
            width="100%"
            itemCount={total}
            itemSize={ROW_HEIGHT}
            overscanCount={10}
            itemData={{ rowAt: matrix.rowAt, envs, columns }}
            onItemsRendered={({
              overscanStartIndex,
              overscanStopIndex,
            }: ListOnItemsRenderedProps) =>
              matrix.ensureRows(overscanStartIndex, overscanStopIndex)
            }
          >
            {Row}
          </FixedSizeList>
        )}
      </Box>
    </Box>
  );
}
