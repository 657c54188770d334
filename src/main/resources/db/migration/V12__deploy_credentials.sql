-- The passwords and user names one deploy generated for OpenCRVS's own users (MongoDB, Redis, Postgres,
-- Elasticsearch), as one set per deploy (the process instance), encrypted as crvsops_secret is: a retried
-- step gets the same set, a rollback redeploys the previous deploy's set.
create table crvsops_deploy_credentials (
  environment_name varchar(40)    not null references crvsops_environment (name) on delete cascade,
  deploy_id        varchar(64)    not null,
  iv               varchar(24)    not null,
  ciphertext       varchar(16000) not null,
  created_at       timestamp      not null,
  primary key (environment_name, deploy_id)
);
