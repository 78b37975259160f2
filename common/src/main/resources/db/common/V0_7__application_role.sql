-- The service connects to its database as its application role (the datasource user, Flyway placeholder app_role),
-- not as the owner of its tables, who runs these migrations (quarkus.flyway.username). Only an owner can change a
-- table's definition, disable its triggers, drop or truncate it; the application role reads and writes the
-- service's tables, and on the audit trail it may only append rows and seal them: no DELETE, no TRUNCATE, and UPDATE
-- of the seal columns only (the guard trigger refuses any other change, and a sealed row's seal).
-- The roles are made with the databases (testkit/devstack ServiceDatabases, devstack/compose/postgres-init.sh).

-- The last chain head published to iop.audit.v1 (AuditCheckpoints), so that the instances of a service publish a head
-- once, and at most once per interval while the sealer keeps it moving.
ALTER TABLE audit_chain_head
    ADD COLUMN checkpoint_index bigint NOT NULL DEFAULT 0,
    ADD COLUMN checkpoint_at    timestamptz;

DO $$
DECLARE
    app   text := '${app_role}';
    t     record;
BEGIN
    IF app = current_user THEN
        -- One account for everything (a benchmark, an external test server): nothing to grant, and nothing protected.
        RAISE WARNING 'the service connects as %, the owner of its tables: its audit trail is not protected from it', app;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
        RAISE EXCEPTION 'the application role % does not exist: it is created with the service databases', app;
    END IF;
    FOR t IN SELECT tablename FROM pg_tables
             WHERE schemaname = 'public' AND tableowner = current_user
               AND tablename NOT IN ('audit_log', 'audit_chain_head', 'flyway_schema_history') LOOP
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO %I', t.tablename, app);
    END LOOP;
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);

    -- The audit trail: append, read, seal (AuditSealer), publish the head (AuditCheckpoints).
    EXECUTE format('GRANT SELECT, INSERT ON TABLE audit_log TO %I', app);
    EXECUTE format('GRANT UPDATE (chain_index, prev_hash, hash) ON TABLE audit_log TO %I', app);
    EXECUTE format('GRANT SELECT ON TABLE audit_chain_head TO %I', app);
    EXECUTE format('GRANT UPDATE (chain_index, hash, checkpoint_index, checkpoint_at) ON TABLE audit_chain_head TO %I',
                   app);

    -- Tables and sequences of later migrations (the service's own): the same rights as above. A later table that must
    -- be append-only too revokes what it does not need, in its own migration.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                   app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', app);
END $$;
