import {
  errorRatioQuery,
  latencyQuantileQuery,
} from '@internal/plugin-observability-common';
import {
  GrafanaAlertInstance,
  GrafanaRule,
  GrafanaRuleGroup,
  GrafanaRulesResponse,
} from '@internal/api-grafana';
import { Environment, World } from '../../world/World';
import { deployedServices } from '../prometheus/deployedServices';
import { evaluateAt, isObserved } from '../prometheus/evaluateSliQuery';
import { BASE62, stableId, unitRandom } from '../prometheus/seededRandom';
import { Health, healthAt } from '../prometheus/serviceHealth';
import {
  parseSliQuery,
  SliQuery,
  UnsupportedQueryError,
} from '../prometheus/sliQueryParser';
import { parseDuration } from '../prometheus/duration';
import {
  ClusterMonitoring,
  clusterMonitoring,
  PrometheusAlertingRule,
} from './clusterMonitoring';
import { Folder, systemFolderTitle } from './grafanaCatalog';

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

/** How often rules are evaluated, how long a condition holds before firing, and whether that overrides each rule's `for`. */
export interface RuleTiming extends AlertTiming {
  /** True: every rule fires after `pendingPeriodMs` whatever its `for` (the sandbox's compressed clock). */
  overrideFor?: boolean;
}

/** One rule to evaluate, built-in or from a PrometheusRule. */
interface RuleDefinition {
  uid: string;
  title: string;
  query: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  pendingPeriodMs: number;
  /** The condition's value at `t` when it holds, else undefined. */
  condition: (t: number) => number | undefined;
  /** Why the rule cannot be evaluated (Grafana's health `error`). */
  error?: string;
  /** Seeds the evaluation time Grafana reports. */
  seed: string[];
}

interface GroupDefinition {
  name: string;
  folder: Folder;
  rules: RuleDefinition[];
}

/**
 * Grafana-managed rules of every deployed service, one group per service in
 * its system's folder, labelled `service`, `environment` and `severity`.
 *
 * They are the groups of the clusters' PrometheusRule objects (a group of
 * the same name in several environments is one group with the rules of
 * each), evaluated on the Prometheus simulator's series for each rule's
 * expression (`<SLI query> > <threshold>`). A deployed service none of
 * whose clusters has a PrometheusRule gets built-in rules on its error
 * ratio and p99 latency, evaluated on the same health model.
 *
 * A rule's state comes from evaluating it at each past evaluation, so a
 * bad revision takes an error-rate rule to Pending at the first evaluation
 * after its `since`, and to Alerting once its `for` has passed.
 */
