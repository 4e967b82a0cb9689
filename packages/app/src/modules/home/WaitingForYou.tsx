import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { deploymentsApiRef } from '@internal/plugin-deployments';
import { deploymentPermissionFor } from '@internal/plugin-deployments-common';
import { provisioningApiRef } from '@internal/plugin-provisioning';
import Alert from '@mui/material/Alert';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityPath, useLoad } from './useLoad';

interface Waiting {
  key: string;
  title: string;
  detail: string;
  link: string;
}

const service = (ref: string) => ref.replace(/^[^:]+:[^/]+\//, '');

/** Provisioning runs waiting for an approval the user may give. */
function useRunsToDecide() {
  const api = useApi(provisioningApiRef);
  return useLoad(async (): Promise<Waiting[]> => {
    const runs = await api.listRunsToDecide();
    return runs.map(run => ({
      key: `run:${run.id}`,
      title: `Approve the ${run.environment} infrastructure of ${service(
        run.entityRef,
      )}`,
      detail: `Terraform plan${
        run.plan
          ? `: ${run.plan.additions} to add, ${run.plan.changes} to change, ${run.plan.destructions} to destroy`
          : ''
      } · requested by ${service(run.requestedBy)}`,
      link: entityPath(run.entityRef, 'infrastructure'),
    }));
  }, [api]);
}

/**
 * Canaries paused for a person (prod's manual gate, a pause step) that the
 * user may promote: the deployments index's Suspended applications, each
 * checked with the promote permission of its environment.
 */
function usePausedCanaries() {
  const deployments = useApi(deploymentsApiRef);
  const permissions = useApi(permissionApiRef);
  return useLoad(async (): Promise<Waiting[]> => {
    const matrix = await deployments.getMatrix({
      health: ['Suspended'],
      limit: 50,
    });
    const production = new Map(
      matrix.environments.map(e => [e.name, e.production]),
    );
    const candidates = matrix.rows.flatMap(row =>
      Object.values(row.deployments)
        .filter(d => d.health === 'Suspended' && d.state === 'deployed')
        .map(d => ({ row, d })),
    );
    const allowed = await Promise.all(
      candidates.map(({ row, d }) =>
        permissions.authorize({
          permission: deploymentPermissionFor(
            'promote',
            production.get(d.environment) ?? false,
          ),
          resourceRef: row.entityRef,
        }),
      ),
    );
    return candidates
      .filter((_, i) => allowed[i].result === AuthorizeResult.ALLOW)
      .map(({ row, d }) => ({
        key: `canary:${row.entityRef}:${d.environment}`,
        title: `Promote the ${d.environment} canary of ${row.name}`,
        detail: `${
          d.imageTag ?? d.revision?.slice(0, 7) ?? 'new release'
        } is paused${
          production.get(d.environment) ? ' at the production gate' : ''
        }`,
        link: entityPath(row.entityRef, 'deployments'),
      }));
  }, [deployments, permissions]);
}

/** "Waiting for you": what needs the signed-in user, each linking to where one acts. */
export function WaitingForYou() {
  const runs = useRunsToDecide();
  const canaries = usePausedCanaries();
  const items = [...(runs.value ?? []), ...(canaries.value ?? [])];
  const loading =
    (!runs.value && !runs.error) || (!canaries.value && !canaries.error);
  return (
    <div data-testid="waiting-for-you">
      {runs.error && (
        <Alert severity="warning">
          Provisioning approvals could not be read: {runs.error}
        </Alert>
      )}
      {canaries.error && (
        <Alert severity="warning">
          Paused canaries could not be read: {canaries.error}
        </Alert>
      )}
      {items.length > 0 && (
        <List dense>
          {items.map(item => (
            <ListItem key={item.key} data-testid="waiting-item" disableGutters>
              <ListItemText
                primary={<Link to={item.link}>{item.title}</Link>}
                secondary={item.detail}
              />
            </ListItem>
          ))}
        </List>
      )}
      {loading && <Progress />}
      {!loading && items.length === 0 && !runs.error && !canaries.error && (
        <Typography color="text.secondary">
          Nothing needs you right now. Infrastructure approvals and paused
          canaries you may promote show up here; what your teams did is under
          Recent activity.
        </Typography>
      )}
    </div>
  );
}
