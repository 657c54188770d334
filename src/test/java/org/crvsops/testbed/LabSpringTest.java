package org.crvsops.testbed;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A lab IT that runs the orchestrator inside its own JVM (Failsafe's own-jvm execution), with the demo
 * users, signing in to the lab's servers with the lab's key.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("own-jvm")
@SpringBootTest
@ActiveProfiles({"demo", "test"})
@ContextConfiguration(initializers = LabSpringTest.LabKey.class)
public @interface LabSpringTest {
  /** Settings of this IT's own, as {@link SpringBootTest#properties()}. */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};

  /** crvs-ops's SSH key is the lab's. */
  class LabKey implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      TestPropertyValues.of("crvsops.ssh.private-key=" + Lab.sshKey()).applyTo(context);
    }
  }
}
