package org.crvsops.ssh;

import com.hierynomus.sshj.transport.cipher.GcmCipher;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.cipher.Cipher;

/**
 * The SSH configuration of crvs-ops's connections: sshj's, with AES-GCM from the JDK offered first.
 * sshj's own ciphers (chacha20-poly1305 first, then AES) are Bouncy Castle's plain Java: one core
 * decrypts and encrypts about 45 MiB/s, so a backup copied through crvs-ops ran at a quarter of
 * scp's speed. The JDK's provider (SunJCE) computes AES-GCM with the processor's AES and carry-less
 * multiply instructions, the same wire format. A server that offers no AES-GCM gets sshj's list.
 */
final class SshCiphers {
  private SshCiphers() {}

  static Config config() {
    DefaultConfig config = new DefaultConfig();
    List<Factory.Named<Cipher>> ciphers = new ArrayList<>(List.of(new JdkAesGcm(128), new JdkAesGcm(256)));
    Set<String> jdk = Set.of(ciphers.get(0).getName(), ciphers.get(1).getName());
    config.getCipherFactories().stream().filter(f -> !jdk.contains(f.getName())).forEach(ciphers::add);
    config.setCipherFactories(ciphers);
    return config;
  }

  /** aes128-gcm@openssh.com or aes256-gcm@openssh.com (RFC 5647 as OpenSSH names it), computed by SunJCE. */
  static final class JdkAesGcm implements Factory.Named<Cipher> {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private final int keyBytes;

    JdkAesGcm(int keyBits) {
      this.keyBytes = keyBits / 8;
    }

    @Override
    public String getName() {
      return "aes" + keyBytes * 8 + "-gcm@openssh.com";
    }

    @Override
    public Cipher create() {
      // sshj's GcmCipher (counter nonce, tag after the packet) with the JDK's cipher in place of the one
      // SecurityUtils would pick (Bouncy Castle's, once sshj has registered it).
      return new GcmCipher(12, 16, keyBytes, "AES", TRANSFORMATION) {
        @Override
        public void init(Mode mode, byte[] key, byte[] iv) {
          try {
            cipher = javax.crypto.Cipher.getInstance(TRANSFORMATION, "SunJCE");
            initCipher(cipher, mode, Arrays.copyOf(key, keyBytes), Arrays.copyOf(iv, 12));
          } catch (GeneralSecurityException e) {
            cipher = null;
            throw new SSHRuntimeException(e);
          }
        }
      };
    }

    @Override
    public String toString() {
      return getName();
    }
  }
}
