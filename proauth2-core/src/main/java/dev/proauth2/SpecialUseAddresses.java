package dev.proauth2;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The special-use address blocks of RFC 6890 (and its updates), and the many ways a URL host can
 * spell an address, so a server fetching a URL a client named never reaches an address that is not
 * the public internet: loopback, private, link-local, shared (CGNAT), unspecified, multicast,
 * documentation, benchmarking, reserved, unique-local, and the IPv6 forms that embed IPv4 (mapped,
 * compatible, NAT64, 6to4, Teredo).
 */
final class SpecialUseAddresses {

  /** Each block as its address bytes and prefix length. */
  private static final Block[] BLOCKS = {
    block("0.0.0.0", 8), // "this network", unspecified
    block("10.0.0.0", 8), // private
    block("100.64.0.0", 10), // shared address space (CGNAT)
    block("127.0.0.0", 8), // loopback
    block("169.254.0.0", 16), // link-local, cloud metadata services
    block("172.16.0.0", 12), // private
    block("192.0.0.0", 24), // IETF protocol assignments
    block("192.0.2.0", 24), // documentation
    block("192.88.99.0", 24), // 6to4 relay anycast
    block("192.168.0.0", 16), // private
    block("198.18.0.0", 15), // benchmarking
    block("198.51.100.0", 24), // documentation
    block("203.0.113.0", 24), // documentation
    block("224.0.0.0", 4), // multicast
    block("240.0.0.0", 4), // reserved, and the limited broadcast address
    block("::", 96), // unspecified, loopback, IPv4-compatible
    block("::ffff:0:0", 96), // IPv4-mapped
    block("64:ff9b::", 96), // NAT64
    block("64:ff9b:1::", 48), // local-use NAT64
    block("100::", 64), // discard-only
    block("2001::", 23), // IETF protocol assignments, Teredo among them
    block("2001:db8::", 32), // documentation
    block("2002::", 16), // 6to4
    block("fc00::", 7), // unique-local
    block("fe80::", 10), // link-local
    block("fec0::", 10), // site-local (deprecated)
    block("ff00::", 8), // multicast
  };

  private SpecialUseAddresses() {}

  /** Whether the address lies in a special-use block. */
  static boolean isSpecialUse(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Block block : BLOCKS) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a host spelled as an address literal is special-use. An IPv6 literal that embeds IPv4
   * as mapped ({@code ::ffff:a.b.c.d}), which the JDK folds into the IPv4 address, counts whatever
   * it embeds: a server has no reason to be sent one.
   */
  static boolean isSpecialUseLiteral(String host, InetAddress literal) {
    boolean spelledV6 = host.indexOf(':') >= 0;
    return isSpecialUse(literal) || (spelledV6 && !(literal instanceof Inet6Address));
  }

  /**
   * The address a URL host spells, if it spells one, in any form a resolver or browser accepts:
   * dotted, decimal ({@code 2130706433}), hex ({@code 0x7f.1}), octal ({@code 0177.0.0.1}), short
   * ({@code 127.1}), and bracketed IPv6 with or without an embedded IPv4 part.
   *
   * @return the address, or empty for a name
   * @throws IllegalArgumentException for a host whose last label is numeric but that is no address,
   *     which some resolver might still read as one
   */
  static Optional<InetAddress> literal(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      return Optional.of(ipv6(h.substring(1, h.length() - 1)));
    }
    if (h.indexOf(':') >= 0) {
      return Optional.of(ipv6(h));
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    String[] labels = h.split("\\.", -1);
    if (!looksNumeric(labels[labels.length - 1])) {
      return Optional.empty();
    }
    return Optional.of(ipv4(labels, host));
  }

  private static boolean looksNumeric(String label) {
    if (label.isEmpty()) {
      return false;
    }
    if (label.startsWith("0x")) {
      return label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
    return label.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Reads an IPv4 address as inet_aton and the WHATWG URL parser do. */
  private static InetAddress ipv4(String[] labels, String host) {
    if (labels.length > 4) {
      throw notAnAddress(host);
    }
    long[] parts = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      parts[i] = number(labels[i], host);
    }
    long value = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i] > 255) {
        throw notAnAddress(host);
      }
      value = (value << 8) | parts[i];
    }
    int restBits = 8 * (4 - (parts.length - 1));
    long last = parts[parts.length - 1];
    if (last >= (1L << restBits)) {
      throw notAnAddress(host);
    }
    value = (value << restBits) | last;
    byte[] bytes = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long number(String label, String host) {
    try {
      if (label.startsWith("0x")) {
        return label.length() == 2 ? 0 : Long.parseLong(label.substring(2), 16);
      }
      if (label.length() > 1 && label.startsWith("0")) {
        return Long.parseLong(label.substring(1), 8);
      }
      return Long.parseLong(label);
    } catch (NumberFormatException e) {
      throw notAnAddress(host);
    }
  }

  private static InetAddress ipv6(String text) {
    int zone = text.indexOf('%');
    String bare = zone >= 0 ? text.substring(0, zone) : text;
    if (bare.isEmpty()
        || !bare.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw notAnAddress(text);
    }
    try {
      // Only hex digits, ':' and '.': the JDK parses it as a literal and never asks DNS.
      return InetAddress.getByName("[" + bare + "]");
    } catch (UnknownHostException e) {
      throw notAnAddress(text);
    }
  }

  private static IllegalArgumentException notAnAddress(String host) {
    return new IllegalArgumentException("the host " + host + " is neither a name nor an address");
  }

  private static Block block(String address, int prefix) {
    return new Block(bytesOf(address), prefix);
  }

  private static byte[] bytesOf(String literal) {
    try {
      InetAddress address = InetAddress.getByName(literal);
      if (literal.indexOf(':') >= 0 && address instanceof Inet4Address) {
        // The JDK folds ::ffff:a.b.c.d to IPv4; the block table needs the 16 bytes.
        byte[] v4 = address.getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(v4, 0, mapped, 12, 4);
        return mapped;
      }
      return address.getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One block: the address bytes and how many leading bits must match. */
  private record Block(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
