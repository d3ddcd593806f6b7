"""On PostgreSQL, audit rows cannot be updated or deleted: a trigger refuses it. Also the
function that takes the append lock and reads the chain's head (``core.auditchain``).

One database role owns the tables and runs the application (and Django's tests, as the
superuser), so a REVOKE alone would not hold; the trigger does, for every role. It honours one
escape, the setting ``trienkhai.audit_maintenance = 'on'`` set for a transaction
(``SET LOCAL``) by a maintenance command that deletes the whole organisation
(``trienkhai generate --replace``: ``demo/clear.py``). TRUNCATE fires no row trigger: Django's
test flush still works. Deployments with a separate owner role also run the REVOKE in
docs/architecture.md (The audit chain). SQLite: nothing (the file is the boundary there).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('trienkhai.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % of event % refused', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
-- The append lock and the head in one round trip: a VOLATILE plpgsql function reads with a new
-- snapshot for each statement, so the SELECT sees what the writer it waited for committed.
CREATE OR REPLACE FUNCTION core_auditevent_lock_head(lock_key bigint) RETURNS varchar AS $$
DECLARE
    head varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT hash INTO head FROM core_auditevent ORDER BY id DESC LIMIT 1;
    RETURN head;
END
$$ LANGUAGE plpgsql VOLATILE;
CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
DROP FUNCTION IF EXISTS core_auditevent_lock_head(bigint);
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_audit_chain_existing_rows"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
