// OpenTelemetry tracing, exported over OTLP/HTTP to the cluster's Jaeger
// collector. Spans are created by hand for each request (see app.ts) rather
// than by auto-instrumentation: that needs loader hooks registered before any
// import, and hides what is traced. Add instrumentations (pg, ioredis, aws-sdk)
// here when the service starts using those clients.
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  tracer: Tracer;
  /** Sends what is buffered; called on shutdown and by tests. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  environment: string;
  otlpTracesUrl?: string;
  /** Replaces the OTLP exporter, for tests. */
  spanProcessors?: SpanProcessor[];
}

export function startTracing(options: TracingOptions): Tracing {
  const spanProcessors =
    options.spanProcessors ??
    (options.otlpTracesUrl
      ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.otlpTracesUrl }) })]
      : []);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      // The semantic-conventions key for the environment (still "incubating" there).
      'deployment.environment.name': options.environment,
    }),
    spanProcessors,
  });
  // Registering globally lets any library that uses @opentelemetry/api join our traces.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  return {
    tracer: provider.getTracer(options.serviceName),
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
