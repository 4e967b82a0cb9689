import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { QueryError } from './queryProtocol';

/** The one key pair the simulator accepts. */
export interface SandboxCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What a request was signed for. */
export interface SignedScope {
  accessKeyId: string;
  region: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AUTHORIZATION = new RegExp(
  `^${ALGORITHM} Credential=([^/,\\s]+)/(\\d{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,\\s*SignedHeaders=([a-z0-9;-]+),\\s*Signature=([0-9a-f]{64})$`,
);
/** AWS refuses requests signed more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const sha256 = (data: string | Buffer) =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) =>
  createHmac('sha256', key).update(data).digest();

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m
    ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
    : undefined;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(query: string): string {
  if (!query) {
    return '';
  }
  return (
    [...new URLSearchParams(query)]
      .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)])
      // By name, then by value, comparing code points as AWS does.
      .sort(([ak, av], [bk, bv]) => {
        if (ak !== bk) {
          return ak < bk ? -1 : 1;
        }
        return av < bv ? -1 : 1;
      })
      .map(([k, v]) => `${k}=${v}`)
      .join('&')
  );
}

/**
 * Verifies an AWS Signature Version 4 `Authorization` header the way AWS
 * does: the credential scope, the access key, the clock skew, and the
 * signature itself recomputed from the canonical request with the secret
 * key. Throws the query-protocol error AWS answers with.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export function verifySigV4(
  request: {
    method: string;
    /** Path and query as the client sent them (before any mount prefix was stripped). */
    url: string;
    headers: IncomingHttpHeaders;
    body: Buffer;
  },
  credentials: SandboxCredentials,
  service: string,
  now: Date = new Date(),
): SignedScope {
  const header = request.headers.authorization;
  if (!header) {
    throw new QueryError(
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
      403,
    );
  }
  const m = AUTHORIZATION.exec(header);
  if (!m) {
    throw new QueryError(
      'IncompleteSignature',
      `Authorization header requires '${ALGORITHM} Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=<headers>, Signature=<hex>'.`,
      400,
    );
  }
  const [, accessKeyId, date, region, scopeService, signedHeaders, signature] =
    m;
  if (accessKeyId !== credentials.accessKeyId) {
    throw new QueryError(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    );
  }
  if (scopeService !== service) {
    throw new QueryError(
      'SignatureDoesNotMatch',
      `Credential should be scoped to correct service: '${service}'.`,
      403,
    );
  }
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt || !amzDate.startsWith(date)) {
    throw new QueryError(
      'IncompleteSignature',
      'The request must carry an X-Amz-Date header matching the credential scope date.',
      400,
    );
  }
  if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) {
    throw new QueryError(
      'SignatureDoesNotMatch',
      `Signature expired: ${amzDate} is now earlier or later than 15 minutes from the server's time.`,
      403,
    );
  }
  const headerNames = signedHeaders.split(';');
  if (!headerNames.includes('host')) {
    throw new QueryError(
      'IncompleteSignature',
      "'Host' must be a signed header.",
      400,
    );
  }

  const [path, query = ''] = request.url.split('?');
  const canonicalHeaders = headerNames
    .map(name => {
      const raw = request.headers[name];
      const value = Array.isArray(raw) ? raw.join(',') : String(raw ?? '');
      return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payloadHash =
    (request.headers['x-amz-content-sha256'] as string | undefined) ??
    sha256(request.body);
  const canonicalRequest = [
    request.method,
    path.split('/').map(encodeRfc3986).join('/') || '/',
    canonicalQuery(query),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    ALGORITHM,
    amzDate,
    scope,
    sha256(canonicalRequest),
  ].join('\n');
  const signingKey = hmac(
    hmac(
      hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region),
      service,
    ),
    'aws4_request',
  );
  const expected = createHmac('sha256', signingKey)
    .update(stringToSign)
    .digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw new QueryError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    );
  }
  return { accessKeyId, region };
}
