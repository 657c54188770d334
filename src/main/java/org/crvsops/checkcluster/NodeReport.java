package org.crvsops.checkcluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one node said about itself, against the hosting manual's minimum (8 GB memory, 160 GB disk). */
record NodeReport(String hostname, String address, String os, int cpus, double memoryGb, double diskGb, String docker,
    String swarm) {
  static final double MIN_MEMORY_GB = 8;
  static final double MIN_DISK_GB = 160;

  /** The facts come as key=value lines from {@link InspectNode#COMMAND}. */
  static NodeReport parse(String hostname, String address, Map<String, String> facts) {
    return new NodeReport(hostname, address, facts.getOrDefault("os", "unknown"), Integer.parseInt(facts.getOrDefault("cpus", "0")),
        kbToGb(facts.get("memory_kb")), kbToGb(facts.get("disk_kb")), facts.getOrDefault("docker", "none"),
        facts.getOrDefault("swarm", "unknown"));
  }

  List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (memoryGb < MIN_MEMORY_GB) {
      warnings.add(String.format(Locale.ROOT, "%s has %.1f GB memory; the manual asks for at least %.0f GB", hostname, memoryGb, MIN_MEMORY_GB));
    }
    if (diskGb < MIN_DISK_GB) {
      warnings.add(String.format(Locale.ROOT, "%s has %.0f GB disk; the manual asks for at least %.0f GB", hostname, diskGb, MIN_DISK_GB));
    }
    return warnings;
  }

  String line() {
    return String.format(Locale.ROOT, "%s (%s): %s, %d CPUs, %.1f GB memory, %.0f GB disk, Docker %s, swarm %s",
        hostname, address, os, cpus, memoryGb, diskGb, docker, swarm);
  }

  private static double kbToGb(String kb) {
    return kb == null ? 0 : Long.parseLong(kb.trim()) / 1024.0 / 1024.0;
  }
}
