package dev.bosun.deploy.kubernetes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM certificates and private keys a kubeconfig carries: PKCS#8, and the PKCS#1 RSA and
 * SEC1 EC keys that kubeadm, kind and k3s write, which the JDK only reads once wrapped in PKCS#8.
 */
final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

  /** rsaEncryption and id-ecPublicKey, DER-encoded with their tag and length. */
  private static final byte[] RSA_OID = {
    0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };

  private static final byte[] EC_OID = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private Pem() {}

  static List<X509Certificate> certificates(String pem, String what) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      Matcher m = BLOCK.matcher(pem);
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          out.add(
              (X509Certificate)
                  cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw Kubeconfig.bad("has " + what + " that is not a valid PEM certificate.");
    }
    if (out.isEmpty()) {
      throw Kubeconfig.bad("has " + what + " without a '-----BEGIN CERTIFICATE-----' block.");
    }
    return out;
  }

  static PrivateKey privateKey(String pem, String what) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = decode(m.group(2));
      } catch (IllegalArgumentException e) {
        break;
      }
      try {
        switch (type) {
          case "PRIVATE KEY":
            return pkcs8(der);
          case "RSA PRIVATE KEY":
            return KeyFactory.getInstance("RSA")
                .generatePrivate(
                    new PKCS8EncodedKeySpec(wrap(seq(RSA_OID, new byte[] {0x05, 0x00}), der)));
          case "EC PRIVATE KEY":
            return KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(wrap(seq(EC_OID, curveOf(der)), der)));
          default:
            // EC PARAMETERS and the like come before the key; skip them
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        throw Kubeconfig.bad(
            "has "
                + what
                + " ("
                + type
                + ") that bosun cannot read; give an unencrypted PKCS#8, "
                + "RSA or EC private key.");
      }
    }
    throw Kubeconfig.bad(
        "has " + what + " without a PRIVATE KEY block (encrypted keys are not supported).");
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    for (String alg : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unknown key algorithm");
  }

  /** The named-curve OID from the [0] parameters of a SEC1 ECPrivateKey. */
  private static byte[] curveOf(byte[] sec1) {
    int[] seq = header(sec1, 0);
    int i = seq[0];
    int end = seq[0] + seq[1];
    while (i < end) {
      int tag = sec1[i] & 0xff;
      int[] h = header(sec1, i);
      if (tag == 0xa0) {
        return java.util.Arrays.copyOfRange(sec1, h[0], h[0] + h[1]);
      }
      i = h[0] + h[1];
    }
    throw new IllegalArgumentException("EC key without curve parameters");
  }

  /** {content start, content length} of the DER element at {@code at}. */
  private static int[] header(byte[] der, int at) {
    int len = der[at + 1] & 0xff;
    int start = at + 2;
    if (len > 0x80) {
      int n = len & 0x7f;
      len = 0;
      for (int k = 0; k < n; k++) {
        len = (len << 8) | (der[start + k] & 0xff);
      }
      start += n;
    }
    return new int[] {start, len};
  }

  /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, and the key as an OCTET STRING. */
  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
  }

  private static byte[] seq(byte[] oid, byte[] params) {
    return tlv(0x30, concat(oid, params));
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write((n >> 8) & 0xff);
      out.write(n & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] decode(String base64) {
    return Base64.getMimeDecoder().decode(base64);
  }
}
