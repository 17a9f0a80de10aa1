package io.tributary.examples.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets this JVM listens on, as Linux reports them: the {@code socket:[inode]} links in
 * {@code /proc/self/fd} matched against the LISTEN rows of {@code /proc/net/tcp} and {@code tcp6}.
 * The kernel's view, so a server that binds the wildcard address cannot hide behind its own
 * configuration.
 */
final class ListeningSockets {
  /** The {@code st} column of {@code /proc/net/tcp} for a listening socket. */
  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** One listening socket: the kernel's inode (its identity) and the address it is bound to. */
  record Listener(long inode, InetSocketAddress address) {}

  /** Every TCP socket this JVM listens on; empty where {@code /proc} is not Linux's. */
  static Set<Listener> ofThisJvm() {
    Set<Long> inodes = socketInodes();
    Set<Listener> listeners = new HashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      try (Stream<String> lines = Files.lines(path)) {
        lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
            .filter(columns -> columns.length > 9 && columns[3].equals(LISTEN))
            .filter(columns -> inodes.contains(Long.parseLong(columns[9])))
            .forEach(columns -> listeners.add(new Listener(Long.parseLong(columns[9]), address(columns[1]))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return listeners;
  }

  private static Set<Long> socketInodes() {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(Long.parseLong(target.substring("socket:[".length(), target.length() - 1)));
          }
        } catch (IOException e) {
          // The descriptor closed between listing and reading: not a listener any more.
        }
      });
    } catch (IOException e) {
      return Set.of();
    }
    return inodes;
  }

  /**
   * "0100007F:1F90" (tcp) or 32 hex digits and a port (tcp6): the address is the kernel's 32-bit
   * words, each in host (little-endian) byte order.
   */
  static InetSocketAddress address(String hexAddressAndPort) {
    String[] parts = hexAddressAndPort.split(":");
    String hex = parts[0];
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = word * 8 + (3 - i) * 2;
        bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Cannot read the address " + hexAddressAndPort + ": " + e.getMessage(), e);
    }
  }
}
