package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import java.util.Arrays;
import java.util.Random;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.transport.cipher.Cipher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The JDK's AES-GCM speaks sshj's (and so OpenSSH's) wire format, packet after packet. */
class SshCiphersTest {
  private static final Random RANDOM = new Random(7);

  @Test
  void offersTheJdksAesGcmFirstAndKeepsSshjsCiphersAfterIt() {
    assertThat(SshCiphers.config().getCipherFactories()).extracting(Factory.Named::getName)
        .startsWith("aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com")
        .doesNotHaveDuplicates()
        .contains("aes128-ctr", "aes256-ctr");
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 256})
  void packetsSealedByOneAreOpenedByTheOtherInBothDirections(int keyBits) {
    Factory.Named<Cipher> sshj = keyBits == 128 ? GcmCiphers.AES128GCM() : GcmCiphers.AES256GCM();
    Factory.Named<Cipher> jdk = new SshCiphers.JdkAesGcm(keyBits);
    assertThat(jdk.getName()).isEqualTo(sshj.getName());
    byte[] key = bytes(64);
    byte[] iv = bytes(12);

    roundTrips(jdk.create(), sshj.create(), key, iv);
    roundTrips(sshj.create(), jdk.create(), key, iv);
  }

  @Test
  void aChangedPacketIsRefused() {
    byte[] key = bytes(32);
    byte[] iv = bytes(12);
    Cipher sealer = new SshCiphers.JdkAesGcm(128).create();
    sealer.init(Cipher.Mode.Encrypt, key, iv);
    byte[] packet = seal(sealer, bytes(100));
    packet[10] ^= 1;
    Cipher opener = new SshCiphers.JdkAesGcm(128).create();
    opener.init(Cipher.Mode.Decrypt, key, iv);

    assertThatThrownBy(() -> opener.update(packet, 4, 100)).isInstanceOf(SSHRuntimeException.class);
  }

  // As sshj's Encoder and Decoder use a GCM cipher: the 4-byte length is authenticated, not encrypted;
  // the tag follows the payload. Each packet moves the nonce's counter on, on both sides.
  private static void roundTrips(Cipher sealer, Cipher opener, byte[] key, byte[] iv) {
    sealer.init(Cipher.Mode.Encrypt, key, iv);
    opener.init(Cipher.Mode.Decrypt, key, iv);
    for (int size : new int[] {16, 32_768, 48, 65_536, 1_024}) {
      byte[] payload = bytes(size);
      byte[] packet = seal(sealer, payload);
      assertThat(Arrays.copyOfRange(packet, 4, 4 + size)).isNotEqualTo(payload);
      opener.updateAAD(packet, 0, 4);
      opener.update(packet, 4, size);
      assertThat(Arrays.copyOfRange(packet, 4, 4 + size)).isEqualTo(payload);
    }
  }

  private static byte[] seal(Cipher sealer, byte[] payload) {
    byte[] packet = new byte[4 + payload.length + 16];
    packet[0] = (byte) (payload.length >>> 24);
    packet[1] = (byte) (payload.length >>> 16);
    packet[2] = (byte) (payload.length >>> 8);
    packet[3] = (byte) payload.length;
    System.arraycopy(payload, 0, packet, 4, payload.length);
    sealer.updateAAD(packet, 0, 4);
    sealer.update(packet, 4, payload.length);
    return packet;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
