{{/*
Kafka connection settings shared by the meshfed charts. This file is identical in every meshfed chart
(a test keeps it so). The services read Kafka client settings from KAFKA_* environment variables:
KAFKA_SECURITY_PROTOCOL becomes the client property security.protocol, and so on. Credentials come only
from existing Secrets; nothing secret is a chart value.
*/}}

{{/* The security protocol: the explicit value, or derived from TLS and SASL settings. */}}
{{- define "meshfed.kafka.securityProtocol" -}}
{{- $k := .Values.kafka -}}
{{- if $k.securityProtocol -}}
{{- $k.securityProtocol -}}
{{- else -}}
{{- $tls := or $k.tls.truststoreSecret $k.mtls.keystoreSecret -}}
{{- if $k.sasl.secretName -}}
{{- ternary "SASL_SSL" "SASL_PLAINTEXT" (not (empty $tls)) -}}
{{- else -}}
{{- ternary "SSL" "PLAINTEXT" (not (empty $tls)) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Fails the rendering, naming the value, when the Kafka settings are missing or contradict each other. */}}
{{- define "meshfed.kafka.validate" -}}
{{- $k := .Values.kafka -}}
{{- $_ := required "kafka.bootstrapServers is required: the Kafka bootstrap servers, host:port[,host:port...]" $k.bootstrapServers -}}
{{- if and $k.sasl.secretName $k.mtls.keystoreSecret -}}
{{- fail "kafka.sasl.secretName and kafka.mtls.keystoreSecret are both set: authenticate with SASL or with a client certificate, not both" -}}
{{- end -}}
{{- if $k.sasl.secretName -}}
{{- if not (has $k.sasl.mechanism (list "SCRAM-SHA-512" "SCRAM-SHA-256" "PLAIN")) -}}
{{- fail (printf "kafka.sasl.mechanism must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, was %q" $k.sasl.mechanism) -}}
{{- end -}}
{{- if and (not $k.sasl.usernameKey) (not $k.sasl.username) -}}
{{- fail "kafka.sasl.username (or kafka.sasl.usernameKey) is required when kafka.sasl.secretName is set" -}}
{{- end -}}
{{- end -}}
{{- $protocol := include "meshfed.kafka.securityProtocol" . -}}
{{- if not (has $protocol (list "PLAINTEXT" "SSL" "SASL_PLAINTEXT" "SASL_SSL")) -}}
{{- fail (printf "kafka.securityProtocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, was %q" $protocol) -}}
{{- end -}}
{{- if and (has $protocol (list "PLAINTEXT" "SASL_PLAINTEXT")) (not $k.insecurePlaintext) -}}
{{- fail (printf "the Kafka connection would be %s, without TLS: set kafka.tls.truststoreSecret (or kafka.securityProtocol=SSL to trust the JVM's CAs), or kafka.insecurePlaintext=true for a test broker" $protocol) -}}
{{- end -}}
{{- end -}}

{{/* Environment variables of the Kafka client. */}}
{{- define "meshfed.kafka.env" -}}
{{- $k := .Values.kafka -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $k.bootstrapServers | quote }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ include "meshfed.kafka.securityProtocol" . | quote }}
{{- if $k.tls.truststoreSecret }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/meshfed/kafka/truststore/{{ $k.tls.truststoreKey }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: {{ $k.tls.truststoreType | quote }}
{{- if $k.tls.truststorePasswordKey }}
- name: KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.truststoreSecret }}
      key: {{ $k.tls.truststorePasswordKey }}
{{- end }}
{{- end }}
{{- if $k.mtls.keystoreSecret }}
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: /etc/meshfed/kafka/keystore/{{ $k.mtls.keystoreKey }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: {{ $k.mtls.keystoreType | quote }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.mtls.keystoreSecret }}
      key: {{ $k.mtls.keystorePasswordKey }}
{{- end }}
{{- if $k.sasl.secretName }}
{{- /* Not KAFKA_*: every KAFKA_* variable becomes a client property. */}}
{{- if $k.sasl.usernameKey }}
- name: MESHFED_KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.secretName }}
      key: {{ $k.sasl.usernameKey }}
{{- else }}
- name: MESHFED_KAFKA_SASL_USERNAME
  value: {{ $k.sasl.username | quote }}
{{- end }}
- name: MESHFED_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.sasl.secretName }}
      key: {{ $k.sasl.passwordKey }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(MESHFED_KAFKA_SASL_USERNAME)\" password=\"$(MESHFED_KAFKA_SASL_PASSWORD)\";" (ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $k.sasl.mechanism "PLAIN")) | quote }}
{{- end }}
{{- end -}}

{{/* Volumes with the trust store and key store, mounted read-only. */}}
{{- define "meshfed.kafka.volumes" -}}
{{- $k := .Values.kafka -}}
{{- if $k.tls.truststoreSecret }}
- name: kafka-truststore
  secret:
    secretName: {{ $k.tls.truststoreSecret }}
    items:
      - key: {{ $k.tls.truststoreKey }}
        path: {{ $k.tls.truststoreKey }}
{{- end }}
{{- if $k.mtls.keystoreSecret }}
- name: kafka-keystore
  secret:
    secretName: {{ $k.mtls.keystoreSecret }}
    items:
      - key: {{ $k.mtls.keystoreKey }}
        path: {{ $k.mtls.keystoreKey }}
{{- end }}
{{- end -}}

{{- define "meshfed.kafka.volumeMounts" -}}
{{- $k := .Values.kafka -}}
{{- if $k.tls.truststoreSecret }}
- name: kafka-truststore
  mountPath: /etc/meshfed/kafka/truststore
  readOnly: true
{{- end }}
{{- if $k.mtls.keystoreSecret }}
- name: kafka-keystore
  mountPath: /etc/meshfed/kafka/keystore
  readOnly: true
{{- end }}
{{- end -}}
