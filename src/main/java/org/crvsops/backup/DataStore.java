package org.crvsops.backup;

import java.util.regex.Pattern;

/**
 * One data store of OpenCRVS that the backup dumps: the swarm service whose container holds it, the
 * folder under /data/backups its files go to, their extension, and the command that runs inside that
 * container and writes the dump to its standard output. In the command, {store} and {day} stand for
 * the store's name and the run's day slot; the environment's database passwords are set as
 * variables (MONGODB_ADMIN_USER, …), read from standard input, never on a command line. The
 * restore command reads the file at {file} inside the same container and puts it back; the verify
 * command, run after it ({day} is the restored slot), exits 0 when the store answers. The figures
 * command prints what the store holds, one "&lt;kind&gt; &lt;name&gt; &lt;count&gt;" line each ({@link StoreFigures}),
 * right after a dump and after a restore; none (null or blank) records no figures.
 */
public record DataStore(String name, String service, String folder, String extension, String command,
    String restoreCommand, String verifyCommand, String figuresCommand) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

  public DataStore {
    require(name, "name", name, NAME);
    require(name, "service", service, SERVICE);
    require(name, "folder", folder, NAME);
    require(name, "extension", extension, EXTENSION);
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("data store " + name + ": command is empty; give the command that writes"
          + " the dump to standard output inside the service's container");
    }
  }

  /** A store without figures. */
  public DataStore(String name, String service, String folder, String extension, String command,
      String restoreCommand, String verifyCommand) {
    this(name, service, folder, extension, command, restoreCommand, verifyCommand, null);
  }

  /** A store that is only backed up (no restore, verify or figures command). */
  public DataStore(String name, String service, String folder, String extension, String command) {
    this(name, service, folder, extension, command, null, null, null);
  }

  /** "hearth-dev-Mon.gz": one file a day of the week. */
  public String fileName(String day) {
    return name + "-" + day + "." + extension;
  }

  /** Where the file is on the manager, and on the backup server under its folder. */
  public String relativePath(String day) {
    return folder + "/" + fileName(day);
  }

  String command(String day) {
    return command.replace("{store}", name).replace("{day}", day);
  }

  /** The restore command for the backup of this slot, whose file is at path inside the container. */
  public String restoreCommandLine(String day, String path) {
    return required(restoreCommand, "restore-command").replace("{store}", name).replace("{day}", day)
        .replace("{file}", path);
  }

  /** The verify command after a restore of the backup of this slot. */
  public String verifyCommandLine(String day) {
    return required(verifyCommand, "verify-command").replace("{store}", name).replace("{day}", day);
  }

  /** Whether the store prints figures, to be recorded at a dump and compared after a restore. */
  public boolean hasFigures() {
    return figuresCommand != null && !figuresCommand.isBlank();
  }

  /** The figures command in the backup's slot. */
  public String figuresCommandLine(String day) {
    return required(figuresCommand, "figures-command").replace("{store}", name).replace("{day}", day);
  }

  private String required(String value, String setting) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("data store " + name + " has no " + setting + ": set crvsops.backup.stores."
          + name + "." + setting);
    }
    return value;
  }

  private static void require(String store, String field, String value, Pattern allowed) {
    if (value == null || !allowed.matcher(value).matches()) {
      throw new IllegalArgumentException("data store " + store + ": " + field + " '" + value + "' is not allowed;"
          + " allowed: " + allowed.pattern());
    }
  }
}
