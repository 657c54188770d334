package org.crvsops.audit;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts {@link HistoryProtection} before Camunda's REST API and the web apps' API, ahead of their sign-in. */
@Configuration
class HistoryProtectionConfiguration {

  @Bean
  FilterRegistrationBean<HistoryProtection> historyProtection() {
    FilterRegistrationBean<HistoryProtection> registration = new FilterRegistrationBean<>(new HistoryProtection());
    registration.setName("crvsops-history-protection");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
