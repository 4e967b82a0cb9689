import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { DeploymentSummary } from '@internal/plugin-deployments-common';
import { age, HealthChip, shortSha, SyncChip } from '../shared';

/** One service in one environment: health, sync, revision, image, rollout, age. */
export function DeploymentCell(props: { deployment?: DeploymentSummary }) {
  const d = props.deployment;
  if (!d || d.state === 'missing') {
    return (
      <Typography variant="body2" color="text.disabled">
        not deployed
      </Typography>
    );
  }
  if (d.state === 'unavailable') {
    return (
      <Tooltip title={d.error ?? 'Argo CD did not answer'}>
        <Chip size="small" variant="outlined" label="unavailable" />
      </Tooltip>
    );
  }
  return (
    <Box sx={{ minWidth: 0 }}>
      <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}>
        <HealthChip health={d.health} message={d.healthMessage} />
        <SyncChip sync={d.sync} />
        {d.canaryInFlight && (
          <Chip size="small" color="info" variant="outlined" label="canary" />
        )}
        {d.operationRunning && (
          <Chip
            size="small"
            variant="outlined"
            label={
              d.operation?.kind === 'rollback' ? 'rolling back' : 'syncing'
            }
          />
        )}
      </Box>
      <Typography variant="caption" component="div" noWrap>
        <Tooltip title={`${d.revision ?? ''} — open in Argo CD`}>
          <Link href={d.argocdUrl} target="_blank" rel="noopener">
            {shortSha(d.revision)}
          </Link>
        </Tooltip>
        {d.imageTag ? ` · ${d.imageTag}` : ''}
        {d.deployedAt ? (
          <Tooltip title={`${d.deployedAt} by ${d.deployedBy ?? 'unknown'}`}>
            <span> · {age(d.deployedAt)}</span>
          </Tooltip>
        ) : null}
        {!d.autoSync && (
          <Typography component="span" variant="caption" color="warning.main">
            {d.rolledBack
              ? ' · rolled back, auto-sync off'
              : ' · auto-sync off'}
          </Typography>
        )}
      </Typography>
    </Box>
  );
}
