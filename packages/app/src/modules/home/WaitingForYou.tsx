import { Link, Progress } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { deploymentsApiRef } from '@internal/plugin-deployments';
import {
  DeploymentSummary,
  deploymentPermissionFor,
} from '@internal/plugin-deployments-common';
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

/** Whether tag `a` is a later build than `b` (dotted numbers; else just different). */
function isNewer(a: string, b: string): boolean {
  const parts = (t: string) => t.split(/[.-]/).map(Number);
  const [pa, pb] = [parts(a), parts(b)];
  if ([...pa, ...pb].some(n => Number.isNaN(n))) return a !== b;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  }
  return false;
}

const settled = (d: DeploymentSummary | undefined) =>
  d?.state === 'deployed' && d.health === 'Healthy' && !!d.imageTag;

/**
 * Prod promotions: the user's teams' services whose environment before a
 * production one runs a newer build, healthy, than production does — when
 * the user may promote to production.
 */
function useProdPromotions() {
  const identity = useApi(identityApiRef);
  const deployments = useApi(deploymentsApiRef);
  const permissions = useApi(permissionApiRef);
  return useLoad(async (): Promise<Waiting[]> => {
    const { ownershipEntityRefs } = await identity.getBackstageIdentity();
    const teams = ownershipEntityRefs.filter(r => r.startsWith('group:'));
    if (teams.length === 0) return [];
    const matrix = await deployments.getMatrix({ owner: teams, limit: 50 });
    const envs = matrix.environments;
    const candidates = matrix.rows.flatMap(row =>
      envs.flatMap((to, i) => {
        const from = envs[i - 1];
        const [f, t] = [row.deployments[from?.name], row.deployments[to.name]];
        return to.production &&
          from &&
          settled(f) &&
          settled(t) &&
          isNewer(f!.imageTag!, t!.imageTag!)
          ? [{ row, from: from.name, to: to.name, f: f!, t: t! }]
          : [];
      }),
    );
    const allowed = await Promise.all(
      candidates.map(({ row }) =>
        permissions.authorize({
          permission: deploymentPermissionFor('promote', true),
          resourceRef: row.entityRef,
        }),
      ),
    );
    return candidates
      .filter((_, i) => allowed[i].result === AuthorizeResult.ALLOW)
      .map(({ row, from, to, f, t }) => ({
        key: `promotion:${row.entityRef}:${to}`,
        title: `Promote ${row.name} ${f.imageTag} from ${from} to ${to}`,
        detail: `${from} has run it healthy; ${to} runs ${t.imageTag}`,
        link: entityPath(row.entityRef, 'deployments'),
      }));
  }, [identity, deployments, permissions]);
}

/** "Waiting for you": what needs the signed-in user, each linking to where one acts. */
export function WaitingForYou() {
  const runs = useRunsToDecide();
  const canaries = usePausedCanaries();
  const promotions = useProdPromotions();
  const items = [
    ...(runs.value ?? []),
    ...(canaries.value ?? []),
    ...(promotions.value ?? []),
  ];
  const loading =
    (!runs.value && !runs.error) ||
    (!canaries.value && !canaries.error) ||
    (!promotions.value && !promotions.error);
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
      {promotions.error && !canaries.error && (
        <Alert severity="warning">
          Promotions could not be read: {promotions.error}
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
      {!loading &&
        items.length === 0 &&
        !runs.error &&
        !canaries.error &&
        !promotions.error && (
          <Typography color="text.secondary">
            Nothing needs you right now. Infrastructure approvals, paused
            canaries and releases ready for production that you may promote show
            up here; what your teams did is under Recent activity.
          </Typography>
        )}
    </div>
  );
}
