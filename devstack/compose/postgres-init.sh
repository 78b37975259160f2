#!/bin/bash
# docker-compose: PostgreSQL's entrypoint runs this once, on the first start with an empty data volume, as
# POSTGRES_USER (IOP_DB_OWNER, the compose server's superuser). It makes what the testkit and the devstack make with
# care.iop.embedded.ServiceDatabases:
#   - the services' application role (IOP_DB_USER / IOP_DB_PASSWORD), which the services connect as; the owner's
#     migration db/common/V0_7__application_role.sql grants it their tables' rows, and on the audit trail appending and
#     sealing only (it cannot disable the audit trigger, delete or truncate);
#   - one database per service (ARCHITECTURE §2), owned by IOP_DB_OWNER, who runs each service's Flyway migrations at
#     start-up (quarkus.flyway.username). The names are the defaults of each service's %prod.quarkus.datasource.jdbc.url
#     (the compose file sets IOP_<SERVICE>_JDBC_URL to the same names).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v app="$IOP_DB_USER" -v app_password="$IOP_DB_PASSWORD" <<'SQL'
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
CREATE DATABASE intake;
CREATE DATABASE scheduling;
CREATE DATABASE notes;
CREATE DATABASE medication;
CREATE DATABASE aftercare;
SQL
