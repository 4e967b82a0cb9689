export interface Config {
  /** The activity log (`@internal/plugin-activity-backend`). */
  activity?: {
    /**
     * The plugin ids whose audit events are stored (succeeded, failed and
     * denied), e.g. `[deployments, provisioning]` (the default). Every audit
     * event of these plugins is kept, whatever its event id.
     */
    plugins?: string[];
    retention?: {
      /**
       * How long events are kept, in days (default 365). An hourly task
       * deletes older ones.
       */
      days?: number;
    };
  };
}
