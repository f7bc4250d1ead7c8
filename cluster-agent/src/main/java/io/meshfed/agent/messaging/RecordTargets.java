package io.meshfed.agent.messaging;

import java.util.Collection;
import java.util.Optional;

/** The clusters this agent process serves, looked up by the key of a record. */
public interface RecordTargets {

  /** The served cluster of that name, if this process serves it. */
  Optional<RecordTarget> forCluster(String cluster);

  /** Every served cluster. */
  Collection<RecordTarget> all();
}
