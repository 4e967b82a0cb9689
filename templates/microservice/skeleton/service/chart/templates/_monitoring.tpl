{{- /*
The service level indicators as PromQL, written exactly as the portal's
observability backend asks Prometheus for them (@internal/plugin-observability-node,
sliQueries.ts): the OpenTelemetry histogram http_server_request_duration_seconds
with the service and environment labels the scrape config sets, over 5m.
The dashboard and the alert rules use them, so Grafana, the portal and the
alerts show one number.
*/}}
{{- define "svc.sli.matchers" -}}
service="{{ .Values.name }}",environment="{{ .Values.environment }}"
{{- end }}

{{- define "svc.sli.requestRate" -}}
sum(rate(http_server_request_duration_seconds_count{ {{- include "svc.sli.matchers" . -}} }[5m]))
{{- end }}

{{- /* Share of 5xx responses; with by = "rollouts_pod_template_hash" one series per revision. */}}
{{- define "svc.sli.errorRatio" -}}
{{- $sum := ternary (printf "sum by (%s) " .by) "sum" (not (empty .by)) -}}
{{- $m := include "svc.sli.matchers" .root -}}
{{ $sum }}(rate(http_server_request_duration_seconds_count{ {{- $m -}} ,http_response_status_code=~"5.."}[5m])) / {{ $sum }}(rate(http_server_request_duration_seconds_count{ {{- $m -}} }[5m]))
{{- end }}

{{- /* The latency (seconds) below which .quantile of the requests finish. */}}
{{- define "svc.sli.latency" -}}
histogram_quantile({{ .quantile }}, sum by (le) (rate(http_server_request_duration_seconds_bucket{ {{- include "svc.sli.matchers" .root -}} }[5m])))
{{- end }}

{{- /* Labels of the dashboard and the rules, besides svc.labels: who they are about. */}}
{{- define "svc.monitoring.severity" -}}
{{ ternary "critical" "warning" (eq .Values.environment "prod") }}
{{- end }}

{{- /*
Grafana's folder: the system's name as a title (payments -> Payments), which
the dashboard sidecar reads from the grafana_folder annotation.
*/}}
{{- define "svc.monitoring.folder" -}}
{{ .Values.partOf | default "General" | replace "-" " " | title }}
{{- end }}

{{- /*
The dashboard's uid: readable while it fits Grafana's 40 characters,
otherwise shortened with a hash so two long names cannot collide.
*/}}
{{- define "svc.dashboard.uid" -}}
{{- $uid := printf "%s-%s" .Values.name .Values.environment -}}
{{- if gt (len $uid) 40 -}}
{{- $uid = printf "%s-%s" ($uid | trunc 31 | trimSuffix "-") ($uid | sha256sum | trunc 8) -}}
{{- end -}}
{{ $uid }}
{{- end }}
