import { ActivityEvent } from '@internal/plugin-activity-common';

const COLUMNS: Array<[string, (e: ActivityEvent) => unknown]> = [
  ['occurredAt', e => e.occurredAt],
  ['actor', e => e.actor],
  ['plugin', e => e.plugin],
  ['action', e => e.action],
  ['result', e => e.result],
  ['severity', e => e.severity],
  ['entityRef', e => e.entityRef],
  ['environment', e => e.environment],
  ['reason', e => e.reason],
  ['before', e => e.before],
  ['after', e => e.after],
  ['error', e => e.error],
];

/**
 * One CSV cell (RFC 4180 quoting). A text that a spreadsheet would run as a
 * formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe: reasons
 * are typed by users.
 */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events: ActivityEvent[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const event of events) {
    lines.push(COLUMNS.map(([, get]) => cell(get(event))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
