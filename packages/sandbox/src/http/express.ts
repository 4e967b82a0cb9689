import type express from 'express';
import type { z } from 'zod';

/**
 * An express error handler that answers in a simulator's own error format
 * (a malformed JSON body included), instead of express's HTML page. Once an
 * answer has started, express's default handler takes over.
 */
export function answerErrors(
  answer: (error: any, res: express.Response) => void,
): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    answer(error, res);
  };
}

/**
 * The status an error from express or its body parser carries, if it is an
 * HTTP error status; else 500.
 */
export function errorStatus(error: any): number {
  const status = Number(error?.status ?? error?.statusCode) || 500;
  return status >= 400 && status < 600 ? status : 500;
}

/**
 * The body checked against `schema`, or undefined once it has answered 400
 * with what is wrong (`{ error: 'path: message; ...' }`).
 */
export function parseBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  res: express.Response,
): T | undefined {
  const result = schema.safeParse(body);
  if (!result.success) {
    res.status(400).json({
      error: result.error.issues
        .map(i => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; '),
    });
    return undefined;
  }
  return result.data;
}
