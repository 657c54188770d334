package org.crvsops.engine;

import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;

/** The extension every process test registers statically: it fails a class that leaves a sequence flow unwalked. */
public final class ProcessTestCoverage {
  /** Called building blocks whose own process test walks all their flows, which a caller alone cannot (its answer to busy is fixed). */
  private static final String[] WALKED_BY_THEIR_OWN_TEST = {"hold-environment"};

  private ProcessTestCoverage() {}

  public static ProcessEngineCoverageExtension requireEveryFlow() {
    return ProcessEngineCoverageExtension.Companion.builder().assertClassCoverageAtLeast(1.0)
        .excludeProcessDefinitionKeys(WALKED_BY_THEIR_OWN_TEST).build();
  }

  /** For the test of such a building block itself. */
  public static ProcessEngineCoverageExtension requireEveryFlowOfEveryModel() {
    return ProcessEngineCoverageExtension.Companion.builder().assertClassCoverageAtLeast(1.0).build();
  }
}
