package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.crvsops.CrvsOpsSpringTest;
import org.crvsops.WebappLogin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Guessing passwords is slow on every way in (the web apps' login, /engine-rest and /api Basic), and
 * nobody is locked out for good: after a wrong password that user waits, at most a minute, and then
 * the right password works again; other users never wait. Users of their own, so that no other test
 * is delayed; the engine's clock stands still (a slow first request must not outlast a delay) and is moved on
 * instead of waiting.
 */
@CrvsOpsSpringTest
class LoginThrottlingTest {
  private static final String RIGHT = "the-right-password";

  @Autowired TestRestTemplate rest;
  @Autowired IdentityService identity;
  @LocalServerPort int port;
  private long now;

  @BeforeEach
  void users() {
    for (String id : List.of("throttled", "bystander")) {
      if (identity.createUserQuery().userId(id).count() == 0) {
        User user = identity.newUser(id);
        user.setPassword(RIGHT);
        identity.saveUser(user);
        identity.createMembership(id, CrvsOpsGroups.OPERATORS);
      }
      identity.unlockUser(id);
    }
    now = System.currentTimeMillis();
    ClockUtil.setCurrentTime(new Date(now));
  }

  @AfterEach
  void realTime() {
    ClockUtil.reset();
  }

  @Test
  void aWrongPasswordDelaysThatUserOnlyAndTheRightOneWorksAfterTheDelay() throws Exception {
    assertThat(api("throttled", "guess-1")).isEqualTo(401);

    assertThat(api("throttled", RIGHT)).as("right password within the delay, /api").isEqualTo(401);
    assertThat(engineRest("throttled", RIGHT)).as("right password within the delay, /engine-rest").isEqualTo(401);
    assertThat(webapps("throttled", RIGHT)).as("right password within the delay, web apps").isNotEqualTo(200);
    assertThat(api("bystander", RIGHT)).as("another user").isEqualTo(200);
    assertThat(webapps("bystander", RIGHT)).as("another user, web apps").isEqualTo(200);

    later(3);
    assertThat(api("throttled", RIGHT)).as("right password after the delay").isEqualTo(200);
  }

  @Test
  void everyWayInCountsAndTheDelayGrowsToAMinuteButNeverLocksForGood() throws Exception {
    // More wrong passwords than Camunda's default of 10, after which it would lock the user until an administrator acts.
    for (int guess = 1; guess <= 12; guess++) {
      int status = switch (guess % 3) {
        case 0 -> api("throttled", "guess-" + guess);
        case 1 -> engineRest("throttled", "guess-" + guess);
        default -> webapps("throttled", "guess-" + guess);
      };
      assertThat(status).as("guess " + guess).isNotEqualTo(200);
      later(61);
    }
    assertThat(engineRest("throttled", "guess-13")).isEqualTo(401);

    later(59);
    assertThat(engineRest("throttled", RIGHT)).as("59 s after the 13th wrong password").isEqualTo(401);
    later(2);
    assertThat(engineRest("throttled", RIGHT)).as("61 s after it: the delay stops at a minute").isEqualTo(200);
    assertThat(webapps("throttled", RIGHT)).as("and the web apps let them in").isEqualTo(200);
  }

  private void later(int seconds) {
    now += seconds * 1000L;
    ClockUtil.setCurrentTime(new Date(now));
  }

  private int api(String user, String password) {
    return rest.withBasicAuth(user, password).getForEntity("/api/environments", String.class).getStatusCode().value();
  }

  private int engineRest(String user, String password) {
    return rest.withBasicAuth(user, password).getForEntity("/engine-rest/process-definition/count", String.class)
        .getStatusCode().value();
  }

  private int webapps(String user, String password) throws Exception {
    return WebappLogin.status(port, "tasklist", user, password);
  }
}
