package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.SshSessions;
import org.junit.jupiter.api.Test;

/** The copy's order: each file's check on the backup server overlaps the next file's stream, never the manifest. */
class BackupServerCopyTest {
  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3");
  private static final BackupFile MINIO = file("minio", "minio/minio-Mon.tar.gz");
  private static final BackupFile METABASE = file("metabase", "metabase/metabase-Mon.tar.gz");
  private static final BackupFile MANIFEST = file("manifest", "manifest-Mon.json");

  private final RemoteFiles files = mock(RemoteFiles.class);
  private final BackupServerCopy copy = new BackupServerCopy(mock(SshSessions.class), files, 80);
  private final List<String> events = new CopyOnWriteArrayList<>();

  @Test
  void aFilesCheckRunsWhileTheNextStreamsAndTheManifestGoesOnlyOnceEveryFileIsChecked() throws Exception {
    CountDownLatch metabaseSent = new CountDownLatch(1);
    sending(MINIO, () -> {
      events.add("check minio started");
      boolean overlapped = await(metabaseSent);
      events.add("check minio ended" + (overlapped ? " after metabase was sent" : ""));
    });
    when(files.send(any(), eq("/data/backups/metabase/metabase-Mon.tar.gz"), any(), any(), any(), any()))
        .thenAnswer(call -> {
          events.add("send metabase");
          metabaseSent.countDown();
          return (Runnable) () -> events.add("check metabase");
        });
    sending(MANIFEST, () -> events.add("check manifest"));

    copy.copy(LAB, List.of(MINIO, METABASE, MANIFEST), line -> { });

    assertThat(events).contains("check minio ended after metabase was sent");
    assertThat(events.subList(events.indexOf("send manifest"), events.size()))
        .as("nothing of the other files after the manifest is sent").containsExactly("send manifest", "check manifest");
  }

  @Test
  void aFailedCheckFailsTheCopyNamingTheStoreAndTheManifestIsNotSent() {
    sending(MINIO, () -> {
      throw new IllegalStateException("/home/backup/opencrvs/minio/minio-Mon.tar.gz on 10.0.0.9 has SHA-256 00 on"
          + " arrival, aa was sent: the copy is damaged");
    });
    sending(METABASE, () -> events.add("check metabase"));
    sending(MANIFEST, () -> events.add("check manifest"));

    assertThatThrownBy(() -> copy.copy(LAB, List.of(MINIO, METABASE, MANIFEST), line -> { }))
        .hasMessage("Copy of minio (minio/minio-Mon.tar.gz) to backup server 10.0.0.9 failed: /home/backup/opencrvs/"
            + "minio/minio-Mon.tar.gz on 10.0.0.9 has SHA-256 00 on arrival, aa was sent: the copy is damaged");
    assertThat(events).doesNotContain("send manifest");
  }

  private void sending(BackupFile file, Runnable check) {
    String store = file.store();
    when(files.send(any(), eq("/data/backups/" + file.file()), any(), eq("/home/backup/opencrvs/" + file.file()),
        eq(file.sha256()), any())).thenAnswer(call -> {
          events.add("send " + store);
          return check;
        });
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static BackupFile file(String store, String path) {
    return new BackupFile(store, path, 100, store + "-sha", "2026-11-23T00:00:05Z", "2026-11-23T00:00:06Z");
  }
}
