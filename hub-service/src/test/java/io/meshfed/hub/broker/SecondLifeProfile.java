package io.meshfed.hub.broker;

/** The hub's second lifetime on the same broker: a distinct profile, so Quarkus restarts. */
public class SecondLifeProfile extends FirstLifeProfile {}
