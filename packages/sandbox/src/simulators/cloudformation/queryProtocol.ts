import { randomUUID } from 'node:crypto';
import { Response } from 'express';

/**
 * The AWS query protocol as CloudFormation speaks it: requests are
 * form-encoded `Action=...&Version=2010-05-15&...` with lists flattened to
 * `Name.member.N[.Field]`; responses are XML `<{Action}Response>` documents
 * holding `<{Action}Result>` and `<ResponseMetadata>`, errors an
 * `<ErrorResponse>`.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/Welcome.html
 */

export const API_VERSION = '2010-05-15';
export const XML_NAMESPACE =
  'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** The decoded form fields of one request. */
export class QueryParams {
  private readonly fields: Map<string, string>;

  constructor(body: string) {
    this.fields = new Map(new URLSearchParams(body));
  }

  get(name: string): string | undefined {
    const value = this.fields.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  /**
   * A list of scalars, `Name.member.1`, `Name.member.2`, ... (an empty
   * `Name=` is the SDK's way of sending an empty list).
   */
  list(name: string): string[] {
    const values: string[] = [];
    for (let i = 1; this.fields.has(`${name}.member.${i}`); i++) {
      values.push(this.fields.get(`${name}.member.${i}`)!);
    }
    return values;
  }

  /** A list of structures, `Name.member.N.Field`. */
  structList(name: string): Record<string, string>[] {
    const members = new Map<number, Record<string, string>>();
    const prefix = `${name}.member.`;
    for (const [key, value] of this.fields) {
      if (!key.startsWith(prefix)) {
        continue;
      }
      const [index, ...field] = key.slice(prefix.length).split('.');
      const n = Number(index);
      if (!Number.isInteger(n) || field.length === 0) {
        continue;
      }
      const member = members.get(n) ?? {};
      member[field.join('.')] = value;
      members.set(n, member);
    }
    return [...members.entries()].sort(([a], [b]) => a - b).map(([, m]) => m);
  }
}

/** A query-protocol error: code, HTTP status and whose fault it is. */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

/** `ValidationError`, the code CloudFormation uses for most bad requests. */
export function validationError(message: string): QueryError {
  return new QueryError('ValidationError', message);
}

type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | XmlValue[]
  | { [key: string]: XmlValue };

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * Renders a value under an element: structures by member name, lists as
 * `<member>` items (how the query protocol serializes them), timestamps in
 * ISO 8601, absent values as nothing at all.
 */
export function toXml(name: string, value: XmlValue): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Array.isArray(value)) {
    return `<${name}>${value.map(v => toXml('member', v)).join('')}</${name}>`;
  }
  if (value instanceof Date) {
    return `<${name}>${value.toISOString()}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([key, v]) => toXml(key, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Sends `<{action}Response><{action}Result>...` with a request id. */
export function sendResult(
  res: Response,
  action: string,
  result: Record<string, unknown> | undefined,
): void {
  const requestId = randomUUID();
  const resultXml = result ? toXml(`${action}Result`, result as XmlValue) : '';
  const metadata = toXml('ResponseMetadata', { RequestId: requestId });
  const body = `<${action}Response xmlns="${XML_NAMESPACE}">${resultXml}${metadata}</${action}Response>`;
  res
    .status(200)
    .set('x-amzn-RequestId', requestId)
    .type('text/xml')
    .send(body);
}

/** Sends an `<ErrorResponse>` as CloudFormation does. */
export function sendError(res: Response, error: QueryError): void {
  const requestId = randomUUID();
  const detail = toXml('Error', {
    Type: error.type,
    Code: error.code,
    Message: error.message,
  });
  const body = `<ErrorResponse xmlns="${XML_NAMESPACE}">${detail}${toXml(
    'RequestId',
    requestId,
  )}</ErrorResponse>`;
  res
    .status(error.status)
    .set('x-amzn-RequestId', requestId)
    .type('text/xml')
    .send(body);
}
