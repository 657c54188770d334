package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.crvsops.CrvsOpsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

class ProductionPasswordCheckTest {

  @Test
  void judgesPasswords() {
    assertThat(ProductionPasswordCheck.problem("admin", "")).isEqualTo("is not set");
    assertThat(ProductionPasswordCheck.problem("admin", "demo")).contains("demo password");
    assertThat(ProductionPasswordCheck.problem("admin", "Admin")).contains("demo password");
    assertThat(ProductionPasswordCheck.problem("admin", "short-pw")).contains("fewer than 12");
    assertThat(ProductionPasswordCheck.problem("admin", "a-long-secret-phrase")).isNull();
  }

  @Test
  void prodProfileRefusesToStartWithADemoPassword() {
    SpringApplicationBuilder app = new SpringApplicationBuilder(CrvsOpsApplication.class)
        .profiles("prod", "test").properties("server.port=0");

    assertThatThrownBy(() -> app.run("--camunda.bpm.admin-user.password=demo"))
        .hasMessageContaining("will not start in production").hasMessageContaining("is a demo password")
        .hasMessageContaining("CRVSOPS_ADMIN_PASSWORD");
  }

  @Test
  void prodProfileRefusesToStartWithoutAPassword() {
    SpringApplicationBuilder app = new SpringApplicationBuilder(CrvsOpsApplication.class)
        .profiles("prod", "test").properties("server.port=0");

    assertThatThrownBy(app::run).hasMessageContaining("password is not set");
  }
}
