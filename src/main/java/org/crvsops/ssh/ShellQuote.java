package org.crvsops.ssh;

/** Quotes one argument for a POSIX shell: inside single quotes nothing is special but the quote itself. */
public final class ShellQuote {
  private ShellQuote() {}

  public static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
