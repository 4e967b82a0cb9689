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
import type { ServiceDrift } from '@internal/plugin-paved-road-common';
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
import { useCallback, useMemo, useState } from 'react';
import { errorMessage, pavedRoadApiRef } from '../../api';
import { StateChip } from '../StateChip';
import { useLoad } from '../useServices';

const teamName = (owner?: string) =>
  owner ? parseEntityRef(owner, { defaultKind: 'group' }).name : '';

/**
 * Every service made from a template: the version it records, how it stands
 * against the current version, its open upgrade pull request; filtered by
 * team. Selected services get upgrade pull requests in one go (admins).
 */
export function PavedRoadPage() {
  const api = useApi(pavedRoadApiRef);
  const load = useCallback(() => api.listServices(), [api]);
  const { value, error, loading, retry } = useLoad(load);
  const [team, setTeam] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{
    severity: 'success' | 'error' | 'warning';
    text: string;
  }>();

  const services = useMemo(
    () => (value?.items ?? []).filter(s => !team || s.owner === team),
    [value, team],
  );
  const teams = useMemo(
    () =>
      [...new Set((value?.items ?? []).map(s => s.owner ?? ''))]
        .filter(Boolean)
        .sort(),
    [value],
  );

  const act = async (what: () => Promise<string>) => {
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
      const { results } = await api.upgradeMany(selected);
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

  const row = (service: ServiceDrift) => {
    const checked = selected.includes(service.entityRef);
    return (
      <TableRow
        key={service.entityRef}
        data-testid={`row-${service.entityRef}`}
      >
        <TableCell padding="checkbox">
          <Checkbox
            checked={checked}
            disabled={
              service.state !== 'behind' && service.state !== 'diverged'
            }
            inputProps={{ 'aria-label': `select ${service.entityRef}` }}
            onChange={() =>
              setSelected(s =>
                checked
                  ? s.filter(r => r !== service.entityRef)
                  : [...s, service.entityRef],
              )
            }
          />
        </TableCell>
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
          {(service.state === 'behind' || service.state === 'diverged') &&
            service.version !== service.currentVersion && (
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
        </TableCell>
      </TableRow>
    );
  };

  return (
    <Page themeId="tool">
      <Header
        title="Paved road"
        subtitle="Every service made from a template: its version, and whether it keeps up with the template"
      />
      <Content>
        <Box sx={{ display: 'flex', gap: 2, mb: 2, alignItems: 'center' }}>
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
          <Button
            variant="contained"
            disabled={busy || selected.length === 0}
            onClick={upgradeSelected}
          >
            Open upgrade PRs ({selected.length})
          </Button>
          <Button onClick={retry} disabled={loading}>
            Refresh
          </Button>
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
            No service made from a template
            {team ? ` owned by ${teamName(team)}` : ''} yet. Services created
            with "Create microservice" show up here.
          </Alert>
        )}
        {services.length > 0 && (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell />
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
