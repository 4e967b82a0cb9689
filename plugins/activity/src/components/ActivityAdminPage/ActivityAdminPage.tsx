import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ACTIVITY_RESULTS,
  ActivityFacets,
  ActivityQuery,
} from '@internal/plugin-activity-common';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TablePagination from '@mui/material/TablePagination';
import TextField from '@mui/material/TextField';
import { useCallback, useEffect, useState } from 'react';
import { activityApiRef, errorMessage } from '../../api';
import { ActivityTable } from '../ActivityTable';
import { useActivity } from '../useActivity';

type Filters = Omit<ActivityQuery, 'offset' | 'limit'>;

/** `datetime-local` input value -> ISO time, or undefined when empty. */
const toIso = (local: string) =>
  local ? new Date(local).toISOString() : undefined;

/**
 * The whole activity log for platform admins: filters (actor, service,
 * action, result, time), paging and a CSV export of what is filtered.
 */
export function ActivityAdminPage() {
  const api = useApi(activityApiRef);
  const [filters, setFilters] = useState<Filters>({});
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [limit, setLimit] = useState(50);
  const [facets, setFacets] = useState<ActivityFacets>();
  const [exportError, setExportError] = useState<string>();

  const query: ActivityQuery = {
    ...filters,
    from: toIso(from),
    to: toIso(to),
  };
  const queryKey = JSON.stringify(query);
  const load = useCallback(
    () => api.searchActivity({ ...JSON.parse(queryKey), offset, limit }),
    [api, queryKey, offset, limit],
  );
  const { page, error, loading } = useActivity(load);

  useEffect(() => {
    api.getFacets().then(setFacets, () => setFacets(undefined));
  }, [api]);

  const set = (key: keyof Filters) => (value: string | null) => {
    setOffset(0);
    setFilters(f => ({ ...f, [key]: value || undefined }));
  };

  const download = async () => {
    try {
      setExportError(undefined);
      const blob = await api.exportCsv(query);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'activity.csv';
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setExportError(errorMessage(e));
    }
  };

  const picker = (key: keyof Filters, label: string, options: string[]) => (
    <Autocomplete
      freeSolo
      size="small"
      sx={{ minWidth: 220 }}
      options={options}
      value={(filters[key] as string) ?? null}
      onChange={(_e, v) => set(key)(v)}
      onInputChange={(_e, v, reason) => reason === 'input' && set(key)(v)}
      renderInput={params => <TextField {...params} label={label} />}
    />
  );

  return (
    <Page themeId="tool">
      <Header
        title="Activity"
        subtitle="Every audited action of the portal, denied attempts too"
      />
      <Content>
        <InfoCard>
          <Box
            sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}
            data-testid="activity-filters"
          >
            {picker('actor', 'Actor', facets?.actors ?? [])}
            {picker('entityRef', 'Service', facets?.entityRefs ?? [])}
            {picker('action', 'Action', facets?.actions ?? [])}
            <TextField
              select
              size="small"
              label="Result"
              sx={{ minWidth: 140 }}
              value={filters.result ?? ''}
              onChange={e => set('result')(e.target.value)}
            >
              <MenuItem value="">any</MenuItem>
              {ACTIVITY_RESULTS.map(r => (
                <MenuItem key={r} value={r}>
                  {r}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="datetime-local"
              label="From"
              InputLabelProps={{ shrink: true }}
              value={from}
              onChange={e => {
                setOffset(0);
                setFrom(e.target.value);
              }}
            />
            <TextField
              size="small"
              type="datetime-local"
              label="To"
              InputLabelProps={{ shrink: true }}
              value={to}
              onChange={e => {
                setOffset(0);
                setTo(e.target.value);
              }}
            />
            <Button variant="outlined" onClick={download}>
              Export CSV
            </Button>
          </Box>
          {exportError && <Alert severity="error">{exportError}</Alert>}
          {error && <Alert severity="error">{error}</Alert>}
          {!page && loading && <Progress />}
          {page && (
            <>
              <ActivityTable
                showEntity
                events={page.events}
                emptyText="No activity matches these filters. Clear a filter or widen the time window."
              />
              <TablePagination
                component="div"
                count={page.total}
                page={Math.floor(offset / limit)}
                rowsPerPage={limit}
                rowsPerPageOptions={[25, 50, 100, 200]}
                onPageChange={(_e, p) => setOffset(p * limit)}
                onRowsPerPageChange={e => {
                  setOffset(0);
                  setLimit(Number(e.target.value));
                }}
              />
            </>
          )}
        </InfoCard>
      </Content>
    </Page>
  );
}
