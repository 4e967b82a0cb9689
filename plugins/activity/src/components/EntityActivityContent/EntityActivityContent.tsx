import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useCallback, useState } from 'react';
import { activityApiRef } from '../../api';
import { ActivityTable } from '../ActivityTable';
import { useActivity } from '../useActivity';

const PAGE_SIZE = 50;

/** The entity's Activity tab: every audited action on it, newest first. */
export function EntityActivityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(activityApiRef);
  const [limit, setLimit] = useState(PAGE_SIZE);
  const load = useCallback(
    () => api.getEntityActivity(entityRef, { limit }),
    [api, entityRef, limit],
  );
  const { page, error, loading, retry } = useActivity(load);

  return (
    <InfoCard
      title="Activity"
      subheader="Every audited action on this service: rollbacks, promotions, approvals, denied attempts too"
      action={
        <Button size="small" onClick={retry} sx={{ mt: 1 }}>
          Refresh
        </Button>
      }
    >
      {error && <Alert severity="error">{error}</Alert>}
      {!page && loading && <Progress />}
      {page && (
        <>
          <ActivityTable
            events={page.events}
            emptyText="Nothing has happened here yet. Rollbacks, promotions, provisioning requests and approvals on this service will show up here, with who did them and why."
          />
          {page.total > page.events.length && (
            <Button onClick={() => setLimit(l => l + PAGE_SIZE)}>
              Show more ({page.total - page.events.length} older)
            </Button>
          )}
        </>
      )}
    </InfoCard>
  );
}
