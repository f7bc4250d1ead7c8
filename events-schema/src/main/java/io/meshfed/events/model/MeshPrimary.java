package io.meshfed.events.model;

/**
 * What every member of a mesh needs to know of one of its primaries.
 *
 * @param discoveryAddress for a primary that serves remotes, the east-west address its remotes
 *     reach istiod at ({@code remotePilotAddress}); absent otherwise, or while it has none
 * @param recipientPublicKey the key members seal their credentials to for it (base64 Tink public
 *     keyset), from its verified status; absent until it reported one
 */
public record MeshPrimary(String discoveryAddress, String recipientPublicKey) {}
