package dev.proauth2.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.proauth2.spi.SecretHashes;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Date;
import java.util.UUID;
import java.util.stream.IntStream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signs DPoP proofs (RFC 9449) ahead of an HTTP benchmark row, because wrk cannot sign ES256: one
 * proof a line, each with its own {@code jti} and {@code iat} now, all with one client key kept in
 * a file so that the token request and the resource requests that follow prove the same key.
 *
 * <p>{@code java -cp benchmarks.jar dev.proauth2.bench.DPoPProofs KEY_FILE METHOD URL COUNT OUT
 * [ACCESS_TOKEN]}: the key file is created when it does not exist; with an access token, each proof
 * carries its {@code ath}. Used by {@code proauth2-bench/http/dpop.sh}.
 */
public final class DPoPProofs {

  private static final int MAX_COUNT = 2_000_000;
  private static final Provider BC = new BouncyCastleProvider();

  private DPoPProofs() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5 || args.length > 6) {
      System.err.println("usage: DPoPProofs KEY_FILE METHOD URL COUNT OUT [ACCESS_TOKEN]");
      System.exit(2);
    }
    int count = Integer.parseInt(args[3]);
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("COUNT must be between 1 and " + MAX_COUNT);
    }
    ECKey key = key(Path.of(args[0]));
    String method = args[1];
    String url = args[2];
    String ath = args.length == 6 ? SecretHashes.sha256(args[5]) : null;
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType("dpop+jwt"))
            .jwk(key.toPublicJWK())
            .build();
    // A random prefix per run and the line number make every jti unique across runs.
    String run = UUID.randomUUID().toString();
    Date now = new Date();
    ThreadLocal<ECDSASigner> signers = ThreadLocal.withInitial(() -> signer(key));
    String[] proofs =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(
                i -> {
                  JWTClaimsSet.Builder claims =
                      new JWTClaimsSet.Builder()
                          .jwtID(run + "-" + i)
                          .claim("htm", method)
                          .claim("htu", url)
                          .issueTime(now);
                  if (ath != null) {
                    claims.claim("ath", ath);
                  }
                  SignedJWT jwt = new SignedJWT(header, claims.build());
                  try {
                    jwt.sign(signers.get());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return jwt.serialize();
                })
            .toArray(String[]::new);
    try (BufferedWriter out =
        Files.newBufferedWriter(Path.of(args[4]), StandardCharsets.US_ASCII)) {
      for (String proof : proofs) {
        out.write(proof);
        out.write('\n');
      }
    }
  }

  /** The client's key: read from the file, or made and written there on the first call. */
  private static ECKey key(Path file) throws Exception {
    if (Files.exists(file)) {
      return ECKey.parse(Files.readString(file));
    }
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    Files.writeString(file, key.toJSONString());
    return key;
  }

  private static ECDSASigner signer(ECKey key) {
    try {
      // BouncyCastle's own key, translated once: with the JDK's key it converts on every signature.
      ECDSASigner signer =
          new ECDSASigner(
              (PrivateKey) KeyFactory.getInstance("EC", BC).translateKey(key.toECPrivateKey()),
              Curve.P_256);
      signer.getJCAContext().setProvider(BC);
      return signer;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
