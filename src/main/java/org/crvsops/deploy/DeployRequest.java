package org.crvsops.deploy;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.release.ReleaseSettings;

/**
 * A deploy as the form or the REST endpoint asks for it; {@link #problems} says what is wrong with it.
 *
 * @param composeFolder an uploaded release bundle's name; empty: the release comes from the environment's repositories
 */
public record DeployRequest(String environmentName, String coreVersion, String countryConfigVersion,
    boolean factoryReset, String composeFolder, String whenLocked, boolean rotateJwtKeys) {
  /** The core version is both a ref of opencrvs-core and the tag of its images (ghcr.io/opencrvs/ocrvs-gateway:v1.9.15). */
  static final Pattern CORE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  static final String CORE_VERSION_RULE = "a tag or branch of the core's repository that is also its images' tag,"
      + " such as v1.9.15 (letters, digits, '.', '_', '-')";
  /** A ref of the country's repository: a tag, a branch (release/1.9.15) or a commit. */
  static final Pattern GIT_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
  static final String GIT_REF_RULE = "a tag, branch or commit of the country configuration's repository, such as"
      + " v1.9.15, release/1.9.15 or 3f2a9c1";
  static final String IMAGE_TAG_RULE = "the country image's tag: letters, digits, '.', '_', '-', such as v1.9.15 or 3f2a9c1";

  public DeployRequest {
    whenLocked = whenLocked == null || whenLocked.isBlank() ? DeployOpencrvsProcess.WHEN_LOCKED_WAIT : whenLocked;
    composeFolder = composeFolder == null || composeFolder.isBlank() ? null : composeFolder;
  }

  public DeployRequest(String environmentName, String coreVersion, String countryConfigVersion, boolean factoryReset,
      String composeFolder, String whenLocked) {
    this(environmentName, coreVersion, countryConfigVersion, factoryReset, composeFolder, whenLocked, false);
  }

  /** Every problem, each naming the field, its value and what is allowed; empty when the deploy may start. */
  List<String> problems(Environment env, DeploySettings settings, ComposeFolders folders, Optional<ReleaseSettings> release) {
    List<String> problems = new ArrayList<>();
    if (env == null) {
      problems.add(EnvironmentSteps.unknown(ENVIRONMENT_NAME, environmentName).getMessage());
    }
    check(problems, "coreVersion", coreVersion, CORE_VERSION, CORE_VERSION_RULE);
    if (composeFolder == null) {
      check(problems, "countryConfigVersion", countryConfigVersion, GIT_REF, GIT_REF_RULE);
      gitSource(problems, env, release);
    } else {
      check(problems, "countryConfigVersion", countryConfigVersion, CORE_VERSION, IMAGE_TAG_RULE);
      bundle(problems, env, folders, release);
    }
    if (factoryReset && settings != null && !settings.factoryResetAllowed()) {
      problems.add("factoryReset is true, but " + env.name() + " is " + env.kind().id() + ": a factory reset deletes"
          + " every record, so it is allowed on staging and qa only");
    }
    if (!DeployOpencrvsProcess.WHEN_LOCKED_WAIT.equals(whenLocked) && !DeployOpencrvsProcess.WHEN_LOCKED_REFUSE.equals(whenLocked)) {
      problems.add("whenLocked '" + whenLocked + "' is not allowed: 'wait' or 'refuse'");
    }
    return problems;
  }

  private void gitSource(List<String> problems, Environment env, Optional<ReleaseSettings> release) {
    if (env == null) {
      return;
    }
    if (release.isEmpty()) {
      problems.add("composeFolder is empty, so the release comes from git, but " + env.name() + " has no release"
          + " settings: set its country configuration's repository (PUT /api/environments/" + env.name()
          + "/release-settings), or name an uploaded release bundle in composeFolder");
    } else if (countryConfigVersion != null && !release.get().allows(countryConfigVersion)) {
      problems.add("countryConfigVersion '" + countryConfigVersion + "' is not allowed on " + env.name() + ": its"
          + " release settings allow " + String.join(", ", release.get().allowedRefs()));
    }
  }

  private void bundle(List<String> problems, Environment env, ComposeFolders folders, Optional<ReleaseSettings> release) {
    Optional<String> folderProblem = folders.problem(composeFolder);
    folderProblem.ifPresent(problems::add);
    if (folderProblem.isPresent() || env == null) {
      return;
    }
    String envFile = release.map(ReleaseSettings::countryEnvironment).orElse(env.kind().id());
    org.crvsops.release.ReleaseLayout.of(folders.root().resolve(composeFolder), envFile).problems()
        .forEach(p -> problems.add("composeFolder '" + composeFolder + "': " + p));
    if (factoryReset && !Files.isRegularFile(folders.resetScript(composeFolder))) {
      problems.add("factoryReset is true, but composeFolder '" + composeFolder + "' has no " + ComposeFolders.RESET_SCRIPT
          + ", the release's reset job");
    }
  }

  private static void check(List<String> problems, String field, String value, Pattern rule, String allowed) {
    if (value == null || !rule.matcher(value).matches() || value.contains("..")) {
      problems.add(field + " '" + (value == null ? "" : value) + "' is not allowed: " + allowed);
    }
  }
}
