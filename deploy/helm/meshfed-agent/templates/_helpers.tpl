{{/* Name of the release's objects. */}}
{{- define "meshfed-agent.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select the agent's pod. */}}
{{- define "meshfed-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object of the release. */}}
{{- define "meshfed-agent.labels" -}}
{{ include "meshfed-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: cluster-agent
app.kubernetes.io/part-of: meshfed
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The cluster name, or a failure that names the value. */}}
{{- define "meshfed-agent.clusterName" -}}
{{- required "clusterName is required: the name of this cluster as the meshfed hub knows it" .Values.clusterName -}}
{{- end -}}

{{/* The image reference. */}}
{{- define "meshfed-agent.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- with .Values.image.digest -}}@{{ . }}{{- end -}}
{{- end -}}

{{/* Fails the rendering, naming the value, on settings that cannot work together. */}}
{{- define "meshfed-agent.validate" -}}
{{- $_ := include "meshfed-agent.clusterName" . -}}
{{- include "meshfed.kafka.validate" . -}}
{{- if and (empty .Values.hub.signingPublicKeys) (not .Values.hub.acceptUnsignedRecords) -}}
{{- fail "hub.signingPublicKeys is required: the hub's record-signing public key (GET /api/v1/hub/signing-key on the hub, or its log at start); set hub.acceptUnsignedRecords=true only for a hub that does not sign" -}}
{{- end -}}
{{- if and .Values.serviceMonitor.enabled .Values.podMonitor.enabled -}}
{{- fail "serviceMonitor.enabled and podMonitor.enabled are both true: choose one, or every sample is scraped twice" -}}
{{- end -}}
{{- end -}}

{{/* The Istio control plane namespace: the agent manages istio-system, a fixed name in its code. */}}
{{- define "meshfed-agent.istioNamespace" -}}
istio-system
{{- end -}}
