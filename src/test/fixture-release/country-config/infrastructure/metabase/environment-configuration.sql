-- crvs-ops test fixture: per-environment Metabase settings; run.sh fills the values upstream.
MERGE INTO setting ("KEY", "VALUE") KEY ("KEY") VALUES ('site-name', 'OpenCRVS Dashboards');
