package org.crvsops.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable interpolation as `docker stack deploy` applies it to every value of a compose
 * file: `${X}`, bare `$X`, `${X:-d}` / `${X-d}` (default when empty / unset), `${X:?m}` / `${X?m}`
 * (refused when empty / unset), `${X:+r}` / `${X+r}` (r only when set) and `$$` for a literal `$`.
 * One parser serves both substituting and listing references, so the required-variable check and
 * the images pulled can never read a file differently.
 */
public final class ComposeVariables {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern OPERATOR = Pattern.compile(":-|:\\?|:\\+|-|\\?|\\+|}");

  private ComposeVariables() {}

  /** One reference: required unless it carries a default or an alternative. */
  public record Reference(String name, boolean required) {}

  /** The text with every reference replaced from variables; an unset `${X}` becomes empty, as docker's does. */
  public static String substitute(String text, Map<String, String> variables) {
    StringBuilder out = new StringBuilder();
    for (Token token : parse(text)) {
      out.append(token.substitute(variables));
    }
    return out.toString();
  }

  /**
   * Every variable the text refers to. References inside a default or an alternative are never
   * required: they are read only when the outer variable is unset.
   */
  public static List<Reference> references(String text) {
    List<Reference> refs = new ArrayList<>();
    for (Token token : parse(text)) {
      token.collect(refs, true);
    }
    return refs;
  }

  private sealed interface Token permits Literal, Variable {
    String substitute(Map<String, String> variables);

    void collect(List<Reference> refs, boolean outer);
  }

  private record Literal(String text) implements Token {
    public String substitute(Map<String, String> variables) {
      return text;
    }

    public void collect(List<Reference> refs, boolean outer) {}
  }

  private record Variable(String name, String operator, List<Token> argument) implements Token {
    public String substitute(Map<String, String> variables) {
      String value = variables.get(name);
      boolean unset = value == null;
      boolean empty = unset || value.isEmpty();
      return switch (operator) {
        case ":-" -> empty ? join(argument, variables) : value;
        case "-" -> unset ? join(argument, variables) : value;
        case ":?" -> empty ? refuse(variables) : value;
        case "?" -> unset ? refuse(variables) : value;
        case ":+" -> empty ? "" : join(argument, variables);
        case "+" -> unset ? "" : join(argument, variables);
        default -> unset ? "" : value;
      };
    }

    public void collect(List<Reference> refs, boolean outer) {
      boolean required = outer && (operator.isEmpty() || operator.contains("?"));
      refs.add(new Reference(name, required));
      argument.forEach(t -> t.collect(refs, false));
    }

    private String refuse(Map<String, String> variables) {
      throw new IllegalArgumentException("required variable " + name + " is missing a value: "
          + join(argument, variables));
    }

    private static String join(List<Token> tokens, Map<String, String> variables) {
      StringBuilder out = new StringBuilder();
      tokens.forEach(t -> out.append(t.substitute(variables)));
      return out.toString();
    }
  }

  private static List<Token> parse(String text) {
    return new Parser(text).tokens(false);
  }

  /** A hand-written scanner: defaults may hold references of their own (`${A:-${B}}`). */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    List<Token> tokens(boolean inBraces) {
      List<Token> tokens = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at);
        if (inBraces && c == '}') {
          break;
        }
        if (c != '$') {
          literal.append(c);
          at++;
        } else if (at + 1 < text.length() && text.charAt(at + 1) == '$') {
          literal.append('$');
          at += 2;
        } else {
          flush(literal, tokens);
          tokens.add(variable());
        }
      }
      flush(literal, tokens);
      return tokens;
    }

    private Token variable() {
      int start = at++;
      boolean braced = at < text.length() && text.charAt(at) == '{';
      if (braced) {
        at++;
      }
      Matcher name = NAME.matcher(text).region(at, text.length());
      if (!name.lookingAt()) {
        throw invalid(start);
      }
      at = name.end();
      if (!braced) {
        return new Variable(name.group(), "", List.of());
      }
      Matcher op = OPERATOR.matcher(text).region(at, text.length());
      if (!op.lookingAt()) {
        throw invalid(start);
      }
      at = op.end();
      if (op.group().equals("}")) {
        return new Variable(name.group(), "", List.of());
      }
      List<Token> argument = tokens(true);
      if (at >= text.length()) {
        throw invalid(start);
      }
      at++;
      return new Variable(name.group(), op.group(), argument);
    }

    private IllegalArgumentException invalid(int start) {
      String shown = text.substring(start, Math.min(text.length(), start + 30));
      return new IllegalArgumentException("invalid variable reference '" + shown + "': compose allows ${NAME}, "
          + "${NAME:-default}, ${NAME:?message}, $NAME, and $$ for a literal $");
    }

    private static void flush(StringBuilder literal, List<Token> tokens) {
      if (!literal.isEmpty()) {
        tokens.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
    }
  }
}
