import express from 'express';
import { ApiResource } from './apiResources';

/*
 * Errors as the Kubernetes API server words them: a `Status` object
 * (k8s.io/apimachinery/pkg/api/errors) with the reason and code clients
 * switch on (Backstage maps 400/401/404/500; kubectl prints `message`).
 */

export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

export function sendStatus(res: express.Response, error: KubeStatusError) {
  res.status(error.code).json(error.toStatus());
}

export const unauthorized = () =>
  new KubeStatusError(401, 'Unauthorized', 'Unauthorized');

/** The path names no resource the server knows. */
export const pathNotFound = () =>
  new KubeStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );

export function objectNotFound(resource: ApiResource, name: string) {
  return new KubeStatusError(
    404,
    'NotFound',
    `${qualified(resource)} "${name}" not found`,
    {
      name,
      ...(resource.group ? { group: resource.group } : {}),
      kind: resource.plural,
    },
  );
}

/** `pods`, `rollouts.argoproj.io`: how RBAC messages name a resource. */
function qualified(resource: ApiResource, subresource?: string) {
  const name = subresource
    ? `${resource.plural}/${subresource}`
    : resource.plural;
  return resource.group ? `${name}.${resource.group}` : name;
}

/** What RBAC answers a service account that lacks a verb. */
export function forbidden(options: {
  user: string;
  verb: string;
  resource: ApiResource;
  subresource?: string;
  namespace?: string;
  name?: string;
}) {
  const { user, verb, resource, subresource, namespace, name } = options;
  const what = `${qualified(resource)}${name ? ` "${name}"` : ''}`;
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return new KubeStatusError(
    403,
    'Forbidden',
    `${what} is forbidden: User "${user}" cannot ${verb} resource "${
      subresource ? `${resource.plural}/${subresource}` : resource.plural
    }" in API group "${resource.group}" ${scope}`,
    {
      ...(name ? { name } : {}),
      ...(resource.group ? { group: resource.group } : {}),
      kind: resource.plural,
    },
  );
}

export const badRequest = (message: string) =>
  new KubeStatusError(400, 'BadRequest', message);

export const methodNotSupported = (what: string) =>
  new KubeStatusError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${what})`,
    {},
  );

/** The reasons the API server gives for the statuses faults inject. */
const REASONS: Record<number, string> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** An injected fault as the API server would word the status. */
export function faultStatus(code: number, message: string) {
  return new KubeStatusError(
    code,
    REASONS[code] ?? 'InternalError',
    message,
  ).toStatus();
}
