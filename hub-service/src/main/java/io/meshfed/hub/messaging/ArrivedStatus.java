package io.meshfed.hub.messaging;

import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.hub.intake.CsrTriage;
import io.meshfed.hub.intake.StatusSignatures;
import io.meshfed.hub.registry.Member;
import io.meshfed.hub.registry.MeshRegistry;
import io.meshfed.hub.registry.MeshSettings;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.IssuedIntermediate;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A well-formed status record, read off the topic, with the signature check made against a member's
 * key (null until checked) and its intermediate CA request decided (null until decided).
 */
record ArrivedStatus(
    ConsumerRecord<String, byte[]> record,
    ClusterStatus status,
    ArrivedStatus.Checked checked,
    ArrivedStatus.Csr csr) {

  ArrivedStatus(ConsumerRecord<String, byte[]> record, ClusterStatus status) {
    this(record, status, null, null);
  }

  ArrivedStatus withCsr(Csr decided) {
    return new ArrivedStatus(record, status, checked, decided);
  }

  ArrivedStatus checkedAgainst(MeshRegistry registry, boolean requireRegisteredKey) {
    Optional<Member> member = registry.member(status.meshId(), status.clusterName());
    Optional<MeshSettings> mesh = registry.mesh(status.meshId());
    if (member.isEmpty() || mesh.isEmpty()) {
      return this;
    }
    return new ArrivedStatus(
        record,
        status,
        Checked.of(member.get(), mesh.get(), record, status, requireRegisteredKey),
        null);
  }

  /** The verdict for the member as it is now: the earlier check if it still holds. */
  StatusSignatures.Verdict verdict(Member member, MeshSettings mesh, boolean requireRegisteredKey) {
    if (checked != null && checked.holdsFor(member, mesh)) {
      return checked.verdict();
    }
    return Checked.of(member, mesh, record, status, requireRegisteredKey).verdict();
  }

  /**
   * What becomes of a report's intermediate CA request, decided (and signed, if due) against the
   * member's intermediate certificate at the time.
   *
   * @param basedOn the member's intermediate certificate the decision was made against, or null
   * @param action what the triage decided
   * @param issued the signed intermediate, if signed
   * @param refused why the signer refused the request, if it did
   * @param failed why the CA store failed, if it did
   */
  record Csr(
      String basedOn,
      CsrTriage.Action action,
      IssuedIntermediate issued,
      MaterialRejectedException refused,
      IllegalStateException failed) {}

  /** A signature verdict and what it depended on. */
  record Checked(
      StatusSignatures.Verdict verdict, String signingPublicKey, boolean pinsAtFirstContact) {

    static Checked of(
        Member member,
        MeshSettings mesh,
        ConsumerRecord<String, byte[]> record,
        ClusterStatus status,
        boolean requireRegisteredKey) {
      StatusSignatures.Verdict verdict =
          StatusSignatures.check(
              member,
              mesh,
              record.key(),
              record.value(),
              KafkaEvents.header(record.headers(), CloudEventHeaders.SIGNATURE),
              KafkaEvents.header(record.headers(), CloudEventHeaders.KEY_ID),
              status,
              requireRegisteredKey);
      return new Checked(
          verdict, member.trust().signingPublicKey(), mesh.pinSigningKeysAtFirstContact());
    }

    boolean holdsFor(Member member, MeshSettings mesh) {
      return Objects.equals(signingPublicKey, member.trust().signingPublicKey())
          && pinsAtFirstContact == mesh.pinSigningKeysAtFirstContact();
    }
  }
}
