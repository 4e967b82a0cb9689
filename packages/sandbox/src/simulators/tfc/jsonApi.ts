import type {
  ErrorObject,
  ErrorsDocument,
  ListDocument,
} from '@internal/api-tfc';
import { Request, Response } from 'express';

export const JSON_API = 'application/vnd.api+json';

/** Answers with a JSON:API document. */
export function sendDocument(res: Response, status: number, doc: unknown) {
  res.status(status).type(JSON_API).send(JSON.stringify(doc));
}

/** Answers with a JSON:API error document. */
export function sendErrors(
  res: Response,
  status: number,
  errors: Omit<ErrorObject, 'status'>[],
) {
  const doc: ErrorsDocument = {
    errors: errors.map(error => ({ status: String(status), ...error })),
  };
  sendDocument(res, status, doc);
}

/**
 * Terraform Cloud's 404, for things that do not exist and for things the
 * token may not see alike.
 */
export function sendNotFound(res: Response) {
  sendErrors(res, 404, [{ title: 'not found' }]);
}

/** A 422 for one attribute, as Terraform Cloud words validation errors. */
export function sendInvalidAttribute(
  res: Response,
  pointer: string,
  detail: string,
) {
  sendErrors(res, 422, [
    { title: 'invalid attribute', detail, source: { pointer } },
  ]);
}

/** A 409 for an action the resource's state does not allow. */
export function sendTransitionNotAllowed(res: Response, detail: string) {
  sendErrors(res, 409, [{ title: 'transition not allowed', detail }]);
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/**
 * One page of `items` by `page[number]` and `page[size]` (20 by default, at
 * most 100), with `meta.pagination` and absolute `links` like Terraform
 * Cloud's. `listUrl` is the list's absolute URL without query string.
 */
export function paginate<T>(
  items: T[],
  req: Request,
  listUrl: string,
): ListDocument<T> {
  const page = (req.query.page ?? {}) as Record<string, unknown>;
  const size = Math.min(
    positiveInt(page.size) ?? DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
  );
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const current = positiveInt(page.number) ?? 1;
  // Other query parameters (filters) stay in the links.
  const rest = Object.entries(req.query).filter(([key]) => key !== 'page');
  const link = (n: number) => {
    const search = new URLSearchParams();
    search.set('page[number]', String(n));
    search.set('page[size]', String(size));
    for (const [key, value] of rest) {
      if (typeof value === 'string') {
        search.set(key, value);
      } else if (value && typeof value === 'object') {
        for (const [sub, subValue] of Object.entries(value)) {
          search.set(`${key}[${sub}]`, String(subValue));
        }
      }
    }
    return `${listUrl}?${search}`;
  };
  const prev = current > 1 ? Math.min(current - 1, totalPages) : null;
  const next = current < totalPages ? current + 1 : null;
  return {
    data: items.slice((current - 1) * size, current * size),
    links: {
      self: link(current),
      first: link(1),
      prev: prev === null ? null : link(prev),
      next: next === null ? null : link(next),
      last: link(totalPages),
    },
    meta: {
      pagination: {
        'current-page': current,
        'page-size': size,
        'prev-page': prev,
        'next-page': next,
        'total-pages': totalPages,
        'total-count': items.length,
      },
    },
  };
}
