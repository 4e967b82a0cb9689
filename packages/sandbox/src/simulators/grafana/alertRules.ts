import {
  errorRatioQuery,
  GrafanaAlertInstance,
  GrafanaRule,
  GrafanaRuleGroup,
  GrafanaRulesResponse,
  latencyQuantileQuery,
} from '@internal/plugin-observability-node';
import { ENVIRONMENTS, World } from '../../world/World';
import { BASE62, stableId, unitRandom } from '../prometheus/seededRandom';
import { Health, healthAt } from '../prometheus/serviceHealth';
import { Folder } from './grafanaCatalog';

/** Every rule is evaluated once a minute... */
export const EVALUATION_INTERVAL_MS = 60_000;
/** ...and fires after its condition held this long (`for: 5m`). */
export const PENDING_PERIOD_MS = 300_000;
/** The error-rate rule's condition: more than this share of requests fail. */
export const ERROR_RATIO_THRESHOLD = 0.05;
/** The latency rule's condition: p99 above this, in seconds. */
export const LATENCY_P99_THRESHOLD = 1;

/** How often rules are evaluated and how long a condition holds before firing. */
export interface AlertTiming {
  evaluationIntervalMs: number;
  pendingPeriodMs: number;
}

export const DEFAULT_ALERT_TIMING: AlertTiming = {
  evaluationIntervalMs: EVALUATION_INTERVAL_MS,
  pendingPeriodMs: PENDING_PERIOD_MS,
};

/** Past evaluations looked at to date a firing rule's start (one day). */
const MAX_LOOKBACK_EVALUATIONS = 1440;

interface RuleDefinition {
  kind: 'error-rate' | 'latency';
  title: string;
  query: string;
  summary: string;
  condition: (h: Health) => number | undefined;
}

/**
 * Grafana-managed rules of every service, one group per service in its
 * system's folder, labelled `service`, `environment` and `severity`. Their
 * state comes from evaluating the world's service health model at each
 * past evaluation, so a bad revision takes an error-rate rule to Pending at
 * the first evaluation after its `since`, and to Alerting 5 minutes later.
 */
export function rulesResponse(
  world: World,
  folders: Folder[],
  nowMs: number,
  normalSinceMs: number,
  timing: AlertTiming = DEFAULT_ALERT_TIMING,
): GrafanaRulesResponse {
  const interval = timing.evaluationIntervalMs;
  const lastEvaluation = Math.floor(nowMs / interval) * interval;
  const folderOf = new Map(folders.map(f => [f.system, f]));
  const totals: Record<string, number> = {};
  const groups: GrafanaRuleGroup[] = world.services().map(service => {
    const folder = folderOf.get(service.system)!;
    const groupTotals: Record<string, number> = {};
    const rules = ENVIRONMENTS.flatMap(environment =>
      definitions(service.name, environment).map(def => {
        const rule = evaluate(world, service.name, environment, def, {
          folder,
          lastEvaluation,
          normalSinceMs,
          timing,
        });
        groupTotals[rule.state!] = (groupTotals[rule.state!] ?? 0) + 1;
        totals[rule.state!] = (totals[rule.state!] ?? 0) + 1;
        return rule;
      }),
    );
    return {
      name: `${service.name}-slo`,
      file: folder.title,
      interval: interval / 1000,
      lastEvaluation: new Date(lastEvaluation).toISOString(),
      evaluationTime: rules[0]?.evaluationTime ?? 0,
      rules,
      totals: groupTotals,
    };
  });
  groups.sort((a, b) =>
    a.file === b.file
      ? a.name.localeCompare(b.name)
      : a.file.localeCompare(b.file),
  );
  return { status: 'success', data: { groups, totals } };
}

function definitions(service: string, environment: string): RuleDefinition[] {
  const selector = { service, environment };
  return [
    {
      kind: 'error-rate',
      title: `${service} error rate (${environment})`,
      query: errorRatioQuery(selector),
      summary: `More than ${
        ERROR_RATIO_THRESHOLD * 100
      }% of ${service} requests fail in ${environment}`,
      condition: h =>
        h.errorRatio > ERROR_RATIO_THRESHOLD ? h.errorRatio : undefined,
    },
    {
      kind: 'latency',
      title: `${service} p99 latency (${environment})`,
      query: latencyQuantileQuery(selector, 0.99),
      summary: `${service} answers 1% of requests slower than ${LATENCY_P99_THRESHOLD}s in ${environment}`,
      condition: h =>
        h.latencyP99 > LATENCY_P99_THRESHOLD ? h.latencyP99 : undefined,
    },
  ];
}

function evaluate(
  world: World,
  service: string,
  environment: string,
  def: RuleDefinition,
  at: {
    folder: Folder;
    lastEvaluation: number;
    normalSinceMs: number;
    timing: AlertTiming;
  },
): GrafanaRule {
  const { evaluationIntervalMs, pendingPeriodMs } = at.timing;
  const labels = {
    service,
    environment,
    severity: environment === 'prod' ? 'critical' : 'warning',
  };
  const annotations = { summary: def.summary };
  const valueAt = (t: number) => {
    const health = healthAt(world, service, environment, t);
    return health && def.condition(health);
  };

  // How many evaluations in a row, up to the last one, found the condition true.
  const current = valueAt(at.lastEvaluation);
  let streak = 0;
  while (
    streak < MAX_LOOKBACK_EVALUATIONS &&
    valueAt(at.lastEvaluation - streak * evaluationIntervalMs) !== undefined
  ) {
    streak++;
  }
  const pendingSince = at.lastEvaluation - (streak - 1) * evaluationIntervalMs;
  let state: 'Normal' | 'Pending' | 'Alerting' = 'Normal';
  let activeAt = at.normalSinceMs;
  if (streak > 0 && at.lastEvaluation - pendingSince >= pendingPeriodMs) {
    state = 'Alerting';
    activeAt = pendingSince + pendingPeriodMs;
  } else if (streak > 0) {
    state = 'Pending';
    activeAt = pendingSince;
  }

  const name = def.title;
  const instance: GrafanaAlertInstance = {
    labels: { alertname: name, grafana_folder: at.folder.title, ...labels },
    annotations,
    state,
    activeAt: new Date(activeAt).toISOString(),
    value:
      state === 'Normal' || current === undefined ? '' : goExponent(current),
  };
  const ruleState = {
    Normal: 'inactive',
    Pending: 'pending',
    Alerting: 'firing',
  } as const;
  return {
    uid: stableId(BASE62, 14, 'rule', service, environment, def.kind),
    folderUid: at.folder.uid,
    state: ruleState[state],
    name,
    query: def.query,
    duration: pendingPeriodMs / 1000,
    labels,
    annotations,
    health: 'ok',
    type: 'alerting',
    lastEvaluation: new Date(at.lastEvaluation).toISOString(),
    evaluationTime:
      0.002 + 0.01 * unitRandom('evaluation', service, environment),
    ...(state === 'Alerting' ? { activeAt: instance.activeAt! } : {}),
    alerts: [instance],
    totals: { [state.toLowerCase()]: 1 },
  };
}

/** Go's strconv.FormatFloat(v, 'e', -1, 64): `7.9e-02`, two exponent digits. */
function goExponent(value: number): string {
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}
