package org.crvsops.provisioning;

import java.util.regex.Pattern;

/**
 * What provisioning does on an environment's nodes beyond the hosting manual's defaults: a swap
 * size of 0 skips swap; kernelSettings false skips vm.max_map_count and log rotation (for nodes
 * that share a kernel and /etc with others, as lab nodes do); the size of the encrypted /data.
 */
record ProvisioningSettings(int swapSizeMb, boolean kernelSettings, String encryptedDiskSize) {
  // Before DEFAULTS: the constructor that makes DEFAULTS uses it.
  private static final Pattern SIZE = Pattern.compile("[1-9][0-9]{0,5}[GM]");
  static final ProvisioningSettings DEFAULTS = new ProvisioningSettings(8000, true, "100G");

  ProvisioningSettings {
    if (swapSizeMb < 0 || swapSizeMb > 65536) {
      throw new IllegalArgumentException("swapSizeMb " + swapSizeMb + " is not allowed: 0 (no swap) to 65536 MB");
    }
    if (encryptedDiskSize == null || !SIZE.matcher(encryptedDiskSize).matches()) {
      throw new IllegalArgumentException("encryptedDiskSize '" + encryptedDiskSize
          + "' is not allowed: a whole number followed by G or M, e.g. 100G");
    }
  }
}
