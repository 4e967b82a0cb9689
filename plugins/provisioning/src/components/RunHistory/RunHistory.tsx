import { Link } from '@backstage/core-components';
import type { ProvisioningRun } from '@internal/plugin-provisioning-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { PhaseChip } from '../PhaseChip';
import { planText } from '../format';

/** Earlier runs of one environment, newest first. */
export function RunHistory(props: { runs: ProvisioningRun[]; total: number }) {
  const { runs, total } = props;
  return (
    <Table size="small" aria-label="Run history">
      <TableHead>
        <TableRow>
          <TableCell>Requested</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Plan</TableCell>
          <TableCell>By</TableCell>
          <TableCell>Run</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map(run => (
          <TableRow key={run.id}>
            <TableCell>{new Date(run.createdAt).toLocaleString()}</TableCell>
            <TableCell>
              <PhaseChip phase={run.phase} />
            </TableCell>
            <TableCell>{run.plan ? planText(run.plan) : '—'}</TableCell>
            <TableCell>{run.decision?.by ?? run.requestedBy}</TableCell>
            <TableCell>
              {run.runUrl ? (
                <Link to={run.runUrl}>{run.engineRunId}</Link>
              ) : (
                '—'
              )}
            </TableCell>
          </TableRow>
        ))}
        {total > runs.length + 1 && (
          <TableRow>
            <TableCell colSpan={5}>
              {total - runs.length - 1} older runs not shown
            </TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
