package io.meshfed.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the hub routes of one member's credential, on the compacted {@code meshfed.credentials.v1}
 * (key: the sending cluster; a tombstone once it left): the credential it sealed for the primaries
 * that hold its remote secret, the API server URL those primaries must find in it, and which
 * credential each of them reports applied (the sender revokes an older token once all did). Its
 * size grows with the sender's recipients, never with the mesh's pairs.
 *
 * @param revision increased by every change of this record
 * @param apiServerUrl the sender's API server as its peers reach it (the join's override, else what
 *     its agent reported): the server a recipient accepts in the credential
 * @param credential the sender's sealed credential, absent until it shared one
 * @param appliedBy the id of the sender's credential each recipient reports applied, by recipient
 */
public record SharedCredential(
    @JsonProperty(required = true) String meshId,
    @JsonProperty(required = true) String sender,
    @JsonProperty(required = true) long revision,
    String apiServerUrl,
    CredentialEnvelope credential,
    SortedMap<String, String> appliedBy)
    implements MeshEvent {

  public SharedCredential {
    appliedBy =
        Collections.unmodifiableSortedMap(new TreeMap<>(appliedBy == null ? Map.of() : appliedBy));
  }
}
