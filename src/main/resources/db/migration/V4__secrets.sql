-- Secret values per environment, encrypted (AES-256-GCM) with a key kept outside the database.
create table crvsops_secret (
  environment_name varchar(40)  not null references crvsops_environment (name) on delete cascade,
  name             varchar(63)  not null,
  iv               varchar(24)  not null,
  ciphertext       varchar(8000) not null,
  updated_at       timestamp    not null,
  updated_by       varchar(64),
  primary key (environment_name, name)
);
