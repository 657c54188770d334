-- crvs-ops's own tables; Camunda creates and migrates its ACT_* tables itself.
create table crvsops_environment (
  name             varchar(40)  primary key,
  kind             varchar(16)  not null,
  domain           varchar(253) not null,
  replicas         int          not null,
  backup_address   varchar(253),
  backup_user      varchar(32),
  backup_port      int,
  backup_directory varchar(255),
  updated_at       timestamp    not null,
  updated_by       varchar(64)
);

create table crvsops_environment_node (
  environment_name varchar(40)  not null references crvsops_environment (name) on delete cascade,
  position         int          not null,
  address          varchar(253) not null,
  ssh_port         int          not null,
  ssh_user         varchar(32)  not null,
  hostname         varchar(253) not null,
  data_label       varchar(16)  not null,
  primary key (environment_name, position)
);
