package org.crvsops.cluster;

import java.util.List;

/**
 * An environment as a person typed it: every field is text and may be missing or wrong.
 * {@link EnvironmentValidator} turns a draft into an {@link Environment} or into field errors.
 */
public record EnvironmentDraft(
    String name,
    String kind,
    String domain,
    String replicas,
    NodeDraft manager,
    List<NodeDraft> workers,
    BackupDraft backup) {

  public record NodeDraft(String address, String sshPort, String sshUser, String hostname, String dataLabel) {}

  public record BackupDraft(String address, String user, String port, String directory) {}

  public List<NodeDraft> workersOrEmpty() {
    return workers == null ? List.of() : workers;
  }

  public static EnvironmentDraft of(Environment env) {
    return new EnvironmentDraft(env.name(), env.kind().id(), env.domain(), String.valueOf(env.replicas()),
        nodeDraft(env.manager()), env.workers().stream().map(EnvironmentDraft::nodeDraft).toList(),
        env.backup() == null ? null : new BackupDraft(env.backup().address(), env.backup().user(),
            String.valueOf(env.backup().port()), env.backup().directory()));
  }

  private static NodeDraft nodeDraft(Node n) {
    return new NodeDraft(n.address(), String.valueOf(n.sshPort()), n.sshUser(), n.hostname(), n.dataLabel());
  }
}
