import { parseEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  Link,
  Page,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  DriftState,
  pavedRoadBulkUpgradePermission,
  pavedRoadUpgradePermission,
  ServiceDrift,
} from '@internal/plugin-paved-road-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCallback, useMemo, useState } from 'react';
import { errorMessage, pavedRoadApiRef } from '../../api';
import { STATE_LABELS, StateChip } from '../StateChip';
import { useLoad } from '../useServices';

const teamName = (owner?: string) =>
  owner ? parseEntityRef(owner, { defaultKind: 'group' }).name : '';

/** A newer template version to upgrade to (a service diverged at the current one has none). */
const upgradable = (s: ServiceDrift) =>
  (s.state === 'behind' || s.state === 'diverged') &&
  !!s.currentVersion &&
  s.version !== s.currentVersion;

const STATES: DriftState[] = ['behind', 'diverged', 'up-to-date', 'unknown'];

type Act = (what: () => Promise<string>) => void;

/**
 * A row's upgrade and merge buttons, for whoever may upgrade the service
 * (its owners, admins); the backend decides again.
 */
function RowActions(props: { service: ServiceDrift; busy: boolean; act: Act }) {
  const { service, busy, act } = props;
  const api = useApi(pavedRoadApiRef);
  const { allowed, loading } = usePermission({
    permission: pavedRoadUpgradePermission,
    resourceRef: service.entityRef,
  });
  if (loading) return null;
  if (!allowed) {
    return (
      <Typography variant="caption" color="text.secondary">
        Its owners upgrade it
      </Typography>
    );
  }
  return (
    <>
      {upgradable(service) && (
        <Button
          size="small"
          disabled={busy}
          onClick={() =>
            act(async () => {
              const r = await api.upgrade(service.entityRef);
              return `Upgrade pull request #${r.pullRequest.number} ${
                r.pullRequest.created ? 'opened' : 'updated'
              } for ${service.entityRef}${
                r.conflicts.length
                  ? ` (conflicts in ${r.conflicts.join(', ')})`
                  : ''
              }.`;
            })
          }
        >
          {service.pullRequest ? 'Update PR' : 'Open upgrade PR'}
        </Button>
      )}
      {service.pullRequest && (
        <Button
          size="small"
          disabled={busy || service.pullRequest.mergeable === false}
          title={
            service.pullRequest.mergeable === false
              ? 'The pull request has conflicts: resolve them on its branch first'
              : undefined
          }
          onClick={() =>
            act(async () => {
              const r = await api.merge(service.entityRef);
              return `Merged #${r.number} into ${service.entityRef}.`;
            })
          }
        >
          Merge
        </Button>
      )}
    </>
  );
}

/**
 * Every service made from a template: the version it records, how it stands
 * against the current version, its open upgrade pull request; filtered by
 * team and state. Admins select services and open their upgrade pull
 * requests in one go.
 */
