{{/* Name of the release's objects. */}}
{{- define "meshfed-hub.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the hub's pod. */}}
{{- define "meshfed-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object of the release. */}}
{{- define "meshfed-hub.labels" -}}
{{ include "meshfed-hub.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: hub
app.kubernetes.io/part-of: meshfed
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The image reference. */}}
{{- define "meshfed-hub.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- with .Values.image.digest -}}@{{ . }}{{- end -}}
{{- end -}}

{{/* Where the hub reads the token verification key: the configured location, else the mounted Secret. */}}
{{- define "meshfed-hub.jwtKeyLocation" -}}
{{- if .Values.jwt.publicKeyLocation -}}
{{- .Values.jwt.publicKeyLocation -}}
{{- else -}}
{{- printf "/etc/meshfed/jwt/%s" .Values.jwt.publicKeySecretKey -}}
{{- end -}}
{{- end -}}

{{/* Fails the rendering, naming the value, on settings that cannot work together. */}}
{{- define "meshfed-hub.validate" -}}
{{- include "meshfed.kafka.validate" . -}}
{{- if not (has (int .Values.hub.replicas) (list 0 1)) -}}
{{- fail (printf "hub.replicas must be 1 (or 0 to stop it), was %v: the hub is the single writer of desired and mesh records" .Values.hub.replicas) -}}
{{- end -}}
{{- $_ := required "jwt.publicKeyLocation (a JWKS URL or file) or jwt.publicKeySecret is required: the REST API accepts only bearer tokens it can verify" (or .Values.jwt.publicKeyLocation .Values.jwt.publicKeySecret) -}}
{{- $_ := required "jwt.issuer is required: the issuer (iss) the REST API's bearer tokens carry" .Values.jwt.issuer -}}
{{- range .Values.ca.imports -}}
{{- if not (and .meshId .secretName) -}}
{{- fail (printf "ca.imports: every entry needs meshId and secretName, got %v" .) -}}
{{- end -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" .meshId) -}}
{{- fail (printf "ca.imports: meshId %q is not a DNS-1123 label" .meshId) -}}
{{- end -}}
{{- end -}}
{{- if and .Values.serviceMonitor.enabled .Values.podMonitor.enabled -}}
{{- fail "serviceMonitor.enabled and podMonitor.enabled are both true: choose one, or every sample is scraped twice" -}}
{{- end -}}
{{- end -}}
