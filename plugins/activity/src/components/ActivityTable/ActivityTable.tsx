import { Link } from '@backstage/core-components';
import { ActivityEvent } from '@internal/plugin-activity-common';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { changesOf, linkOf, shortRef } from './format';

const RESULT_COLOR = {
  succeeded: 'success',
  failed: 'error',
  denied: 'warning',
} as const;

/**
 * Audited actions, newest first: who, what, why, when, before -> after,
 * result and a link to where it was done. `showEntity` adds the entity
 * column (the admin page and the home page; not the entity's own tab).
 */
export function ActivityTable(props: {
  events: ActivityEvent[];
  showEntity?: boolean;
  emptyText: string;
}) {
  const { events, showEntity, emptyText } = props;
  if (events.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="activity-empty">
        {emptyText}
      </Typography>
    );
  }
  return (
    <Table size="small" data-testid="activity-table">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>What</TableCell>
          {showEntity && <TableCell>Service</TableCell>}
          <TableCell>Why</TableCell>
          <TableCell>Before → after</TableCell>
          <TableCell>Result</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {events.map(event => {
          const link = linkOf(event);
          return (
            <TableRow key={event.id} data-testid="activity-row">
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title={event.occurredAt}>
                  <span>{new Date(event.occurredAt).toLocaleString()}</span>
                </Tooltip>
              </TableCell>
              <TableCell>{shortRef(event.actor)}</TableCell>
              <TableCell>
                {event.action}
                {event.environment ? ` (${event.environment})` : ''}
              </TableCell>
              {showEntity && <TableCell>{shortRef(event.entityRef)}</TableCell>}
              <TableCell>{event.reason ?? '–'}</TableCell>
              <TableCell>
                {changesOf(event).map(line => (
                  <div key={line}>{line}</div>
                ))}
              </TableCell>
              <TableCell>
                <Tooltip title={event.error ?? ''}>
                  <Chip
                    size="small"
                    label={event.result}
                    color={RESULT_COLOR[event.result]}
                    variant="outlined"
                  />
                </Tooltip>
              </TableCell>
              <TableCell>{link && <Link to={link}>Open</Link>}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
