package org.crvsops.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A git server over SSH on 127.0.0.1 (Apache MINA sshd, which JGit's SSH support brings): one repository,
 * served by JGit's UploadPack to the one deploy key it knows, as GitHub serves a private repository.
 */
final class LoopbackGitSshServer implements AutoCloseable {
  private final SshServer server;
  private final KeyPair deployKey;

  LoopbackGitSshServer(Path repositoryDir) throws Exception {
    deployKey = ecKey();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
    server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, deployKey.getPublic()));
    server.setCommandFactory((channel, command) -> new UploadPackCommand(repositoryDir));
    server.start();
  }

  String url() {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/country.git";
  }

  String deployKeyText() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(deployKey, "deploy key", null, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A key file made here, its BEGIN and END lines kept and its body replaced by "not a key". */
  static String damagedKeyText() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(ecKey(), "damaged", null, out);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    return lines.get(0) + "\nnot a key\n" + lines.get(lines.size() - 1) + "\n";
  }

  String knownHostsLine() throws Exception {
    PublicKey hostKey = server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey);
  }

  static String otherKnownHostsLine(int port) throws Exception {
    return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(ecKey().getPublic());
  }

  int port() {
    return server.getPort();
  }

  private static KeyPair ecKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  /** git-upload-pack '/country.git', whatever path is asked: the server has one repository. */
  private static final class UploadPackCommand implements Command {
    private final Path repositoryDir;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(Path repositoryDir) {
      this.repositoryDir = repositoryDir;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread = new Thread(() -> {
        try (Repository repo = new FileRepositoryBuilder().findGitDir(repositoryDir.toFile()).build()) {
          new UploadPack(repo).upload(in, out, err);
          out.flush();
          exit.onExit(0);
        } catch (IOException | RuntimeException e) {
          exit.onExit(1, String.valueOf(e.getMessage()));
        }
      }, "upload-pack");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
