package io.meshfed.hub.broker;

/**
 * A third hub lifetime on the shared broker, for tests that write requests of their own. Its name
 * sorts after {@link SecondLifeProfile}, so it never runs between the two lifetimes that compare
 * what the log holds.
 */
public class ThirdLifeProfile extends FirstLifeProfile {}