export function rulesResponse(
  world: World,
  folders: Folder[],
  nowMs: number,
  normalSinceMs: number,
  timing: RuleTiming = DEFAULT_ALERT_TIMING,
  monitoring: ClusterMonitoring = clusterMonitoring(world),
): GrafanaRulesResponse {
  const interval = timing.evaluationIntervalMs;
  const lastEvaluation = Math.floor(nowMs / interval) * interval;
  const totals: Record<string, number> = {};
  const definitions = [
    ...provisionedGroups(world, folders, monitoring, timing),
    ...builtInGroups(world, folders, monitoring, timing),
  ];
  const groups: GrafanaRuleGroup[] = definitions.map(group => {
    const groupTotals: Record<string, number> = {};
    const rules = group.rules.map(def => {
      const rule = evaluate(def, {
        folder: group.folder,
        lastEvaluation,
        normalSinceMs,
        evaluationIntervalMs: interval,
      });
      const state = rule.state ?? 'inactive';
      groupTotals[state] = (groupTotals[state] ?? 0) + 1;
      totals[state] = (totals[state] ?? 0) + 1;
      return rule;
    });
    return {
      name: group.name,
      file: group.folder.title,
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

/** The PrometheusRule groups of the clusters, merged by folder and name. */
function provisionedGroups(
  world: World,
  folders: Folder[],
  monitoring: ClusterMonitoring,
  timing: RuleTiming,
): GroupDefinition[] {
  const systemOf = new Map(
    deployedServices(world).map(s => [s.name, s.system]),
  );
  const folderOf = new Map(folders.map(f => [f.title, f]));
  const groups = new Map<string, GroupDefinition>();
  for (const group of monitoring.ruleGroups) {
    const folder = folderOf.get(
      group.folderTitle || systemFolderTitle(systemOf.get(group.service)),
    )!;
    const key = `${folder.uid}\u0000${group.name}`;
    const entry = groups.get(key) ?? { name: group.name, folder, rules: [] };
    for (const rule of group.rules) {
      entry.rules.push(
        fromPrometheusRule(world, group.environment, rule, timing, group.name),
      );
    }
    groups.set(key, entry);
  }
  return [...groups.values()];
}

function fromPrometheusRule(
  world: World,
  environment: Environment,
  rule: PrometheusAlertingRule,
  timing: RuleTiming,
  groupName: string,
): RuleDefinition {
  const forMs = parseDuration(rule.for) ?? 0;
  const base = {
    uid: stableId(BASE62, 14, 'rule', groupName, environment, rule.alert),
    title: rule.alert,
    query: rule.expr,
    labels: rule.labels ?? {},
    annotations: rule.annotations ?? {},
    pendingPeriodMs: timing.overrideFor ? timing.pendingPeriodMs : forMs,
    seed: [groupName, environment, rule.alert],
  };
  let parsed: { query: SliQuery; op: Comparison; threshold: number };
  try {
    parsed = parseAlertExpression(rule.expr);
  } catch (error) {
    return {
      ...base,
      condition: () => undefined,
      error: (error as Error).message,
    };
  }
  const { query, op, threshold } = parsed;
  const observed = isObserved(world, query.service, query.environment);
  return {
    ...base,
    condition: t => {
      if (!observed) {
        return undefined;
      }
      // Any series over the threshold makes the condition hold.
      return evaluateAt(world, query, t)
        .map(s => s.value)
        .find(v => compare(v, op, threshold));
    },
  };
}

type Comparison = '>' | '<' | '>=' | '<=';

const ALERT_EXPRESSION =
  /^([\s\S]*?)\s*(>=|<=|>|<)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i;

/**
 * `<SLI query> <comparison> <number>`, the SLI query maybe in parentheses:
 * the shape of the chart's alert rules. Throws an
 * {@link UnsupportedQueryError} for anything else.
 */
export function parseAlertExpression(expr: string): {
  query: SliQuery;
  op: Comparison;
  threshold: number;
} {
  const match = ALERT_EXPRESSION.exec(expr.trim());
  if (!match) {
    throw new UnsupportedQueryError(
      'the sandbox evaluates alert rules of the form <SLI query> > <number>',
    );
  }
  let left = match[1].trim();
  if (left.startsWith('(') && left.endsWith(')') && wraps(left)) {
    left = left.slice(1, -1);
  }
  return {
    query: parseSliQuery(left),
    op: match[2] as Comparison,
    threshold: Number(match[3]),
  };
}

/** True when the first parenthesis of `text` closes at its end. */
function wraps(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')') depth--;
    if (depth === 0) {
      return i === text.length - 1;
    }
  }
  return false;
}

function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '<':
      return value < threshold;
    case '>=':
      return value >= threshold;
    default:
      return value <= threshold;
  }
}

/** The built-in rules of deployed services none of whose clusters has a PrometheusRule. */
function builtInGroups(
  world: World,
  folders: Folder[],
  monitoring: ClusterMonitoring,
  timing: RuleTiming,
): GroupDefinition[] {
  const withRules = new Set(monitoring.ruleGroups.map(g => g.service));
  const folderOf = new Map(folders.map(f => [f.title, f]));
  return deployedServices(world)
    .filter(service => !withRules.has(service.name))
    .map(service => ({
      name: `${service.name}-slo`,
      folder: folderOf.get(systemFolderTitle(service.system))!,
      rules: service.environments.flatMap(environment =>
        builtInRules(world, service.name, environment, timing),
      ),
    }));
}

