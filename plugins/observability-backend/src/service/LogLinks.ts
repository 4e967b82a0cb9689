import { LogsConfig } from '../config';

/**
 * Links into the log stack's Discover (Kibana or OpenSearch Dashboards) with
 * the service, environment or trace id and the time window filled in, from
 * the configured URL template.
 */
export class LogLinks {
  constructor(private readonly config: LogsConfig | undefined) {}

  get configured(): boolean {
    return !!this.config;
  }

  forEnvironment(
    service: string,
    environment: string,
    window: { start: Date; end: Date },
  ): string | undefined {
    if (!this.config) {
      return undefined;
    }
    const { serviceField, environmentField } = this.config;
    return this.fill(
      `${serviceField}:${kqlString(
        service,
      )} and ${environmentField}:${kqlString(environment)}`,
      { service, environment, ...window },
    );
  }

  forTrace(
    traceId: string,
    service: string,
    window: { start: Date; end: Date },
  ): string | undefined {
    if (!this.config) {
      return undefined;
    }
    return this.fill(`${this.config.traceIdField}:${kqlString(traceId)}`, {
      service,
      environment: '',
      ...window,
    });
  }

  private fill(
    query: string,
    values: { service: string; environment: string; start: Date; end: Date },
  ): string {
    const replacements: Record<string, string> = {
      service: encodeURIComponent(values.service),
      environment: encodeURIComponent(values.environment),
      from: values.start.toISOString(),
      to: values.end.toISOString(),
      query: risonSafe(query),
    };
    return this.config!.discoverUrl.replace(
      /\{(service|environment|from|to|query)\}/g,
      (_, name: string) => replacements[name],
    );
  }
}

/** A KQL string literal. */
function kqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Discover's state is Rison inside the URL fragment: quotes in a Rison
 * string are escaped with `!`, and the rest is URL-encoded.
 */
function risonSafe(query: string): string {
  return encodeURIComponent(query.replace(/!/g, '!!').replace(/'/g, "!'"));
}
