package org.crvsops.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngine;
import org.crvsops.ssh.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/** The notification beans, built from crvsops.notifications.* once its values have been checked. */
@Configuration
class NotificationConfiguration {
  private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);
  static final String[] EVENTING = {"camunda.bpm.eventing.task", "camunda.bpm.eventing.execution"};

  @Bean
  NotificationSettings notificationSettings(Environment env, ResourcePatternResolver resources) {
    NotificationSettings settings = NotificationSettings.read(env, processKeys(resources));
    if (!settings.enabled()) {
      log.info("Notifications are off ({} is not true): no mail is sent", NotificationSettings.ENABLED);
      return settings;
    }
    for (String property : EVENTING) {
      String value = env.getProperty(property, "true");
      if (!"true".equalsIgnoreCase(value.strip())) {
        throw new IllegalArgumentException(property + " '" + value + "' is not allowed while " + NotificationSettings.ENABLED
            + " is true; allowed: true (approval and end mails listen to the engine's task and execution events)");
      }
    }
    log.info("Notifications on: SMTP {}:{} ({}), from {}; approvals to {}, incidents to {}, ends of {} to {}",
        settings.host(), settings.port(), settings.security(), settings.from(), settings.recipients(MailKind.APPROVAL),
        settings.recipients(MailKind.INCIDENT), settings.processEnds(), settings.recipients(MailKind.PROCESS_END));
    return settings;
  }

  @Bean
  MailTransport mailTransport(NotificationSettings settings, Environment env, Redactor redactor) {
    SmtpPassword password = settings.enabled() ? SmtpPassword.read(env, settings.user()) : SmtpPassword.none();
    if (settings.enabled() && !password.isEmpty() && settings.security() == NotificationSettings.Security.NONE
        && !isLoopback(settings.host())) {
      log.warn("{} is none: the SMTP password crosses the network to {} unencrypted; use starttls or ssl",
          NotificationSettings.SECURITY, settings.host());
    }
    return new MailTransport(settings, password, redactor);
  }

  @Bean
  MailOutbox mailOutbox(NotificationSettings settings, MailTransport transport) {
    return new MailOutbox(settings, transport);
  }

  @Bean
  CamundaLinks camundaLinks(NotificationSettings settings, Environment env) {
    return new CamundaLinks(settings.linkBaseUrl(), env.getProperty("camunda.bpm.webapp.application-path", "/camunda"),
        env.getProperty("camunda.bpm.process-engine-name", "default"));
  }

  // The engine is asked for lazily: the plugin is needed to build it.
  @Bean
  NotificationEnginePlugin notificationEnginePlugin(NotificationSettings settings, MailOutbox outbox, CamundaLinks links,
      ObjectProvider<ProcessEngine> engine) {
    return new NotificationEnginePlugin(settings.enabled() ? IncidentMail.forEveryType(outbox, links, engine)
        : List.of());
  }

  private static Set<String> processKeys(ResourcePatternResolver resources) {
    try {
      return Arrays.stream(resources.getResources("classpath*:processes/*.bpmn")).map(Resource::getFilename)
          .filter(Objects::nonNull).map(name -> name.substring(0, name.length() - ".bpmn".length()))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the process models under processes/", e);
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
