package org.crvsops.ssh;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Variables for a remote command, as an env file (NAME='value' lines) that goes on the command's
 * standard input, never on its command line, where the server's process list would show the values.
 * The command reads it first: see {@link #sourcing(String)}. Its toString names the variables only.
 */
public final class EnvFile {
  public static final EnvFile NONE = new EnvFile(Map.of());
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> variables;

  private EnvFile(Map<String, String> variables) {
    variables.keySet().forEach(name -> {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("variable name '" + name + "' is not allowed: letters, digits and '_'");
      }
    });
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /** The variables in the map's order. */
  public static EnvFile of(Map<String, String> variables) {
    return new EnvFile(variables);
  }

  /** The command, run once the env file on its standard input is read into exported variables. */
  public static String sourcing(String command) {
    return "set -a; . /dev/stdin; set +a; " + command;
  }

  /** The text for standard input, each value quoted for the shell. */
  public String text() {
    StringBuilder file = new StringBuilder();
    variables.forEach((name, value) -> file.append(name).append('=').append(ShellQuote.quote(value)).append('\n'));
    return file.toString();
  }

  public Set<String> names() {
    return variables.keySet();
  }

  @Override
  public String toString() {
    return "EnvFile" + names();
  }
}
