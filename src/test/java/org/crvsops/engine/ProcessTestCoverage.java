package org.crvsops.engine;

import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;

/** The extension every process test registers statically: it fails a class that leaves a sequence flow unwalked. */
public final class ProcessTestCoverage {
  private ProcessTestCoverage() {}

  public static ProcessEngineCoverageExtension requireEveryFlow() {
    return ProcessEngineCoverageExtension.Companion.builder().assertClassCoverageAtLeast(1.0).build();
  }
}
