package org.crvsops.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.env.Environment;

/**
 * The SMTP password, read where operators keep the database's and the administrator's: the
 * environment variable CRVSOPS_SMTP_PASSWORD, or a file (a Docker secret such as
 * /run/secrets/smtp-password) named by crvsops.notifications.smtp.password-file. It is no setting of
 * its own, so that it never sits in a settings file; it stays in memory and is never printed.
 */
final class SmtpPassword {
  static final String VARIABLE = "CRVSOPS_SMTP_PASSWORD";
  static final String FILE = NotificationSettings.PREFIX + "smtp.password-file";
  static final String REFUSED = NotificationSettings.PREFIX + "smtp.password";

  private final String value;

  private SmtpPassword(String value) {
    this.value = value;
  }

  static SmtpPassword none() {
    return new SmtpPassword("");
  }

  /** The password, or none when no user is set; a refusal names where it is looked for, never a value. */
  static SmtpPassword read(Environment env, String user) {
    if (env.containsProperty(REFUSED)) {
      throw new IllegalArgumentException(REFUSED + " is not read, so that the password never sits in a settings file;"
          + " allowed: the environment variable " + VARIABLE + ", or a file named by " + FILE);
    }
    String file = env.getProperty(FILE, "").strip();
    String value = file.isEmpty() ? env.getProperty(VARIABLE, "") : fromFile(file);
    if (user.isEmpty()) {
      return none();
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(NotificationSettings.USER + " '" + user + "' is set but no password is given"
          + (file.isEmpty() ? "" : " (" + FILE + " '" + file + "' is empty)") + "; allowed: the password in the"
          + " environment variable " + VARIABLE + ", or in a file named by " + FILE);
    }
    return new SmtpPassword(value);
  }

  private static String fromFile(String file) {
    try {
      // A file written with echo ends with a line break that is not part of the password.
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(FILE + " '" + file + "' cannot be read (" + e.getClass().getSimpleName()
          + "); allowed: a file that crvs-ops may read, holding the SMTP password alone");
    }
  }

  String value() {
    return value;
  }

  boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "SmtpPassword[***]";
  }
}
