package org.crvsops.notify;

import java.util.List;
import java.util.Properties;
import org.crvsops.ssh.Redactor;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Hands one mail to the SMTP server, with every known secret masked in its subject and body. Each
 * connection gives up after the settings' timeout. Jakarta Mail's protocol trace stays off, and its
 * authentication trace (which would show the password's base64) is switched off explicitly.
 */
class MailTransport {
  private final JavaMailSenderImpl sender = new JavaMailSenderImpl();
  private final NotificationSettings settings;
  private final Redactor redactor;

  MailTransport(NotificationSettings settings, SmtpPassword password, Redactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
    redactor.register(password.value());
    sender.setHost(settings.host());
    sender.setPort(settings.port());
    sender.setDefaultEncoding("UTF-8");
    if (!settings.user().isEmpty()) {
      sender.setUsername(settings.user());
      sender.setPassword(password.value());
    }
    sender.setJavaMailProperties(properties(settings));
  }

  private static Properties properties(NotificationSettings settings) {
    Properties props = new Properties();
    String millis = Long.toString(settings.timeout().toMillis());
    props.put("mail.smtp.connectiontimeout", millis);
    props.put("mail.smtp.timeout", millis);
    props.put("mail.smtp.writetimeout", millis);
    props.put("mail.smtp.auth", Boolean.toString(!settings.user().isEmpty()));
    props.put("mail.debug", "false");
    props.put("mail.debug.auth", "false");
    switch (settings.security()) {
      case STARTTLS -> {
        // Required: a server that does not offer STARTTLS is refused rather than sent the password in clear.
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case SSL -> {
        props.put("mail.smtp.ssl.enable", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> { }
    }
    return props;
  }

  /** The notice with every secret crvs-ops knows replaced by ***. */
  Notice masked(Notice notice) {
    return new Notice(redactor.redact(notice.subject()), redactor.redact(notice.body()));
  }

  String masked(String text) {
    return redactor.redact(text);
  }

  /** Sends at once, in the caller's thread, masked; a refusal of the server is thrown with secrets masked. */
  void send(List<String> to, Notice notice) {
    Notice mail = masked(notice);
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(settings.from());
    message.setTo(to.toArray(String[]::new));
    message.setSubject(mail.subject());
    message.setText(mail.body());
    try {
      sender.send(message);
    } catch (RuntimeException e) {
      throw new MailNotSent(redactor.redact(describe(e)));
    }
  }

  // The chain of messages, which name the server's refusal (never the password); no stack trace is kept.
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
      text.append(text.isEmpty() ? "" : "; caused by ").append(t.getClass().getSimpleName())
          .append(t.getMessage() == null ? "" : ": " + t.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
    }
    return text.toString();
  }

  /** A mail the server did not take; its message is already masked, and it keeps no stack trace. */
  static class MailNotSent extends RuntimeException {
    MailNotSent(String message) {
      super(message, null, false, false);
    }
  }
}
