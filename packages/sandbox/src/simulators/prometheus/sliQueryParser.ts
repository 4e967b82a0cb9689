import { SLI_LABELS, SLI_METRIC } from '@internal/plugin-observability-common';

/*
 * Just enough PromQL for the portal's SLI queries: the three templates of
 * the observability client's query builders, recognised by regex. The
 * parser is written against the PromQL text, not the builders, so a
 * builder that emitted something Prometheus would read differently fails
 * here instead of passing by construction.
 */

export type SliKind = 'requestRate' | 'errorRatio' | 'latencyQuantile';

export interface SliQuery {
  kind: SliKind;
  /** For latencyQuantile, e.g. 0.95. */
  quantile?: number;
  service: string;
  environment: string;
  /** Only these revisions; undefined means every revision. */
  revisions?: string[];
  /** One series per revision. */
  byRevision: boolean;
}

/** Why a query is not one the simulator understands, in Prometheus' words. */
export class UnsupportedQueryError extends Error {}

const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const RATE = String.raw`rate\(\s*${SLI_METRIC}_(count|bucket)\s*\{((?:[^}"]|${STRING})*)\}\s*\[\s*(\d+(?:ms|[smhdwy]))\s*\]\s*\)`;
const SUM = String.raw`sum\s*(?:by\s*\(([^)]*)\)\s*)?\(\s*${RATE}\s*\)`;
const RATE_QUERY = new RegExp(`^${SUM}$`);
const RATIO_QUERY = new RegExp(`^${SUM}\\s*/\\s*${SUM}$`);
const QUANTILE_QUERY = new RegExp(
  String.raw`^histogram_quantile\(\s*([0-9.]+)\s*,\s*${SUM}\s*\)$`,
);

interface SumPart {
  by: string[];
  series: string;
  matchers: Matcher[];
  window: string;
}

interface Matcher {
  name: string;
  op: string;
  value: string;
}

/** The SLI query `promql` asks for; throws {@link UnsupportedQueryError} otherwise. */
export function parseSliQuery(promql: string): SliQuery {
  const query = promql.trim();
  let match = QUANTILE_QUERY.exec(query);
  if (match) {
    const quantile = Number(match[1]);
    if (!(quantile >= 0 && quantile <= 1)) {
      throw new UnsupportedQueryError(`quantile ${match[1]} is not in [0, 1]`);
    }
    const sum = sumPart(match.slice(2, 6));
    check(
      sum.series === 'bucket',
      `histogram_quantile needs ${SLI_METRIC}_bucket`,
    );
    return { kind: 'latencyQuantile', quantile, ...selection(sum, ['le']) };
  }
  match = RATIO_QUERY.exec(query);
  if (match) {
    const errors = sumPart(match.slice(1, 5));
    const all = sumPart(match.slice(5, 9));
    const status = errors.matchers.find(m => m.name === SLI_LABELS.statusCode);
    check(
      status?.op === '=~' && status.value === '5..',
      `the numerator must select ${SLI_LABELS.statusCode}=~"5.."`,
    );
    const withoutStatus = {
      ...errors,
      matchers: errors.matchers.filter(m => m !== status),
    };
    check(
      JSON.stringify(withoutStatus) === JSON.stringify(all),
      'numerator and denominator must select the same series',
    );
    check(all.series === 'count', `an error ratio divides ${SLI_METRIC}_count`);
    return { kind: 'errorRatio', ...selection(all, []) };
  }
  match = RATE_QUERY.exec(query);
  if (match) {
    const sum = sumPart(match.slice(1, 5));
    check(sum.series === 'count', `a request rate sums ${SLI_METRIC}_count`);
    return { kind: 'requestRate', ...selection(sum, []) };
  }
  throw new UnsupportedQueryError(
    `the sandbox's Prometheus only knows the portal's SLI queries over ${SLI_METRIC} (request rate, error ratio, histogram_quantile)`,
  );
}

function sumPart([by, series, matchers, window]: string[]): SumPart {
  return {
    by: (by ?? '')
      .split(',')
      .map(l => l.trim())
      .filter(Boolean)
      .sort(),
    series,
    matchers: parseMatchers(matchers),
    window,
  };
}

function selection(sum: SumPart, requiredBy: string[]) {
  const byRevision = sum.by.includes(SLI_LABELS.revision);
  const expectedBy = [
    ...requiredBy,
    ...(byRevision ? [SLI_LABELS.revision] : []),
  ].sort();
  check(
    sum.by.join(',') === expectedBy.join(','),
    `sum by (${sum.by.join(', ')}) is not supported; use (${expectedBy.join(
      ', ',
    )})`,
  );
  const equal = (name: string) => {
    const matcher = sum.matchers.find(m => m.name === name);
    check(matcher?.op === '=', `select exactly one ${name} with ${name}="..."`);
    return matcher!.value;
  };
  const service = equal(SLI_LABELS.service);
  const environment = equal(SLI_LABELS.environment);
  let revisions: string[] | undefined;
  const revision = sum.matchers.find(m => m.name === SLI_LABELS.revision);
  if (revision?.op === '=') {
    revisions = [revision.value];
  } else if (revision?.op === '=~') {
    // An alternation of literals, as the builders write it: a|b\.c
    revisions = revision.value.split('|').map(r => r.replace(/\\(.)/g, '$1'));
  } else {
    check(!revision, `${SLI_LABELS.revision} supports only = and =~`);
  }
  const known: string[] = [
    SLI_LABELS.service,
    SLI_LABELS.environment,
    SLI_LABELS.revision,
  ];
  const other = sum.matchers.find(m => !known.includes(m.name));
  check(!other, `the label ${other?.name} is not supported`);
  return { service, environment, revisions, byRevision };
}

function parseMatchers(text: string): Matcher[] {
  const matchers: Matcher[] = [];
  const pattern = new RegExp(
    String.raw`\s*(\w+)\s*(=~|!~|!=|=)\s*(${STRING})\s*(,|$)`,
    'y',
  );
  let rest = text.trim();
  while (rest) {
    pattern.lastIndex = 0;
    const m = pattern.exec(rest);
    check(!!m, `cannot read the label matchers {${text}}`);
    matchers.push({
      name: m![1],
      op: m![2],
      value: m![3]
        .slice(1, -1)
        .replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c)),
    });
    rest = rest.slice(m![0].length).trim();
  }
  return matchers;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new UnsupportedQueryError(message);
  }
}
