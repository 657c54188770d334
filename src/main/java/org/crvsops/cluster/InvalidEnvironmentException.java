package org.crvsops.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** An environment definition that breaks the rules; nothing was saved. */
public class InvalidEnvironmentException extends RuntimeException {
  private final transient List<FieldError> errors;

  public InvalidEnvironmentException(List<FieldError> errors) {
    super("The environment was not saved. Fix these fields and try again: "
        + errors.stream().map(FieldError::describe).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
