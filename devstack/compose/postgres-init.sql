-- docker-compose: PostgreSQL's entrypoint runs this once, on the first start with an empty data volume,
-- as POSTGRES_USER (IOP_DB_USER), who then owns the databases the services log in to.
-- One database per service (ARCHITECTURE §2); the names are the defaults of each service's
-- %prod.quarkus.datasource.jdbc.url (the compose file sets IOP_<SERVICE>_JDBC_URL to the same names).
-- Each service's Flyway migrations create its schema at start-up.
CREATE DATABASE intake;
CREATE DATABASE scheduling;
CREATE DATABASE notes;
CREATE DATABASE medication;
CREATE DATABASE aftercare;
