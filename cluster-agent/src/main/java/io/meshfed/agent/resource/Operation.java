package io.meshfed.agent.resource;

import java.util.Locale;

/** What the applier did to one object. */
public enum Operation {
  CREATED,
  PATCHED,
  UNCHANGED,
  DELETED;

  /** Whether the API server was written to. */
  public boolean wrote() {
    return this != UNCHANGED;
  }

  /** The value of the {@code operation} metric tag. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
