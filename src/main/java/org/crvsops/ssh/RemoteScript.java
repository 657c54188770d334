package org.crvsops.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A script of src/main/resources/scripts/&lt;capability&gt;/&lt;name&gt;.sh, as the command that runs it
 * on a server: {@code bash -c <its text> <name> <arguments>}, every word quoted, so that the arguments
 * reach the script as $1, $2... and none is ever read as shell syntax. Secrets go on standard input,
 * never as arguments: a command line is recorded and shows in the server's process list.
 */
public final class RemoteScript {
  private static final Pattern PATH = Pattern.compile("([a-z0-9-]+)/([a-z0-9-]+)");
  private static final Map<String, RemoteScript> LOADED = new ConcurrentHashMap<>();
  private final String name;
  private final String text;

  private RemoteScript(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** The script at "capability/name", e.g. "provisioning/install-docker"; read once. */
  public static RemoteScript of(String path) {
    return LOADED.computeIfAbsent(path, RemoteScript::load);
  }

  public String text() {
    return text;
  }

  public String command(List<String> args) {
    return Stream.concat(Stream.of("bash", "-c", text, name), args.stream())
        .map(ShellQuote::quote).collect(Collectors.joining(" "));
  }

  public String command(String... args) {
    return command(List.of(args));
  }

  private static RemoteScript load(String path) {
    var parts = PATH.matcher(path);
    if (!parts.matches()) {
      throw new IllegalArgumentException("'" + path + "' is not a script path (capability/name)");
    }
    try (InputStream in = RemoteScript.class.getResourceAsStream("/scripts/" + path + ".sh")) {
      if (in == null) {
        throw new IllegalStateException("No script scripts/" + path + ".sh on the class path");
      }
      return new RemoteScript(parts.group(2), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
