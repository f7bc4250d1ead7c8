package io.meshfed.events.model;

/** A pod toleration for the east-west gateway (the seeds' infra-node patch). */
public record Toleration(String key, String operator, String value, String effect) {}
