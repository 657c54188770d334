-- Where an environment's releases come from (the country's git repository, the core's), the refs a
-- deploy may name, and the stack's plain variables and registries: as JSON, read only through
-- org.crvsops.release.ReleaseSettings, which checks every field. Secrets are named, never held here.
create table crvsops_release_settings (
  environment_name varchar(40)    primary key references crvsops_environment (name) on delete cascade,
  settings         varchar(100000) not null,
  updated_at       timestamp      not null,
  updated_by       varchar(64)
);
