{{/* Selector labels: stable for the life of the release (selectors are immutable). */}}
{{- define "svc.selectorLabels" -}}
app.kubernetes.io/name: {{ .Values.name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels on every object. backstage.io/kubernetes-id is how the portal's
Kubernetes plugin finds them; environment matches the Argo CD Application.
*/}}
{{- define "svc.labels" -}}
{{ include "svc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default "unreleased" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.partOf }}
app.kubernetes.io/part-of: {{ . }}
{{- end }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
backstage.io/kubernetes-id: {{ .Values.name }}
environment: {{ .Values.environment | quote }}
{{- end }}

{{/* "true" when a chosen tier is reached through AWS APIs with the pod's IAM role. */}}
{{- define "svc.needsAws" -}}
{{- if or (ne .Values.tiers.database "none") (ne .Values.tiers.cache "none") (ne .Values.tiers.queue "none") -}}
true
{{- end -}}
{{- end }}

{{/* The image reference; rendering fails with a clear message until CI has set a tag. */}}
{{- define "svc.image" -}}
{{- $tag := required (printf "image.tag is empty: CI sets it in values-%s.yaml after the first build (promote for staging and prod)" .Values.environment) .Values.image.tag -}}
{{ printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
