package org.crvsops.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crvsops.ssh.ShellQuote;

/**
 * The provisioning scripts in src/main/resources/provisioning, as commands: the script's text and
 * each argument quoted, so that no argument is ever read as shell syntax.
 */
final class RemoteScripts {
  private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

  private RemoteScripts() {}

  static String command(String script, List<String> args) {
    String text = TEXTS.computeIfAbsent(script, RemoteScripts::load);
    return Stream.concat(Stream.of("bash", "-c", text, script), args.stream())
        .map(ShellQuote::quote).collect(Collectors.joining(" "));
  }

  private static String load(String script) {
    try (InputStream in = RemoteScripts.class.getResourceAsStream("/provisioning/" + script + ".sh")) {
      if (in == null) {
        throw new IllegalStateException("No provisioning script " + script + ".sh on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
