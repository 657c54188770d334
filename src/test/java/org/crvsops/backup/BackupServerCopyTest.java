package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshSessions;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The off-site copy's rules: the passphrase first, a complete set not copied again, rotation, trusted host keys. */
class BackupServerCopyTest {
  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3");
  private static final String SHA = "a".repeat(64);
  private static final BackupFile MINIO = new BackupFile("minio", "minio/minio-Thu.tar.gz", 100, SHA,
      "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z");
  private static final BackupFile MANIFEST = new BackupFile("manifest", "manifest-Thu.json", 100, "b".repeat(64),
      "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z");

  private static final String HOST_KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

  private final SshSessions ssh = mock(SshSessions.class);
  private final SecretStore secrets = mock(SecretStore.class);
  private final BackupServerCopy copy = new BackupServerCopy(ssh, new OffsiteLink(ssh, mock(HostKeyPins.class),
      secrets), 80, 3);
  private final List<String> lines = new ArrayList<>();

  @Test
  void withoutThePassphraseNothingIsCopiedAndTheMessageSaysHowToStoreIt() {
    when(secrets.get("lab-3", "backup_encryption_passphrase")).thenReturn(Optional.empty());

    assertThatThrownBy(() -> copy.copy(LAB, "2026-12-03", List.of(MINIO, MANIFEST), List.of(), (f, c) -> { }, line -> { }))
        .hasMessage("Secret backup_encryption_passphrase of environment lab-3 is not set: nothing was copied. Store it"
            + " with PUT /api/environments/lab-3/secrets/backup_encryption_passphrase (and keep a copy outside"
            + " crvs-ops: the off-site sets cannot be decrypted without it)");
    verify(ssh, never()).run(any(), anyString(), anyString(), any(), any());
  }

  @Test
  void aSetAlreadyCompleteWithTheSameManifestIsNotCopiedAgainAndOldSetsAreRotated() {
    when(secrets.get("lab-3", "backup_encryption_passphrase")).thenReturn(Optional.of("pass"));
    when(ssh.probe(any(), anyString(), contains("2026-12-03/offsite-Thu.json"), any(), any()))
        .thenReturn(new CommandResult(0, List.of(new OffsiteManifest("lab-3", "2026-12-03", "Thu", MANIFEST.sha256(),
            List.of(new OffsiteManifest.EncryptedFile("minio/minio-Thu.tar.gz.enc", 128, SHA))).toJson()), List.of()));
    when(ssh.run(any(), eq("sets in /home/backup/opencrvs"), anyString(), any(), any())).thenReturn(new CommandResult(0,
        List.of("2026-11-30", "2026-12-01", "lost+found", "2026-12-02", "2026-12-03"), List.of()));

    assertThat(copy.copy(LAB, "2026-12-03", List.of(MINIO, MANIFEST), List.of(), (f, c) -> { }, line -> lines.add(line.text())))
        .as("complete").isTrue();

    verify(ssh, never()).run(any(), contains("encrypted copy"), anyString(), anyString(), any(), any());
    verify(ssh).run(any(), eq("remove old sets"), eq("cd '/home/backup/opencrvs' && rm -rf -- '2026-11-30'"), any(), any());
    assertThat(lines).containsExactly(
        "Set 2026-12-03 is already complete on 10.0.0.9 with this manifest: not copied again",
        "Removed off-site sets 2026-11-30 from 10.0.0.9 (keeping the newest 3)");
  }

