import type { Request, RequestHandler, Response } from 'express';
import type { runtimeError } from '@internal/api-argocd';

/** The gRPC status codes Argo CD's API answers with. */
export const GrpcCode = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  FailedPrecondition: 9,
  OutOfRange: 11,
  Internal: 13,
  Unauthenticated: 16,
} as const;

type GrpcCodeValue = (typeof GrpcCode)[keyof typeof GrpcCode];

// grpc-gateway's mapping (runtime.HTTPStatusFromCode). FailedPrecondition is
// 400, not 412: "rollback cannot be initiated when auto-sync is enabled" and
// "another operation is already in progress" both arrive as 400. Go errors
// without a gRPC status (e.g. a bad selector) are Unknown, hence 500.
const HTTP_STATUS: Record<GrpcCodeValue, number> = {
  2: 500,
  3: 400,
  5: 404,
  7: 403,
  9: 400,
  11: 400,
  13: 500,
  16: 401,
};

/** An error the simulated Argo CD answers with, as Argo CD would. */
export class ArgoStatusError extends Error {
  constructor(readonly code: GrpcCodeValue, message: string) {
    super(message);
  }
}

/** Argo CD's answer for an application the caller may not see or that does not exist. */
export const permissionDenied = () =>
  new ArgoStatusError(GrpcCode.PermissionDenied, 'permission denied');

export const applicationNotFound = (name: string) =>
  new ArgoStatusError(
    GrpcCode.NotFound,
    `applications.argoproj.io "${name}" not found`,
  );

export function sendArgoError(res: Response, error: ArgoStatusError): void {
  const body: runtimeError = {
    error: error.message,
    code: error.code,
    message: error.message,
  };
  res.status(HTTP_STATUS[error.code]).json(body);
}

/** Runs a handler and answers Argo CD-shaped errors the way Argo CD does. */
export function handle(
  fn: (req: Request, res: Response) => void | Promise<void>,
): RequestHandler {
  return async (req, res) => {
    try {
      await fn(req, res);
    } catch (error) {
      sendArgoError(
        res,
        error instanceof ArgoStatusError
          ? error
          : new ArgoStatusError(
              GrpcCode.Internal,
              String((error as Error)?.message ?? error),
            ),
      );
    }
  };
}
