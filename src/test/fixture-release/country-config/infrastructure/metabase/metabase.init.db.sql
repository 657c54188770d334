-- crvs-ops test fixture: stands in for Metabase's initial H2 database dump (upstream: several MB).
CREATE TABLE IF NOT EXISTS setting ("KEY" VARCHAR(254) PRIMARY KEY, "VALUE" CLOB);
