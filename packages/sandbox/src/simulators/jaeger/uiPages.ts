import { OtlpResourceSpans } from '@internal/api-jaeger';

/*
 * Stand-ins for the two Jaeger UI pages the portal links to (`/trace/{id}`
 * and `/search?service=&lookback=`), so deep links land somewhere in the
 * sandbox. Plain HTML: the real UI is a React app we do not simulate.
 */

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(
    title,
  )} · Jaeger UI (sandbox)</title></head><body style="font-family:sans-serif"><h1>${escape(
    title,
  )}</h1>${body}<p><small>Sandbox stand-in of the Jaeger UI.</small></p></body></html>`;
}

/** One trace as a table of its spans. */
export function tracePage(traceId: string, spans: OtlpResourceSpans[]): string {
  const rows = spans.flatMap(rs => {
    const service =
      rs.resource?.attributes?.find(a => a.key === 'service.name')?.value
        ?.stringValue ?? '';
    return (rs.scopeSpans ?? []).flatMap(scope =>
      (scope.spans ?? []).map(span => {
        const ms =
          Number(
            BigInt(span.endTimeUnixNano ?? 0) -
              BigInt(span.startTimeUnixNano ?? 0),
          ) / 1e6;
        const error = span.status?.code === 2 ? 'error' : '';
        return `<tr><td>${escape(service)}</td><td>${escape(
          span.name,
        )}</td><td>${ms.toFixed(2)} ms</td><td>${error}</td></tr>`;
      }),
    );
  });
  if (!rows.length) {
    return page(`Trace ${traceId}`, '<p>Trace not found.</p>');
  }
  return page(
    `Trace ${traceId}`,
    `<table><thead><tr><th>Service</th><th>Operation</th><th>Duration</th><th>Status</th></tr></thead><tbody>${rows.join(
      '',
    )}</tbody></table>`,
  );
}

/** A search result: links to the traces found. */
export function searchPage(
  service: string,
  lookback: string,
  traces: Array<{ traceId: string; startMs: number }>,
): string {
  const items = traces
    .map(
      t =>
        `<li><a href="trace/${t.traceId}">${t.traceId}</a> ${new Date(
          t.startMs,
        ).toISOString()}</li>`,
    )
    .join('');
  return page(
    `Search: ${service} (last ${lookback})`,
    items ? `<ul>${items}</ul>` : '<p>No traces found.</p>',
  );
}