export function PavedRoadPage() {
  const api = useApi(pavedRoadApiRef);
  const load = useCallback(() => api.listServices(), [api]);
  const { value, error, loading, retry } = useLoad(load);
  const bulk = usePermission({ permission: pavedRoadBulkUpgradePermission });
  const [team, setTeam] = useState('');
  const [state, setState] = useState<DriftState | ''>('');
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{
    severity: 'success' | 'error' | 'warning';
    text: string;
  }>();

  const ofTeam = useMemo(
    () => (value?.items ?? []).filter(s => !team || s.owner === team),
    [value, team],
  );
  const services = useMemo(
    () => ofTeam.filter(s => !state || s.state === state),
    [ofTeam, state],
  );
  const teams = useMemo(
    () =>
      [...new Set((value?.items ?? []).map(s => s.owner ?? ''))]
        .filter(Boolean)
        .sort(),
    [value],
  );
  const counts = useMemo(() => {
    const byState = new Map<DriftState, number>();
    for (const s of ofTeam)
      byState.set(s.state, (byState.get(s.state) ?? 0) + 1);
    return byState;
  }, [ofTeam]);
  // What the bulk button acts on: the selected services still shown and upgradable.
  const shownUpgradable = services.filter(upgradable).map(s => s.entityRef);
  const chosen = selected.filter(r => shownUpgradable.includes(r));

  const act: Act = async what => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ severity: 'success', text: await what() });
    } catch (e) {
      setMessage({ severity: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
      retry();
    }
  };

  const upgradeSelected = () =>
    act(async () => {
      const { results } = await api.upgradeMany(chosen);
      setSelected([]);
      const failed = results.filter(r => !r.ok);
      const done = results.length - failed.length;
      const text = `${done} upgrade pull request${
        done === 1 ? '' : 's'
      } opened or updated.`;
      if (failed.length > 0) {
        throw new Error(
          `${text} Failed: ${failed
            .map(r => `${r.entityRef}: ${'error' in r ? r.error : ''}`)
            .join('; ')}`,
        );
      }
      return text;
    });

  const toggle = (entityRef: string) =>
    setSelected(s =>
      s.includes(entityRef)
        ? s.filter(r => r !== entityRef)
        : [...s, entityRef],
    );
  const allChosen =
    shownUpgradable.length > 0 && chosen.length === shownUpgradable.length;

  const row = (service: ServiceDrift) => (
    <TableRow key={service.entityRef} data-testid={`row-${service.entityRef}`}>
      {bulk.allowed && (
        <TableCell padding="checkbox">
          <Checkbox
            checked={chosen.includes(service.entityRef)}
            disabled={!upgradable(service)}
            inputProps={{ 'aria-label': `select ${service.entityRef}` }}
            onChange={() => toggle(service.entityRef)}
          />
        </TableCell>
      )}
      <TableCell>
        <EntityRefLink entityRef={service.entityRef} />
      </TableCell>
      <TableCell>{teamName(service.owner)}</TableCell>
      <TableCell>{service.templateRef.split('/').pop()}</TableCell>
      <TableCell data-testid={`version-${service.entityRef}`}>
        {service.version ?? '—'}
        {service.currentVersion && service.version !== service.currentVersion
          ? ` → ${service.currentVersion}`
          : ''}
      </TableCell>
      <TableCell>
        <StateChip service={service} />
        {service.state === 'unknown' && service.error && (
          <Typography
            variant="caption"
            color="text.secondary"
            display="block"
            data-testid={`error-${service.entityRef}`}
          >
            {service.error}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {service.pullRequest ? (
          <Link to={service.pullRequest.url}>
            #{service.pullRequest.number}
            {service.pullRequest.mergeable === false ? ' (conflicts)' : ''}
          </Link>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell align="right">
        {(upgradable(service) || service.pullRequest) && (
          <RowActions service={service} busy={busy} act={act} />
        )}
      </TableCell>
    </TableRow>
  );

  return (
    <Page themeId="tool">
      <Header
        title="Paved road"
        subtitle="Every service made from a template: its version, and whether it keeps up with the template"
      />
      <Content>
        <Box
          sx={{
            display: 'flex',
            gap: 2,
            mb: 2,
            alignItems: 'center',
            flexWrap: 'wrap',
          }}
        >
          <TextField
            select
            size="small"
            label="Team"
            value={team}
            onChange={e => setTeam(e.target.value)}
            sx={{ minWidth: 220 }}
            inputProps={{ 'data-testid': 'team-filter' }}
          >
            <MenuItem value="">All teams</MenuItem>
            {teams.map(t => (
              <MenuItem key={t} value={t}>
                {teamName(t)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label="State"
            value={state}
            onChange={e => setState(e.target.value as DriftState | '')}
            sx={{ minWidth: 180 }}
            inputProps={{ 'data-testid': 'state-filter' }}
          >
            <MenuItem value="">All states</MenuItem>
            {STATES.map(s => (
              <MenuItem key={s} value={s}>
                {STATE_LABELS[s]} ({counts.get(s) ?? 0})
              </MenuItem>
            ))}
          </TextField>
          {bulk.allowed && (
            <Button
              variant="contained"
              disabled={busy || chosen.length === 0}
              onClick={upgradeSelected}
            >
              Open upgrade PRs ({chosen.length})
            </Button>
          )}
          <Button onClick={retry} disabled={loading}>
            Refresh
          </Button>
          {value && (
            <Typography
              variant="body2"
              color="text.secondary"
              data-testid="summary"
            >
              {STATES.filter(s => counts.get(s))
                .map(s => `${counts.get(s)} ${STATE_LABELS[s]}`)
                .join(' · ') || 'No services'}
            </Typography>
          )}
        </Box>
        {message && (
          <Alert severity={message.severity} sx={{ mb: 2 }}>
            {message.text}
          </Alert>
        )}
        {error && <Alert severity="error">{error}</Alert>}
        {!value && loading && <Progress />}
        {value && services.length === 0 && (
          <Alert severity="info">
            {state || team
              ? `No service${team ? ` of ${teamName(team)}` : ''}${
                  state ? ` ${STATE_LABELS[state]}` : ''
                }.`
              : 'No service made from a template yet. Services created with "Create microservice" show up here.'}
          </Alert>
        )}
        {services.length > 0 && (
          <Table size="small">
            <TableHead>
              <TableRow>
                {bulk.allowed && (
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={allChosen}
                      indeterminate={chosen.length > 0 && !allChosen}
                      disabled={shownUpgradable.length === 0}
                      inputProps={{
                        'aria-label': 'select every service shown to upgrade',
                      }}
                      onChange={() =>
                        setSelected(allChosen ? [] : shownUpgradable)
                      }
                    />
                  </TableCell>
                )}
                <TableCell>Service</TableCell>
                <TableCell>Team</TableCell>
                <TableCell>Template</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Upgrade PR</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>{services.map(row)}</TableBody>
          </Table>
        )}
      </Content>
    </Page>
  );
}
