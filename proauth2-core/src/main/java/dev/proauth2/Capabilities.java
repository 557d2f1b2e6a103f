package dev.proauth2;

import java.util.List;
import java.util.Set;

/**
 * What an engine offers, as its builder and its plugins made it: what the metadata document
 * advertises and what an adapter or a host's own endpoints need to know, in one value rather than a
 * getter each on the engine.
 *
 * @param clientAuthMethods the installed client authentication methods' names, {@code none} first
 * @param clientAuthSigningAlgorithms the JWS algorithms the methods accept on client assertions
 * @param codeChallengeMethods the PKCE methods accepted: {@code S256}, and {@code plain} when
 *     enabled
 * @param resources the resources (RFC 8707) the engine knows, given to {@link
 *     Proauth2.Builder#resource}
 * @param clientIdMetadataDocuments whether clients may identify themselves by the URL of a Client
 *     ID Metadata Document
 * @param extensionGrantTypes the installed extension grants' {@code grant_type} URIs, sorted
 * @param requirePushedAuthorizationRequests whether every client must push its authorization
 *     requests (RFC 9126 section 5)
 * @param dpopSigningAlgorithms the JWS algorithms accepted on DPoP proofs (RFC 9449); empty when
 *     the engine checks none
 */
public record Capabilities(
    List<String> clientAuthMethods,
    List<String> clientAuthSigningAlgorithms,
    List<CodeChallengeMethod> codeChallengeMethods,
    Set<String> resources,
    boolean clientIdMetadataDocuments,
    List<String> extensionGrantTypes,
    boolean requirePushedAuthorizationRequests,
    List<String> dpopSigningAlgorithms) {

  /** Copies every collection. */
  public Capabilities {
    extensionGrantTypes =
        extensionGrantTypes == null ? List.of() : List.copyOf(extensionGrantTypes);
    dpopSigningAlgorithms = List.copyOf(dpopSigningAlgorithms);
    clientAuthMethods = List.copyOf(clientAuthMethods);
    clientAuthSigningAlgorithms = List.copyOf(clientAuthSigningAlgorithms);
    codeChallengeMethods = List.copyOf(codeChallengeMethods);
    resources = Set.copyOf(resources);
  }

  /** What an engine offers without extension grants, pushed-request or DPoP settings. */
  public Capabilities(
      List<String> clientAuthMethods,
      List<String> clientAuthSigningAlgorithms,
      List<CodeChallengeMethod> codeChallengeMethods,
      Set<String> resources,
      boolean clientIdMetadataDocuments) {
    this(
        clientAuthMethods,
        clientAuthSigningAlgorithms,
        codeChallengeMethods,
        resources,
        clientIdMetadataDocuments,
        List.of(),
        false,
        List.of());
  }
}
