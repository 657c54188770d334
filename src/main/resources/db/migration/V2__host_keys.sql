-- Host keys pinned at first contact (SHA256 fingerprints as ssh-keygen -l prints them).
create table crvsops_host_key (
  host        varchar(253) not null,
  port        int          not null,
  fingerprint varchar(100) not null,
  pinned_at   timestamp    not null,
  pinned_by   varchar(64),
  primary key (host, port)
);
