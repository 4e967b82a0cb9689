import zlib from 'node:zlib';
import { GrafanaPanel } from '@internal/api-grafana';

/*
 * Stand-ins for what Grafana's frontend and image renderer draw: enough for
 * an iframe or an <img> in the portal to show which panel it points at.
 */

/** The page of `/d-solo/...`: the panel's title, variables and time range. */
export function soloPanelPage(options: {
  dashboardTitle: string;
  panel: GrafanaPanel;
  query: Record<string, string>;
}): string {
  const { dashboardTitle, panel, query } = options;
  const variables = Object.entries(query)
    .filter(([k]) => k.startsWith('var-'))
    .map(([k, v]) => `${k.slice(4)}=${v}`)
    .join(', ');
  const range = `${query.from ?? 'now-6h'} to ${query.to ?? 'now'}`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(panel.title)} - ${escape(
    dashboardTitle,
  )}</title></head>
<body style="font-family: sans-serif; margin: 8px">
<h3 data-testid="panel-title">${escape(panel.title)}</h3>
<p>${escape(dashboardTitle)}${variables ? ` (${escape(variables)})` : ''}</p>
<p>${escape(range)}</p>
</body>
</html>
`;
}

/** A PNG of one colour, `width` x `height` (capped), as the renderer would send. */
export function panelPng(width: number, height: number): Buffer {
  const w = clamp(width, 1, 2000);
  const h = clamp(height, 1, 2000);
  // Each row: filter byte 0, then RGB pixels (a light grey).
  const row = Buffer.alloc(1 + w * 3, 0xf4);
  row[0] = 0;
  const pixels = zlib.deflateSync(Buffer.concat(Array(h).fill(row)));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value) || min));
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}
