import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { pavedRoadUpgradePermission } from '@internal/plugin-paved-road-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { errorMessage, pavedRoadApiRef } from '../../api';
import { StateChip } from '../StateChip';
import { useLoad } from '../useServices';

/** The entity's Paved road card: its template version, its state, its upgrade pull request. */
export function PavedRoadCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(pavedRoadApiRef);
  const load = useCallback(() => api.getService(entityRef), [api, entityRef]);
  const { value: service, error, loading, retry } = useLoad(load);
  // Owners and admins get the buttons; the backend decides again.
  const { allowed, loading: checking } = usePermission({
    permission: pavedRoadUpgradePermission,
    resourceRef: entityRef,
  });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const act = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ ok: true, text: await what() });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
      retry();
    }
  };

  return (
    <InfoCard title="Paved road" subheader="This service against its template">
      {error && <Alert severity="error">{error}</Alert>}
      {!service && loading && <Progress />}
      {service && (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
            <Typography variant="body2">
              {service.templateRef.split('/').pop()} {service.version ?? '?'}
              {service.currentVersion &&
              service.currentVersion !== service.version
                ? ` (current ${service.currentVersion})`
                : ''}
            </Typography>
            <StateChip service={service} />
          </Box>
          {service.state === 'unknown' && service.error && (
            <Alert severity="warning">{service.error}</Alert>
          )}
          {service.changedFiles.length > 0 && (
            <Typography variant="body2">
              Changed by the team: {service.changedFiles.join(', ')}
            </Typography>
          )}
          {service.pullRequest && (
            <Typography variant="body2">
              Upgrade pull request:{' '}
              <Link to={service.pullRequest.url}>
                #{service.pullRequest.number}
              </Link>
              {service.pullRequest.mergeable === false &&
                ' — has conflicts to resolve on its branch'}
            </Typography>
          )}
          {message && (
            <Alert severity={message.ok ? 'success' : 'error'}>
              {message.text}
            </Alert>
          )}
          {!checking &&
            !allowed &&
            (service.pullRequest ||
              service.version !== service.currentVersion) && (
              <Typography variant="body2" color="text.secondary">
                Its owners open and merge its upgrade pull request.
              </Typography>
            )}
          <Box sx={{ display: 'flex', gap: 1 }}>
            {allowed &&
              service.currentVersion &&
              service.version !== service.currentVersion &&
              service.state !== 'unknown' && (
                <Button
                  size="small"
                  variant="outlined"
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      const r = await api.upgrade(entityRef);
                      return `Pull request #${r.pullRequest.number} ${
                        r.pullRequest.created ? 'opened' : 'updated'
                      }${
                        r.conflicts.length
                          ? `; resolve the conflicts in ${r.conflicts.join(
                              ', ',
                            )}`
                          : ''
                      }.`;
                    })
                  }
                >
                  {service.pullRequest
                    ? 'Update upgrade PR'
                    : 'Open upgrade PR'}
                </Button>
              )}
            {allowed && service.pullRequest && (
              <Button
                size="small"
                variant="contained"
                disabled={busy || service.pullRequest.mergeable === false}
                onClick={() =>
                  act(async () => {
                    const r = await api.merge(entityRef);
                    return `Merged #${r.number}.`;
                  })
                }
              >
                Merge upgrade
              </Button>
            )}
          </Box>
        </Box>
      )}
    </InfoCard>
  );
}
