package org.crvsops.deploy;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.ArrayList;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentSteps;

/** A deploy as the form or the REST endpoint asks for it; {@link #problems} says what is wrong with it. */
public record DeployRequest(String environmentName, String coreVersion, String countryConfigVersion,
    boolean factoryReset, String composeFolder, String whenLocked) {
  /** A short or full git hash, or a release tag such as v1.9.0 or v1.9.0-rc.1. */
  static final Pattern VERSION = Pattern.compile("[0-9a-f]{7,40}|v?[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}(-[0-9A-Za-z.]{1,40})?");
  static final String VERSION_RULE = "a git hash of 7 to 40 lower-case hex digits, or a release tag such as v1.9.0";

  public DeployRequest {
    whenLocked = whenLocked == null || whenLocked.isBlank() ? DeployOpencrvsProcess.WHEN_LOCKED_WAIT : whenLocked;
  }

  /** Every problem, each naming the field, its value and what is allowed; empty when the deploy may start. */
  List<String> problems(Environment env, DeploySettings settings, ComposeFolders folders) {
    List<String> problems = new ArrayList<>();
    if (env == null) {
      problems.add(EnvironmentSteps.unknown(ENVIRONMENT_NAME, environmentName).getMessage());
    }
    version(problems, "coreVersion", coreVersion);
    version(problems, "countryConfigVersion", countryConfigVersion);
    if (factoryReset && settings != null && !settings.factoryResetAllowed()) {
      problems.add("factoryReset is true, but " + env.name() + " is " + env.kind().id() + ": a factory reset deletes"
          + " every record, so it is allowed on staging and qa only");
    }
    if (!DeployOpencrvsProcess.WHEN_LOCKED_WAIT.equals(whenLocked) && !DeployOpencrvsProcess.WHEN_LOCKED_REFUSE.equals(whenLocked)) {
      problems.add("whenLocked '" + whenLocked + "' is not allowed: 'wait' or 'refuse'");
    }
    Optional<String> folderProblem = folders.problem(composeFolder);
    folderProblem.ifPresent(problems::add);
    if (factoryReset && folderProblem.isEmpty() && !Files.isRegularFile(folders.resetScript(composeFolder))) {
      problems.add("factoryReset is true, but composeFolder '" + composeFolder + "' has no " + ComposeFolders.RESET_SCRIPT
          + ", the release's reset job");
    }
    return problems;
  }

  private static void version(List<String> problems, String field, String value) {
    if (value == null || !VERSION.matcher(value).matches()) {
      problems.add(field + " '" + (value == null ? "" : value) + "' is not allowed: " + VERSION_RULE);
    }
  }
}
