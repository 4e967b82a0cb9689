import type {
  CostEstimate,
  PlanSummary,
} from '@internal/plugin-provisioning-common';

/** `+7 ~0 -0`, as Terraform prints it. */
export function planText(plan: PlanSummary): string {
  return `+${plan.additions} ~${plan.changes} -${plan.destructions}`;
}

function usd(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? `$${n.toFixed(2)}` : value;
}

/** `$186.55 / month (+$186.55)`. */
export function costText(cost: CostEstimate): string | undefined {
  const proposed = usd(cost.proposedMonthlyCost);
  if (!proposed) return undefined;
  const delta = Number(cost.deltaMonthlyCost);
  const deltaText = Number.isFinite(delta)
    ? ` (${delta >= 0 ? '+' : '-'}${usd(String(Math.abs(delta)))})`
    : '';
  return `${proposed} / month${deltaText}`;
}

/** An output value as text (objects as JSON). */
export function outputText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
