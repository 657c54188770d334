package org.crvsops.release;

/** A host path bind-mounted into a service's containers: it must exist on the node that runs the task. */
public record BindMount(String source, String target, boolean readOnly) {}
