package io.tributary.examples.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the files under some directories whose bytes contain a string: for checking that a secret
 * reached no executor log and no event log. It reads files as they are (no decompression), so the
 * tests turn event log compression off, and first check it finds a string planted on purpose.
 */
final class SecretScan {
  private SecretScan() {}

  /** The regular files under {@code roots} (missing roots are skipped) that contain {@code needle}. */
  static List<Path> filesContaining(String needle, Path... roots) {
    byte[] pattern = needle.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          if (contains(Files.readAllBytes(file), pattern)) {
            found.add(file);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /** How many regular files the scan reads under {@code roots}: shows it looked somewhere. */
  static long fileCount(Path... roots) {
    long n = 0;
    for (Path root : roots) {
      if (Files.exists(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          n += files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return n;
  }

  private static boolean contains(byte[] text, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= text.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (text[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
