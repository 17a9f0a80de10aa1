package io.tributary.testkit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM on this test's class path, with the module flags Spark needs
 * ({@code --add-opens}, {@code --add-modules}), the {@code -Dspark.*} settings and the compiler and
 * collector choice taken from this JVM's own: for a test that must kill a process, or give one a session of its own.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java <flags> -Xmx768m <jvmOptions...> -cp <class path> <main> <args...>}. */
  public static List<String> command(List<String> jvmOptions, String main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (flag.startsWith("--add-opens") || flag.startsWith("--add-modules") || flag.startsWith("-XX:+IgnoreUnrecognized")
          || flag.startsWith("-Djdk.reflect") || flag.startsWith("-Dio.netty") || flag.startsWith("-Dspark.")
          || flag.startsWith("-XX:TieredStopAtLevel") || flag.equals("-XX:+UseSerialGC")) {
        command.add(flag);
      }
    }
    command.add("-Xmx768m");
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    return command;
  }
}
