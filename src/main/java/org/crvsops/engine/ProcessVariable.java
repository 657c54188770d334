package org.crvsops.engine;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.Variables;

/**
 * One named, typed process variable. Each process declares its variables once, in its
 * process class (those several processes share, in {@link CommonVariables}), so that a renamed
 * variable breaks the build rather than a running process.
 */
public final class ProcessVariable<T> {
  private final String name;
  private final Class<T> type;

  private ProcessVariable(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  public static <T> ProcessVariable<T> of(String name, Class<T> type) {
    return new ProcessVariable<>(name, type);
  }

  public String name() {
    return name;
  }

  /** The value, or null when the variable is not set. */
  public T from(VariableScope scope) {
    return convert(scope.getVariable(name));
  }

  public Optional<T> optional(VariableScope scope) {
    return Optional.ofNullable(from(scope));
  }

  /** The value; a missing one is a modelling error, reported with the variable's name. */
  public T require(VariableScope scope) {
    T value = from(scope);
    if (value == null) {
      throw new IllegalStateException("Process variable '" + name + "' is missing");
    }
    return value;
  }

  /**
   * Sets the value; a text longer than a variable holds (4000 characters in Camunda's history column; a longer
   * one fails the step's whole transaction at its end with "value too long") is cut, saying so.
   */
  public void set(VariableScope scope, T value) {
    scope.setVariable(name, value instanceof String text ? fit(text) : value);
  }

  /**
   * Sets a text that must arrive whole (a JSON record read back later): one longer than a text variable holds is
   * kept as bytes (Camunda's byte-array variable, of no such limit), which {@link #from} reads back as the text.
   */
  public void setWhole(VariableScope scope, String text) {
    scope.setVariable(name, text.length() <= MAX_TEXT ? text
        : Variables.byteArrayValue(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Removes the value from the scope that holds it, so that a step tried again leaves no stale one. */
  public void remove(VariableScope scope) {
    scope.removeVariable(name);
  }

  /** The most characters a text variable holds. */
  public static final int MAX_TEXT = 4000;

  static String fit(String text) {
    if (text.length() <= MAX_TEXT) {
      return text;
    }
    String note = "\n… cut here: the text had " + text.length() + " characters, of which a process variable holds "
        + MAX_TEXT;
    return text.substring(0, MAX_TEXT - note.length()) + note;
  }

  public void put(Map<String, Object> variables, T value) {
    variables.put(name, value);
  }

  public T from(Map<String, ?> variables) {
    return convert(variables.get(name));
  }

  // Camunda Forms submit numbers as Long or Double; text fields of the start form want them as text.
  private T convert(Object value) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    if (type == String.class && value instanceof byte[] bytes) {
      return type.cast(new String(bytes, StandardCharsets.UTF_8));
    }
    if (type == String.class) {
      return type.cast(asText(value));
    }
    throw new IllegalStateException("Process variable '" + name + "' holds a "
        + value.getClass().getSimpleName() + ", expected " + type.getSimpleName());
  }

  private static String asText(Object value) {
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }
}