  @Test
  void whenTheJobsLockEndsAfterTheFirstFileTheNextJobCopiesOnlyTheRestAndTheRecordListsEveryFile() {
    HostKeyPins pins = mock(HostKeyPins.class);
    when(pins.pinned(LAB.backup().sshTarget())).thenReturn(Optional.of(OffsiteLink.fingerprint(HOST_KEY)));
    when(secrets.get("lab-3", "backup_encryption_passphrase")).thenReturn(Optional.of("pass"));
    when(ssh.probe(any(), anyString(), anyString(), any(), any())).thenReturn(new CommandResult(1, List.of(), List.of()));
    when(ssh.run(any(), anyString(), anyString(), any(), any())).thenAnswer(call -> answer(call.getArgument(1)));
    OffsiteLink link = new OffsiteLink(ssh, pins, secrets);
    BackupFile hearth = new BackupFile("hearth", "mongo/hearth-Thu.gz", 100, SHA, "2026-12-03T00:00:05Z",
        "2026-12-03T00:00:06Z");
    BackupFile user = new BackupFile("user-mgnt", "mongo/user-mgnt-Thu.gz", 100, SHA, "2026-12-03T00:00:06Z",
        "2026-12-03T00:00:07Z");
    List<BackupFile> set = List.of(hearth, user, MINIO, MANIFEST);
    List<OffsiteManifest.EncryptedFile> recorded = new ArrayList<>();

    // The first job: its lock leaves time for no file after the first.
    boolean complete = new BackupServerCopy(ssh, link, 80, 3, estimate -> false).copy(LAB, "2026-12-03", set,
        List.of(), (file, copied) -> recorded.add(copied), line -> lines.add(line.text()));

    assertThat(complete).isFalse();
    assertThat(recorded).containsExactly(new OffsiteManifest.EncryptedFile("mongo/hearth-Thu.gz.enc", 128, SHA));
    assertThat(lines).contains("Copying 1 of 3 to 10.0.0.9: mongo/hearth-Thu.gz (100 bytes, encrypted)",
        "Copied 1 of 3 files to 10.0.0.9 so far: the rest goes on in a new job, as this job's lock"
            + " (camunda.bpm.job-execution.lock-time-in-millis) leaves too little time for it");
    verify(ssh, never()).run(any(), eq("encrypted copy of mongo/user-mgnt-Thu.gz"), anyString(), anyString(), any(), any());
    verify(ssh, never()).run(any(), contains("write "), anyString(), anyString(), any(), any());

    lines.clear();
    List<OffsiteManifest.EncryptedFile> second = new ArrayList<>();
    complete = new BackupServerCopy(ssh, link, 80, 3, estimate -> true).copy(LAB, "2026-12-03", set, recorded,
        (file, copied) -> second.add(copied), line -> lines.add(line.text()));

    assertThat(complete).isTrue();
    assertThat(second).extracting(OffsiteManifest.EncryptedFile::file)
        .containsExactly("mongo/user-mgnt-Thu.gz.enc", "minio/minio-Thu.tar.gz.enc");
    assertThat(lines).containsSubsequence("Going on with set 2026-12-03 on 10.0.0.9: 1 of 3 files already copied and checked",
        "Copying 2 of 3 to 10.0.0.9: mongo/user-mgnt-Thu.gz (100 bytes, encrypted)",
        "Copying 3 of 3 to 10.0.0.9: minio/minio-Thu.tar.gz (100 bytes, encrypted)");
    verify(ssh).run(any(), eq("encrypted copy of mongo/hearth-Thu.gz"), anyString(), anyString(), any(), any());
    verify(ssh).run(any(), eq("new set 2026-12-03"), anyString(), any(), any());
    ArgumentCaptor<String> record = ArgumentCaptor.forClass(String.class);
    verify(ssh).run(any(), eq("write /home/backup/opencrvs/2026-12-03/offsite-Thu.json"), anyString(), record.capture(),
        any(), any());
    assertThat(OffsiteManifest.parse(record.getValue(), "offsite-Thu.json").files())
        .extracting(OffsiteManifest.EncryptedFile::file)
        .containsExactly("mongo/hearth-Thu.gz.enc", "mongo/user-mgnt-Thu.gz.enc", "minio/minio-Thu.tar.gz.enc");
  }

