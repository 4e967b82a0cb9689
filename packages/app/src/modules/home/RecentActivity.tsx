import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { activityApiRef, ActivityTable } from '@internal/plugin-activity';
import Alert from '@mui/material/Alert';
import { useLoad } from './useLoad';

/** "Recent activity": what happened to the user's teams' services, and what the user did. */
export function RecentActivity() {
  const api = useApi(activityApiRef);
  const { value, error } = useLoad(
    () => api.getTeamsActivity({ limit: 10 }),
    [api],
  );
  if (error) {
    return (
      <Alert severity="warning">
        Recent activity could not be read: {error}
      </Alert>
    );
  }
  if (!value) return <Progress />;
  return (
    <ActivityTable
      showEntity
      events={value.events}
      emptyText="Nothing yet. Rollbacks, promotions, infrastructure requests and approvals on your teams' services, and your own, will show up here."
    />
  );
}
