/*
 * The Jaeger v3 Query API over HTTP (jaeger-idl api_v3 OpenAPI, and
 * jaeger's apiv3/http_gateway.go for what the gateway really sends): OTLP
 * JSON traces in a `result` wrapper, hex ids, int64 values as decimal
 * strings. The sandbox's Jaeger simulator answers with these same types.
 */

/** OTLP AnyValue: exactly one field is set. int64 travels as a string. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** OTLP span kinds (the gateway sends the numbers). */
export const SPAN_KIND = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

/** OTLP status codes; ERROR marks a failed span. */
export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface OtlpStatus {
  /** A number from the gateway; proto JSON may also spell it `STATUS_CODE_ERROR`. */
  code?: number | string;
  message?: string;
}

export interface OtlpSpanEvent {
  timeUnixNano?: string;
  name?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpSpanLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpSpan {
  /** 32 hex digits from Jaeger's gateway (base64 elsewhere in OTLP land). */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  /** Absent on root spans. */
  parentSpanId?: string;
  traceState?: string;
  flags?: number;
  name: string;
  /** See {@link SPAN_KIND}. */
  kind?: number;
  /** Nanoseconds since the epoch, as a decimal string. */
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpSpanEvent[];
  droppedEventsCount?: number;
  links?: OtlpSpanLink[];
  droppedLinksCount?: number;
  status?: OtlpStatus;
}

export interface OtlpInstrumentationScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpScopeSpans {
  scope?: OtlpInstrumentationScope;
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

export interface OtlpResourceSpans {
  /** `service.name` is among its attributes. */
  resource?: { attributes?: OtlpKeyValue[]; droppedAttributesCount?: number };
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** OTLP TracesData: the spans of one or more traces. */
export interface OtlpTracesData {
  resourceSpans?: OtlpResourceSpans[];
}

/**
 * `GET /api/v3/traces` and `GET /api/v3/traces/{id}`: the gateway wraps
 * TracesData in `result`, like a grpc-gateway stream chunk.
 */
export interface JaegerTracesResponse {
  result: OtlpTracesData;
}

/** `GET /api/v3/services`. */
export interface JaegerServicesResponse {
  services: string[];
}

export interface JaegerOperation {
  name: string;
  /** `server`, `client`, `producer`, `consumer` or `internal`. */
  spanKind: string;
}

/** `GET /api/v3/operations`. */
export interface JaegerOperationsResponse {
  operations: JaegerOperation[];
}

/** Every gateway error, including the 404 of a search that found nothing. */
export interface JaegerErrorBody {
  error: { httpCode: number; message: string };
}
