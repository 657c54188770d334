package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A docker-java client for a server's Docker engine, reached only through SSH: no Docker API
 * port is opened anywhere. Each HTTP connection docker-java makes goes to a unix socket in a
 * private folder of this machine, and from there through an SSH exec channel running
 * {@code docker system dial-stdio} on the server, which speaks to its local engine.
 */
public class DockerOverSsh implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(DockerOverSsh.class);

  private final SSHClient ssh;
  private final Path dir;
  private final ServerSocketChannel listener;
  private final DockerClient docker;
  private final Thread acceptor;

  public DockerOverSsh(SSHClient ssh, String name) throws IOException {
    this.ssh = ssh;
    this.dir = Files.createTempDirectory("crvs-ops-docker-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = dir.resolve("docker.sock");
    this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = new Thread(this::acceptLoop, "docker-over-ssh-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("unix://" + socket).build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(10)).responseTimeout(Duration.ofMinutes(2)).maxConnections(20).build();
    this.docker = DockerClientImpl.getInstance(config, http);
  }

  public DockerClient docker() {
    return docker;
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        SocketChannel connection = listener.accept();
        Thread relay = new Thread(() -> relay(connection), acceptor.getName() + "-relay");
        relay.setDaemon(true);
        relay.start();
      } catch (IOException e) {
        if (listener.isOpen()) {
          log.warn("Docker connection over SSH not accepted: {}", e.getMessage());
        }
      }
    }
  }

  // Reads and writes go to the channel itself: streams from Channels would share one lock and deadlock.
  private void relay(SocketChannel connection) {
    try (connection; Session session = ssh.startSession()) {
      Session.Command dial = session.exec("docker system dial-stdio");
      Thread up = new Thread(() -> requestsUp(connection, dial.getOutputStream()), acceptor.getName() + "-up");
      up.setDaemon(true);
      up.start();
      responsesDown(dial.getInputStream(), connection);
    } catch (IOException e) {
      log.debug("Docker connection over SSH ended: {}", e.getMessage());
    }
  }

  // End of the requests: closing the channel's input tells dial-stdio that the client is done writing.
  private static void requestsUp(SocketChannel from, OutputStream to) {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    try (to) {
      while (from.read(buffer) >= 0) {
        to.write(buffer.array(), 0, buffer.position());
        to.flush();
        buffer.clear();
      }
    } catch (IOException e) {
      // One side closed: the other direction ends too.
    }
  }

  private static void responsesDown(InputStream from, SocketChannel to) {
    byte[] bytes = new byte[16 * 1024];
    try {
      for (int n; (n = from.read(bytes)) >= 0; ) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, n);
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
      }
    } catch (IOException e) {
      // One side closed: the relay ends.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    docker.close();
    Files.deleteIfExists(dir.resolve("docker.sock"));
    Files.deleteIfExists(dir);
  }
}
