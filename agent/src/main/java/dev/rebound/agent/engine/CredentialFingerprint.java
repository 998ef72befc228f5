package dev.rebound.agent.engine;

import dev.rebound.agent.classify.HeaderLookup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Names a call's credential without revealing it (SPEC §8): the first 16 hex digits of the SHA-256
 * of the first of its {@code Authorization}, {@code x-api-key}, {@code api-key} or {@code
 * x-goog-api-key} request headers, or else of its {@code key} query parameter (Gemini's). Only a
 * fleet that shares its limits needs it. Stateless.
 */
final class CredentialFingerprint {
  private static final String[] HEADERS = {
    "authorization", "x-api-key", "api-key", "x-goog-api-key"
  };
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CredentialFingerprint() {}

  /** The fingerprint of the call's credential, or the empty string when it carries none. */
  static String of(LlmCall call) {
    String fromHeaders = of(call.requestHeaders());
    if (!fromHeaders.isEmpty() || call.query() == null) {
      return fromHeaders;
    }
    for (String parameter : call.query().split("&")) {
      if (parameter.startsWith("key=") && parameter.length() > 4) {
        return of(parameter.substring(4));
      }
    }
    return "";
  }

  /** The fingerprint of the credential in {@code headers}, or the empty string. */
  static String of(HeaderLookup headers) {
    for (String name : HEADERS) {
      String value = headers.get(name);
      if (value != null && !value.isEmpty()) {
        return of(value);
      }
    }
    return "";
  }

  static String of(String credential) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    char[] out = new char[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
