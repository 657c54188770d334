package org.crvsops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.crvsops.release.ComposeVariables.Reference;
import org.junit.jupiter.api.Test;

/** Interpolation as docker stack deploy does it, shared by the image list and the required-variable scan. */
class ComposeVariablesTest {
  private final Map<String, String> vars = Map.of("VERSION", "v1.9.15", "EMPTY", "");

  @Test
  void substitutesEveryFormComposeKnows() {
    assertThat(ComposeVariables.substitute("ghcr.io/opencrvs/ocrvs-gateway:${VERSION}", vars))
        .isEqualTo("ghcr.io/opencrvs/ocrvs-gateway:v1.9.15");
    assertThat(ComposeVariables.substitute("$VERSION/${UNSET}/${UNSET:-bgd}/${EMPTY:-d}/${EMPTY-d}", vars))
        .isEqualTo("v1.9.15//bgd/d/");
    assertThat(ComposeVariables.substitute("${VERSION:+set}|${UNSET:+set}|${A:-${VERSION}}", vars))
        .isEqualTo("set||v1.9.15");
  }

  @Test
  void dollarDollarIsALiteralDollarAndNoReference() {
    assertThat(ComposeVariables.substitute("exec docker-entrypoint.sh $$@ https://register.x/$${1}", vars))
        .isEqualTo("exec docker-entrypoint.sh $@ https://register.x/${1}");
    assertThat(ComposeVariables.references("$$@ $${VERSION}")).isEmpty();
  }

  @Test
  void requiredUnlessADefaultOrAlternativeIsGiven() {
    assertThat(ComposeVariables.references("${A} $B ${C:?set C} ${D?x} ${E:-e} ${F-f} ${G:+g} ${H:-${I}}"))
        .containsExactly(new Reference("A", true), new Reference("B", true), new Reference("C", true),
            new Reference("D", true), new Reference("E", false), new Reference("F", false), new Reference("G", false),
            new Reference("H", false), new Reference("I", false));
  }

  @Test
  void aRequiredVariableWithoutValueIsRefusedWithItsMessage() {
    assertThatThrownBy(() -> ComposeVariables.substitute("${DOCKERHUB_REPO:?set the country image}", vars))
        .hasMessage("required variable DOCKERHUB_REPO is missing a value: set the country image");
  }

  @Test
  void aLoneDollarIsRefusedAsComposeRefusesIt() {
    assertThatThrownBy(() -> ComposeVariables.references("exec docker-entrypoint.sh $@"))
        .hasMessageStartingWith("invalid variable reference '$@'").hasMessageContaining("$$ for a literal $");
    assertThatThrownBy(() -> ComposeVariables.references("${VERSION")).hasMessageStartingWith("invalid variable reference");
  }
}