function builtInRules(
  world: World,
  service: string,
  environment: string,
  timing: AlertTiming,
): RuleDefinition[] {
  const selector = { service, environment };
  const labels = {
    service,
    environment,
    severity: environment === 'prod' ? 'critical' : 'warning',
  };
  const health = (t: number) => healthAt(world, service, environment, t);
  const rule = (
    kind: string,
    title: string,
    query: string,
    summary: string,
    value: (h: Health) => number | undefined,
  ): RuleDefinition => ({
    uid: stableId(BASE62, 14, 'rule', service, environment, kind),
    title,
    query,
    labels,
    annotations: { summary },
    pendingPeriodMs: timing.pendingPeriodMs,
    condition: t => {
      const h = health(t);
      return h && value(h);
    },
    seed: [service, environment],
  });
  return [
    rule(
      'error-rate',
      `${service} error rate (${environment})`,
      errorRatioQuery(selector),
      `More than ${
        ERROR_RATIO_THRESHOLD * 100
      }% of ${service} requests fail in ${environment}`,
      h => (h.errorRatio > ERROR_RATIO_THRESHOLD ? h.errorRatio : undefined),
    ),
    rule(
      'latency',
      `${service} p99 latency (${environment})`,
      latencyQuantileQuery(selector, 0.99),
      `${service} answers 1% of requests slower than ${LATENCY_P99_THRESHOLD}s in ${environment}`,
      h => (h.latencyP99 > LATENCY_P99_THRESHOLD ? h.latencyP99 : undefined),
    ),
  ];
}

function evaluate(
  def: RuleDefinition,
  at: {
    folder: Folder;
    lastEvaluation: number;
    normalSinceMs: number;
    evaluationIntervalMs: number;
  },
): GrafanaRule {
  const { evaluationIntervalMs } = at;
  const { pendingPeriodMs, labels, annotations } = def;
  const evaluationTime = 0.002 + 0.01 * unitRandom('evaluation', ...def.seed);
  const common = {
    uid: def.uid,
    folderUid: at.folder.uid,
    name: def.title,
    query: def.query,
    duration: pendingPeriodMs / 1000,
    labels,
    annotations,
    type: 'alerting' as const,
    lastEvaluation: new Date(at.lastEvaluation).toISOString(),
    evaluationTime,
  };
  if (def.error) {
    const instance: GrafanaAlertInstance = {
      labels: {
        alertname: def.title,
        grafana_folder: at.folder.title,
        ...labels,
      },
      annotations,
      state: 'Error',
      activeAt: new Date(at.lastEvaluation).toISOString(),
      value: '',
    };
    return {
      ...common,
      state: 'inactive',
      health: 'error',
      lastError: def.error,
      alerts: [instance],
      totals: { error: 1 },
    };
  }

  // How many evaluations in a row, up to the last one, found the condition true.
  const current = def.condition(at.lastEvaluation);
  let streak = 0;
  while (
    streak < MAX_LOOKBACK_EVALUATIONS &&
    def.condition(at.lastEvaluation - streak * evaluationIntervalMs) !==
      undefined
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

  const instance: GrafanaAlertInstance = {
    labels: {
      alertname: def.title,
      grafana_folder: at.folder.title,
      ...labels,
    },
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
    ...common,
    state: ruleState[state],
    health: 'ok',
    ...(state === 'Alerting' ? { activeAt: instance.activeAt! } : {}),
    alerts: [instance],
    totals: { [state.toLowerCase()]: 1 },
  };
}

/** Go's strconv.FormatFloat(v, 'e', -1, 64): `7.9e-02`, two exponent digits. */
function goExponent(value: number): string {
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}
