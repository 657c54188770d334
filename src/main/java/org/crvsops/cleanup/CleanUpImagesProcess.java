package org.crvsops.cleanup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/clean-up-images.bpmn: its key, element IDs and variables. */
public final class CleanUpImagesProcess {
  public static final String KEY = "clean-up-images";
  /** The timer's start event, which is also the one started by hand (Camunda 7 allows one of the two kinds). */
  public static final String START_CLEAN_UP_DUE = "StartEvent_CleanUpDue";
  public static final String TASK_PRUNE_UNUSED_IMAGES = "Task_PruneUnusedImages";
  public static final String END_IMAGES_CLEANED_UP = "EndEvent_ImagesCleanedUp";

  /** What each node of the environment freed, one line a node: "node1: Total reclaimed space: …". */
  public static ProcessVariable<String> reclaimedSpace(String environment) {
    return ProcessVariable.of("reclaimedSpace_" + environment, String.class);
  }

  /** The start variables of a run by hand; a blank name cleans every environment. */
  public static Map<String, Object> startVariables(String environmentName) {
    return Map.of(ENVIRONMENT_NAME.name(), environmentName);
  }

  private CleanUpImagesProcess() {}
}
