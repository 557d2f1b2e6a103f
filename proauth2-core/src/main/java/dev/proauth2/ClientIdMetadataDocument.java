package dev.proauth2;

import java.util.List;
import java.util.Objects;

/**
 * A client described by a Client ID Metadata Document
 * (draft-ietf-oauth-client-id-metadata-document): the client's id is the https URL of the document,
 * and what it says about itself is what the document says, checked. A host's document predicate
 * sees it before the client may be used.
 *
 * @param clientId the document's URL, which is the client's id
 * @param clientName the name to show on the consent page
 * @param redirectUris the redirect URIs the document lists, each checked as for registration
 * @param tokenEndpointAuthMethod {@code none} or {@code private_key_jwt}
 * @param jwksUri the key set's URL for {@code private_key_jwt}, else {@code null}
 * @param scope the scope the document asks for, or {@code null}
 * @param clientUri the client's home page, or {@code null}; shown only as text
 * @param applicationType {@code web} or {@code native}; {@code web} when the document says none
 */
public record ClientIdMetadataDocument(
    String clientId,
    String clientName,
    List<String> redirectUris,
    String tokenEndpointAuthMethod,
    String jwksUri,
    String scope,
    String clientUri,
    ApplicationType applicationType) {

  /** Copies the list and requires the parts every document has. */
  public ClientIdMetadataDocument {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientName, "clientName");
    redirectUris = List.copyOf(redirectUris);
    Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
    Objects.requireNonNull(applicationType, "applicationType");
  }
}
