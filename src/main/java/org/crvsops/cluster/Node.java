package org.crvsops.cluster;

/** One server of a cluster, as crvs-ops reaches it over SSH. */
public record Node(String address, int sshPort, String sshUser, String hostname, String dataLabel) {}
