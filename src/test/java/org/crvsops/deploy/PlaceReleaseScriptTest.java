package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crvsops.ssh.RemoteScript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/deploy/place-release.sh run by bash here, as the manager runs it. */
class PlaceReleaseScriptTest {
  @TempDir Path dir;

  @Test
  void secretPlaceholdersAreFilledAsWrittenAndTheLinkPointsAtTheTreeAnEarlierFolderMovedAside() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("deploy-1/infrastructure/mc-config"));
    Files.writeString(folder.resolve("config.json"), "{\"accessKey\":\"{{MINIO_ROOT_USER}}\","
        + "\"secretKey\":\"{{MINIO_ROOT_PASSWORD}}\",\"again\":\"{{MINIO_ROOT_USER}}\"}\n");
    Path link = dir.resolve("opt/opencrvs/infrastructure");
    Files.createDirectories(link);
    Files.writeString(link.resolve("by-hand.yml"), "kept\n");

    String out = run(List.of(dir.resolve("deploy-1").toString(), link.toString(),
        "infrastructure/mc-config/config.json", "MINIO_ROOT_USER", "infrastructure/mc-config/config.json",
        "MINIO_ROOT_PASSWORD"), "admin&co", "p/a\\ss'&{{MINIO_ROOT_USER}}");

    assertThat(folder.resolve("config.json")).hasContent("{\"accessKey\":\"admin&co\","
        + "\"secretKey\":\"p/a\\ss'&{{MINIO_ROOT_USER}}\",\"again\":\"admin&co\"}");
    assertThat(Files.readSymbolicLink(link)).isEqualTo(dir.resolve("deploy-1/infrastructure"));
    assertThat(out).contains("CHANGED filled {{MINIO_ROOT_USER}} in infrastructure/mc-config/config.json")
        .contains("not made by crvs-ops) aside to " + link + ".before-crvs-ops.").doesNotContain("admin&co");
    assertThat(Files.list(link.getParent()).filter(p -> p.getFileName().toString().contains("before-crvs-ops")))
        .singleElement().satisfies(aside -> assertThat(aside.resolve("by-hand.yml")).hasContent("kept"));
    assertThat(run(List.of(dir.resolve("deploy-1").toString(), link.toString()), "x", "y"))
        .contains("UNCHANGED " + link + " points at");
  }

  private static String run(List<String> args, String user, String password) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "-c", RemoteScript.of("deploy/place-release").text(),
        "place-release"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MINIO_ROOT_USER", user);
    builder.environment().put("MINIO_ROOT_PASSWORD", password);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