  @Test
  void aRecordedFileThatIsNotWhatTheCopyWroteIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> OffsiteManifest.EncryptedFile.fromJson("{\"file\":\"../x.enc\",\"size\":1,\"sha256\":\""
        + SHA + "\"}", "copied_lab-3_minio", "minio/minio-Thu.tar.gz.enc"))
        .hasMessageStartingWith("Process variable 'copied_lab-3_minio' holds '{\"file\":\"../x.enc\"")
        .hasMessageEndingWith("allowed the record of minio/minio-Thu.tar.gz.enc as the copy wrote it: its file, its size"
            + " in bytes (0 or more) and its SHA-256 (64 lower-case hexadecimal digits)");
  }

  /** What the lab's manager and backup server answer: the scanned host key, each file as it arrived, the sets. */
  private static CommandResult answer(String description) {
    if (description.startsWith("host keys of")) {
      return new CommandResult(0, List.of("10.0.0.9 ssh-ed25519 " + HOST_KEY), List.of());
    }
    if (description.startsWith("arrival of")) {
      boolean manifest = description.endsWith(MANIFEST.file());
      return new CommandResult(0, List.of(manifest ? "100" : "128", (manifest ? MANIFEST.sha256() : SHA) + "  x.partial"),
          List.of());
    }
    return new CommandResult(0, List.of(), List.of());
  }

  @Test
  void rotationKeepsTheNewestDatedSetsAndNeverTouchesAnyOtherName() {
    assertThat(BackupServerCopy.expired(List.of("2026-12-01", "x; rm -rf /", "2026-11-28", "2026-12-03", "notes",
        "2026-11-29"), 2)).containsExactly("2026-11-29", "2026-11-28");
    assertThat(BackupServerCopy.expired(List.of("2026-12-01"), 7)).isEmpty();
  }

  @Test
  void keepSetsBelowOneIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new BackupServerCopy(ssh, null, 80, 0)).hasMessage("crvsops.backup.keep-sets 0: allowed"
        + " 1 or more (how many daily sets the backup server keeps)");
  }

  @Test
  void aSafetyBackupIsNeverCopiedOffSite() {
    BackupFile safety = new BackupFile("manifest", "manifest-before-restore-20261203-101010.json", 1, SHA,
        "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z");
    assertThatThrownBy(() -> copy.copy(LAB, "2026-12-03", List.of(safety), List.of(), (f, c) -> { }, line -> { }))
        .hasMessageStartingWith("slot 'before-restore-20261203-101010' is not copied off-site");
  }

  @Test
  void theManagersKnownHostsHoldOnlyTheKeysWithTheFingerprintCrvsOpsConfirmed() {
    String key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    String other = "AAAAC3NzaC1lZDI1NTE5AAAAIDNo7jWTbcm6BAMoZqK3wYxLUKvR/a2ZYukE0kuF0Y8W";
    String pinned = OffsiteLink.fingerprint(key);
    BackupServer onPort2222 = new BackupServer("10.0.0.9", "backup", 2222, "/home/backup/opencrvs");

    assertThat(OffsiteLink.knownHosts(onPort2222, List.of("# 10.0.0.9:2222 SSH-2.0-OpenSSH_9.6",
        "[10.0.0.9]:2222 ssh-ed25519 " + other, "[10.0.0.9]:2222 ssh-ed25519 " + key, "evil ssh-ed25519 " + key
        + " ; touch /x"), pinned)).isEqualTo("[10.0.0.9]:2222 ssh-ed25519 " + key + "\n");
    assertThat(OffsiteLink.knownHosts(LAB.backup(), List.of("10.0.0.9 ssh-ed25519 " + other), pinned)).isEmpty();
  }

  @Test
  void whatTheBackupServerMeasuredOnArrivalIsReadAndNothingElseIsTakenForIt() {
    assertThat(BackupServerCopy.Arrival.of(List.of("1040", SHA + "  /b/x.enc.partial"), "/b/x.enc", LAB.backup()))
        .isEqualTo(new BackupServerCopy.Arrival(1040, SHA));
    assertThatThrownBy(() -> BackupServerCopy.Arrival.of(List.of("1040", "; rm"), "/b/x.enc", LAB.backup()))
        .hasMessage("/b/x.enc on " + LAB.backup().address() + ": the backup server reported [1040, ; rm] for its size"
            + " and SHA-256 on arrival, not a byte count and 64 hex digits");
  }

  static OutputLine line(String text) {
    return new OutputLine(LAB.backup().sshTarget(), OutputLine.Stream.STDOUT, text);
  }
}
