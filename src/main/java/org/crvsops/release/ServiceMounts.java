package org.crvsops.release;

import java.util.List;

/** One service's bind mounts and where Swarm places it. */
public record ServiceMounts(String service, Placement placement, List<BindMount> binds) {}
