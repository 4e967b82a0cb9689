import { Request } from 'express';
import { ArgoStatusError, GrpcCode } from './argoErrors';
import { LabelSelectorError, parseLabelSelector } from './labelSelector';

export const ARGOCD_NAMESPACE = 'argocd';

export function strings(value: unknown): string[] {
  if (value === undefined) {
    return [];
  }
  return (Array.isArray(value) ? value : [value]).map(String).filter(Boolean);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** What the filters of a list or watch look at. */
export interface FilteredApplication {
  name: string;
  labels: Record<string, string>;
  project: string;
  repoURL?: string;
}

/**
 * The filters of `ApplicationQuery` that list and watch share: selector,
 * projects (and the legacy `project`), name, repo and appNamespace. A bad
 * selector is a plain Go error in Argo CD: it reaches the client as 500.
 */
export function applicationFilter(
  req: Request,
): (app: FilteredApplication) => boolean {
  let selector: (labels: Record<string, string>) => boolean;
  try {
    selector = parseLabelSelector(text(req.query.selector));
  } catch (error) {
    if (error instanceof LabelSelectorError) {
      throw new ArgoStatusError(
        GrpcCode.Unknown,
        `error parsing the selector: ${error.message}`,
      );
    }
    throw error;
  }
  const projects = [
    ...strings(req.query.projects),
    ...strings(req.query.project),
  ];
  const name = text(req.query.name);
  const repo = text(req.query.repo);
  const appNamespace = text(req.query.appNamespace);
  if (appNamespace && appNamespace !== ARGOCD_NAMESPACE) {
    return () => false; // apps in other namespaces are not enabled
  }
  return app =>
    selector(app.labels) &&
    (projects.length === 0 || projects.includes(app.project)) &&
    (!name || app.name === name) &&
    (!repo || app.repoURL === repo);
}
