-- Fingerprints (SHA-256, never the keys) of the keys every crvs-ops instance on this database must share.
create table crvsops_shared_key (
  name        varchar(64)   primary key,
  fingerprint varchar(100)  not null,
  recorded_at timestamp     not null
);
