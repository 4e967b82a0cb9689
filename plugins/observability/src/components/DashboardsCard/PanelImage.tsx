import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import type { TimeWindow } from '@internal/plugin-observability-common';
import { observabilityApiRef } from '@internal/plugin-observability-react';

/** A Blob as a `data:` URL: Backstage's CSP allows `data:` images, not `blob:`. */
async function dataUrlOf(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i++) {
    binary += String.fromCharCode(bytes[i]);
  }
  return `data:${blob.type || 'image/png'};base64,${btoa(binary)}`;
}

/**
 * A Grafana panel rendered to PNG by the backend (which holds the token),
 * fetched with the user's credentials and shown as a data URL.
 */
export function PanelImage(props: {
  entityRef: string;
  imagePath: string;
  title: string;
  window: TimeWindow;
}) {
  const { entityRef, imagePath, title, window } = props;
  const api = useApi(observabilityApiRef);
  const [state, setState] = useState<{ url?: string; error?: Error }>({});

  useEffect(() => {
    let cancelled = false;
    setState({});
    api
      .getPanelImage(entityRef, imagePath, window)
      .then(dataUrlOf)
      .then(
        url => !cancelled && setState({ url }),
        error => !cancelled && setState({ error }),
      );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, imagePath, window]);

  return (
    <Box sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 0.5 }}>
      <Typography variant="caption" component="div" noWrap title={title}>
        {title}
      </Typography>
      {state.url && (
        <img
          src={state.url}
          alt={`Grafana panel ${title}`}
          style={{ width: '100%', display: 'block' }}
        />
      )}
      {state.error && (
        <Typography variant="caption" color="text.secondary">
          Panel not available: {state.error.message}
        </Typography>
      )}
      {!state.url && !state.error && (
        <Skeleton
          variant="rectangular"
          height={90}
          aria-label={`Loading ${title}`}
        />
      )}
    </Box>
  );
}
