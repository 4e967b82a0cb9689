import chalk from 'chalk';

/** A command-line mistake: the usage is printed and the exit code is 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Columns padded to their widest cell; the header dimmed on a terminal. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [chalk.bold(line(header)), ...rows.map(line)].join('\n');
}

const HEALTH_COLOURS: Record<string, (s: string) => string> = {
  Healthy: chalk.green,
  Progressing: chalk.cyan,
  Suspended: chalk.yellow,
  Degraded: chalk.red,
  Missing: chalk.red,
};

/** A health word, coloured as the UI's chips are. */
export function health(value: string | undefined): string {
  if (!value) return '-';
  return (HEALTH_COLOURS[value] ?? ((s: string) => s))(value);
}

export const short = (sha: string | undefined) => (sha ? sha.slice(0, 7) : '-');
