package io.tributary.examples.docs;

/**
 * The marked regions of a Markdown page that a generator owns. Text outside the markers is never
 * touched, so hand-written prose and generated reference live in one file.
 */
final class GeneratedBlocks {
  private GeneratedBlocks() {}

  static String begin(String name) {
    return "<!-- BEGIN GENERATED: " + name + " -->";
  }

  static String end(String name) {
    return "<!-- END GENERATED: " + name + " -->";
  }

  /** The text between the markers, without the line breaks that follow and precede them; null when absent. */
  static String find(String page, String name) {
    int from = page.indexOf(begin(name));
    int to = page.indexOf(end(name));
    if (from < 0 || to < from) {
      return null;
    }
    String inner = page.substring(from + begin(name).length(), to);
    return inner.startsWith("\n") ? inner.substring(1) : inner;
  }

  /** {@code page} with the block's content replaced; a missing block is appended at the end. */
  static String replace(String page, String name, String content) {
    String body = content.endsWith("\n") ? content : content + "\n";
    String block = begin(name) + "\n" + body + end(name);
    int from = page.indexOf(begin(name));
    int to = page.indexOf(end(name));
    if (from < 0 || to < from) {
      return page + (page.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
    }
    return page.substring(0, from) + block + page.substring(to + end(name).length());
  }
}
