/*
 * The Prometheus HTTP API (prometheus.io/docs/prometheus/latest/querying/api):
 * one envelope for every answer, samples as [unix seconds, "value"]. The
 * sandbox's Prometheus simulator answers with these same types.
 */

export type PrometheusLabels = Record<string, string>;

/** [unix time in seconds, value as a string: "0.05", "NaN", "+Inf"]. */
export type PrometheusSamplePair = [number, string];

export interface PrometheusVectorSample {
  metric: PrometheusLabels;
  value: PrometheusSamplePair;
}

export interface PrometheusMatrixSeries {
  metric: PrometheusLabels;
  values: PrometheusSamplePair[];
}

export interface PrometheusVectorData {
  resultType: 'vector';
  result: PrometheusVectorSample[];
}

export interface PrometheusMatrixData {
  resultType: 'matrix';
  result: PrometheusMatrixSeries[];
}

export interface PrometheusScalarData {
  resultType: 'scalar' | 'string';
  result: PrometheusSamplePair;
}

/** `data` of a query: an instant query gives a vector (or scalar), a range query a matrix. */
export type PrometheusQueryData =
  | PrometheusVectorData
  | PrometheusMatrixData
  | PrometheusScalarData;

export type PrometheusErrorType =
  | 'timeout'
  | 'canceled'
  | 'execution'
  | 'bad_data'
  | 'internal'
  | 'unavailable'
  | 'not_found'
  | 'not_acceptable';

/** The envelope of every answer; `errorType` and `error` only when status is `error`. */
export interface PrometheusResponse<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: PrometheusErrorType;
  error?: string;
  warnings?: string[];
  infos?: string[];
}
