package io.meshfed.agent.member;

/** The configuration does not say which clusters to serve, or names one that cannot be served. */
public final class InvalidServedClustersException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidServedClustersException(String message) {
    super(message);
  }
}
