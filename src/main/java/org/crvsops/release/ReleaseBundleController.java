package org.crvsops.release;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.io.IOException;
import java.io.InputStream;
import org.crvsops.security.ApiAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Uploads a release bundle, for an orchestrator that cannot reach the release's repositories:
 * {@code POST /api/release-bundles/{name}} with the .tar.gz or .zip as the body. A deploy then names it in
 * composeFolder. Its SHA-256 stands for the commits a deploy from git records.
 */
@RestController
@RequestMapping("/api/release-bundles")
class ReleaseBundleController {
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseBundleController.class);
  private final ReleaseBundle bundles;
  private final ApiAccess access;

  ReleaseBundleController(ReleaseBundle bundles, ApiAccess access) {
    this.bundles = bundles;
    this.access = access;
  }

  /** What was stored: the bundle's name, its SHA-256, how many files and bytes. */
  record Stored(String name, String sha256, int files, long bytes) {}

  @PostMapping("/{name}")
  @ResponseStatus(HttpStatus.CREATED)
  Stored upload(@PathVariable String name, InputStream archive) throws IOException {
    String user = access.require("upload release bundles", OPERATORS, ADMINS);
    try {
      StoredBundle stored = bundles.unpack(name, archive);
      LOG.info("{} uploaded the release bundle {} (SHA-256 {}, {} files)", user, stored.name(), stored.sha256(),
          stored.files());
      return new Stored(stored.name(), stored.sha256(), stored.files(), stored.bytes());
    } catch (ReleaseSourceException refused) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage());
    }
  }
}
