-- What a deploy ran, for its rollback: the commits (a bundle: its name), the country image's tag and the
-- {{ts}} of its Docker secrets and configs. Earlier rows have none: a rollback to them redeploys their folder.
alter table crvsops_deployment add column core_commit varchar(64);
alter table crvsops_deployment add column country_commit varchar(64);
alter table crvsops_deployment add column country_image_tag varchar(128);
alter table crvsops_deployment add column release_ts varchar(19);
