import { Link, Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { deploymentsApiRef } from '@internal/plugin-deployments';
import { DeploymentSummary } from '@internal/plugin-deployments-common';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { entityPath, useLoad } from './useLoad';

const COLORS: Record<string, 'success' | 'warning' | 'error' | 'default'> = {
  Healthy: 'success',
  Progressing: 'warning',
  Suspended: 'warning',
  Degraded: 'error',
  Missing: 'error',
};

function HealthChip(props: { d?: DeploymentSummary }) {
  const { d } = props;
  if (!d || d.state === 'missing') {
    return <Typography color="text.secondary">–</Typography>;
  }
  if (d.state === 'unavailable') {
    return <Chip size="small" variant="outlined" label="unavailable" />;
  }
  return (
    <Chip
      size="small"
      variant="outlined"
      color={COLORS[d.health ?? ''] ?? 'default'}
      label={`${d.health ?? 'Unknown'}${d.imageTag ? ` · ${d.imageTag}` : ''}`}
    />
  );
}

/** "Your services": the signed-in user's teams' services, health per environment. */
export function YourServices() {
  const identity = useApi(identityApiRef);
  const deployments = useApi(deploymentsApiRef);
  const { value, error } = useLoad(async () => {
    const { ownershipEntityRefs } = await identity.getBackstageIdentity();
    const teams = ownershipEntityRefs.filter(r => r.startsWith('group:'));
    if (teams.length === 0) return { teams, matrix: undefined };
    const matrix = await deployments.getMatrix({ owner: teams, limit: 50 });
    return { teams, matrix };
  }, [identity, deployments]);

  if (error) {
    return (
      <Alert severity="warning">Your services could not be read: {error}</Alert>
    );
  }
  if (!value) return <Progress />;
  const rows = value.matrix?.rows ?? [];
  if (rows.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="your-services-empty">
        Your teams own no deployed services yet. Create one with the{' '}
        <Link to="/create">Create microservice</Link> template, or find your
        team's in the <Link to="/catalog">catalog</Link>.
      </Typography>
    );
  }
  const environments = value.matrix!.environments;
  return (
    <Table size="small" data-testid="your-services">
      <TableHead>
        <TableRow>
          <TableCell sx={{ whiteSpace: 'nowrap' }}>Service</TableCell>
          {environments.map(e => (
            <TableCell key={e.name}>{e.name}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={row.entityRef}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <Link to={entityPath(row.entityRef, 'deployments')}>
                {row.title ?? row.name}
              </Link>
            </TableCell>
            {environments.map(e => (
              <TableCell key={e.name}>
                <HealthChip d={row.deployments[e.name]} />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
