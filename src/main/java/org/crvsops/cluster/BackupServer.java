package org.crvsops.cluster;

/** The optional server that receives the daily backups. */
public record BackupServer(String address, String user, int port, String directory) {}
