-- What provisioning does on an environment's nodes beyond the hosting manual's defaults.
create table crvsops_provisioning_settings (
  environment_name    varchar(40) primary key references crvsops_environment (name) on delete cascade,
  swap_size_mb        int         not null,
  kernel_settings     boolean     not null,
  encrypted_disk_size varchar(16) not null,
  updated_at          timestamp   not null,
  updated_by          varchar(64)
);
