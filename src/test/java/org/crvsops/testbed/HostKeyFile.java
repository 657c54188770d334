package org.crvsops.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The host's /mongodb-keyfile: every node of both labs sees the same one (lab.sh: provisioning replaces it with mv,
 * which a file bind-mounted per node would refuse). The labs' two Failsafe JVMs therefore take turns on it: an IT
 * that removes it, needs it absent, or runs Cluster provisioning (which makes or copies it) holds this lock, a file
 * lock of the host that both JVMs see, for as long as it relies on the file staying as it left it.
 */
public final class HostKeyFile {
  private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "crvs-ops-mongodb-keyfile.lock");

  private HostKeyFile() {}

  /** Blocks until the other lab's IT lets go of the file; closing lets go again. */
  public static Held hold() {
    try {
      FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return new Held(channel, channel.lock());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + LOCK, e);
    }
  }

  /** Removes the file (and a half-written one), holding the lock while doing so. */
  public static void remove(LabSwarm lab) {
    try (Held held = hold()) {
      removeHeld(lab);
    }
  }

  /** The same, within a hold the caller already has. */
  public static void removeHeld(LabSwarm lab) {
    lab.run("node1", "rm -f /mongodb-keyfile /mongodb-keyfile.new");
  }

  /** A hold on the file; close() lets go. */
  public record Held(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot let go of " + LOCK, e);
      }
    }
  }
}
