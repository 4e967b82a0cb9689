import { ApplyRecord, PlanRecord, TfcStore } from './TfcStore';

/** What `terraform plan` would have printed so far, roughly. */
export function planLog(store: TfcStore, plan: PlanRecord): string {
  const run = store.runs.get(plan.runId)!;
  const workspace = store.workspaces.get(run.workspaceId)!;
  const lines = [
    `Terraform v${workspace.attributes['terraform-version']}`,
    'on linux_amd64',
    'Initializing plugins and modules...',
  ];
  if (plan.status === 'running') {
    lines.push('', 'Planning...');
  } else if (plan.status === 'errored') {
    lines.push('', run.failure ?? 'Error: planning failed');
  } else if (plan.status === 'finished') {
    const total =
      (plan.additions ?? 0) + (plan.changes ?? 0) + (plan.destructions ?? 0);
    lines.push(
      '',
      ...[...(run.desired?.resources.keys() ?? [])].map(
        address => `${address}: Refreshing state...`,
      ),
      '',
      total === 0
        ? 'No changes. Your infrastructure matches the configuration.'
        : `Plan: ${plan.additions} to add, ${plan.changes} to change, ${plan.destructions} to destroy.`,
    );
  } else if (plan.status === 'canceled') {
    lines.push('', 'Interrupt received. Stopping the plan.');
  }
  return `${lines.join('\n')}\n`;
}

/** What `terraform apply` would have printed so far; sensitive outputs stay hidden. */
export function applyLog(store: TfcStore, apply: ApplyRecord): string {
  const run = store.runs.get(apply.runId)!;
  const lines: string[] = [];
  if (apply.status === 'running' || apply.status === 'finished') {
    lines.push(
      ...[...(run.desired?.resources.keys() ?? [])].map(
        address => `${address}: Creating...`,
      ),
    );
  }
  if (apply.status === 'finished') {
    lines.push(
      '',
      `Apply complete! Resources: ${apply.additions} added, ${apply.changes} changed, ${apply.destructions} destroyed.`,
      '',
      'Outputs:',
      '',
      ...(run.desired?.outputs ?? []).map(
        o =>
          `${o.name} = ${
            o.sensitive ? '<sensitive>' : JSON.stringify(o.value)
          }`,
      ),
    );
  } else if (apply.status === 'canceled') {
    lines.push('', 'Interrupt received. Stopping the apply.');
  }
  return `${lines.join('\n')}\n`;
}
