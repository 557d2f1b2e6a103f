package dev.proauth2.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ES256 signing and verification with nimbus-jose-jwt on one core, by JCA provider (issue 23: the
 * signature is 98 % of a JWT's issuance): the JDK's ({@code SunEC}); BouncyCastle's with keys
 * translated to its own ({@code BC}); BouncyCastle's given the JDK's keys, as nimbus makes them
 * from a JWK ({@code BC-jdk-keys}). The signing input is an access token's header and claims, 360
 * bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EcdsaProviderBench {

  @Param({"SunEC", "BC", "BC-jdk-keys"})
  public String provider;

  private JWSHeader header;
  private byte[] signingInput;
  private Base64URL signature;
  private ECDSASigner signer;
  private ECDSAVerifier verifier;

  @Setup
  public void open() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
    header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType("at+jwt"))
            .keyID(key.getKeyID())
            .build();
    String claims =
        "{\"iss\":\"https://as.example\",\"sub\":\"client-0123456789\",\"aud\":\"https://as.example\","
            + "\"exp\":1765000000,\"iat\":1764999700,\"jti\":\"q3Zp0cXr8Vt2mYbL1nKw4sHdFjA9gUe6TiRoPa7lC5E\","
            + "\"client_id\":\"client-0123456789\",\"scope\":\"read\"}";
    signingInput =
        (header.toBase64URL() + "." + Base64URL.encode(claims.getBytes(StandardCharsets.UTF_8)))
            .getBytes(StandardCharsets.US_ASCII);
    Provider bc = new BouncyCastleProvider();
    switch (provider) {
      case "SunEC" -> {
        signer = new ECDSASigner(key);
        verifier = new ECDSAVerifier(key.toPublicJWK());
      }
      case "BC" -> {
        KeyFactory factory = KeyFactory.getInstance("EC", bc);
        signer =
            new ECDSASigner((ECPrivateKey) factory.translateKey(key.toECPrivateKey()), Curve.P_256);
        verifier = new ECDSAVerifier((ECPublicKey) factory.translateKey(key.toECPublicKey()));
        signer.getJCAContext().setProvider(bc);
        verifier.getJCAContext().setProvider(bc);
      }
      case "BC-jdk-keys" -> {
        signer = new ECDSASigner(key);
        verifier = new ECDSAVerifier(key.toPublicJWK());
        signer.getJCAContext().setProvider(bc);
        verifier.getJCAContext().setProvider(bc);
      }
      default -> throw new IllegalArgumentException(provider);
    }
    signature = signer.sign(header, signingInput);
    if (!verifier.verify(header, signingInput, signature)) {
      throw new IllegalStateException("the " + provider + " signature does not verify");
    }
    // Across providers: the JDK verifies what this provider signs.
    if (!new ECDSAVerifier(key.toPublicJWK()).verify(header, signingInput, signature)) {
      throw new IllegalStateException("the JDK does not verify the " + provider + " signature");
    }
  }

  /** One ES256 signature of an access token's signing input. */
  @Benchmark
  public Base64URL sign() throws JOSEException {
    return signer.sign(header, signingInput);
  }

  /** One ES256 verification of that signature. */
  @Benchmark
  public boolean verify() throws JOSEException {
    return verifier.verify(header, signingInput, signature);
  }
}
