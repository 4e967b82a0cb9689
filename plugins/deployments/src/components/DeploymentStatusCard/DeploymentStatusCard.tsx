import { stringifyEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  EntityDeploymentsResponse,
  EnvironmentDeployment,
  nothingRunsIn,
} from '@internal/plugin-deployments-common';
import { useEffect, useState } from 'react';
import { deploymentsApiRef, errorMessage } from '../../api';
import {
  age,
  displayTag,
  entityTabPath,
  HealthChip,
  runsNothing,
} from '../shared';

/** What runs in one environment, in a few words. */
function Runs(props: { env: EnvironmentDeployment }) {
  const { env } = props;
  if (env.state === 'missing') {
    return <Typography color="text.secondary">Not deployed</Typography>;
  }
  if (env.state === 'unavailable') {
    return (
      <Typography color="text.secondary">
        {env.error ?? 'Argo CD cannot be reached'}
      </Typography>
    );
  }
  if (runsNothing(env)) {
    return <Typography>{nothingRunsIn(env.environment)}</Typography>;
  }
  const image = env.images?.[env.images.length - 1];
  return (
    <Typography>
      <strong title={image}>{displayTag(env.imageTag) ?? image}</strong>
      {env.canaryInFlight ? ' · canary in flight' : ''}
      {env.deployedAt ? (
        <Typography component="span" variant="caption" color="text.secondary">
          {' '}
          · deployed {age(env.deployedAt)}
        </Typography>
      ) : null}
    </Typography>
  );
}

/**
 * The overview's deployment status: what runs in each environment (in
 * promotion order) and its health, with the way to the Deployments tab.
 */
export function DeploymentStatusCard(props: {
  entityRef: string;
  /** The entity's Deployments tab. */
  deploymentsLink: string;
}) {
  const { entityRef, deploymentsLink } = props;
  const api = useApi(deploymentsApiRef);
  const [state, setState] = useState<{
    value?: EntityDeploymentsResponse;
    error?: string;
  }>({});
  useEffect(() => {
    let live = true;
    api.getEntityDeployments(entityRef).then(
      value => live && setState({ value }),
      error => live && setState({ error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, entityRef]);

  return (
    <Card sx={{ mb: 2 }} data-testid="deployment-status-card">
      <CardHeader
        title="Deployment status"
        action={<Link to={deploymentsLink}>Deployments</Link>}
      />
      <CardContent sx={{ pt: 0 }}>
        {state.error && (
          <Alert severity="warning">
            The deployments could not be read: {state.error}
          </Alert>
        )}
        {!state.value && !state.error && (
          <Typography color="text.secondary">Reading Argo CD…</Typography>
        )}
        {state.value && (
          <Table size="small">
            <TableBody>
              {state.value.environments.map(env => (
                <TableRow
                  key={env.environment}
                  data-testid={`status-${env.environment}`}
                >
                  <TableCell sx={{ width: '20%' }}>
                    {env.environment}
                    {env.production ? ' (production)' : ''}
                  </TableCell>
                  <TableCell>
                    <Runs env={env} />
                  </TableCell>
                  <TableCell align="right">
                    {env.state === 'deployed' && (
                      <HealthChip
                        health={env.health}
                        message={env.healthMessage}
                      />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

export function EntityDeploymentStatusCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return (
    <DeploymentStatusCard
      entityRef={entityRef}
      deploymentsLink={entityTabPath(entityRef, 'deployments')}
    />
  );
}
