import HandoffCore

/// The server's half of the write path (migration v3). Team logins get no INSERT, UPDATE or
/// DELETE on the store's tables: every change goes through `handoff_append`, a PL/pgSQL
/// function that runs as the schema's owner (`SECURITY DEFINER`) and takes the actor from
/// `session_user`, never from the client:
///
/// - the event's actor must be the member whose login is `session_user` (on a personal
///   store, the login that created it may act as any member);
/// - the member's role must be allowed to append the event's type, on a lead they hold
///   (an SDR on their own leads, an AE on meetings booked with them);
/// - the names a payload records for who acted (booked by, scored by, disposition by) must
///   be the actor;
/// - events are numbered in order under the write lock, the roster and definition are
///   projected by the server from the events themselves, and a lead's new row may only be
///   written with an event on that lead.
///
/// The client still decides every command with `Rules.decide` and sends the events and the
/// leads' new rows in one call. `handoff_import` (the owner only) appends an exported log
/// with its own actors and numbers, into an empty store.
///
/// `@schema` is replaced with the store's schema, quoted: the functions name every table
/// with it and pin `search_path` to `pg_catalog, pg_temp`, so nothing a login creates can
/// stand in for a table, function or operator they use.
enum PostgresFunctions {
    static let lock = "\(PostgresSchema.lockClass), \(PostgresSchema.writeLock)"
    /// The event types v3 knew, as SQL literals (the names are plain lowercase words); v6
    /// (`PostgresCover`) recreates the check with the types added since.
    static let knownTypes = EventType.allCases.filter { ![.reassigned, .away, .calibrating, .calibrated].contains($0) }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static let migration: [String] = [
        // Who wrote each event and when, as the server saw it (NULL for events from before).
        "ALTER TABLE @schema.event ADD COLUMN recorded_by TEXT, ADD COLUMN recorded_at TIMESTAMPTZ",
        // Settings the functions read: `personal` holds the login that may act as anyone.
        "CREATE TABLE @schema.handoff_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        checks,
        projectTeam,
        append,
        importLog,
        """
        DO $$
        DECLARE
            owner_oid oid := (SELECT relowner FROM pg_catalog.pg_class WHERE oid = '@schema.event'::regclass);
            name text;
        BEGIN
            FOREACH name IN ARRAY ARRAY['handoff_check(@schema.event, boolean, boolean, text)',
                                        'handoff_project_team(@schema.event, text)',
                                        'handoff_append(json)', 'handoff_import(json)'] LOOP
                EXECUTE format('ALTER FUNCTION @schema.%s OWNER TO %I', name, pg_catalog.pg_get_userbyid(owner_oid));
                EXECUTE format('ALTER FUNCTION @schema.%s SET search_path = pg_catalog, pg_temp', name);
                EXECUTE format('REVOKE ALL ON FUNCTION @schema.%s FROM PUBLIC', name);
            END LOOP;
        END
        $$
        """,
        revokeDirectWrites,
    ]

    /// Whether `e`'s actor, as a member with `role`, may append it; raises the refusal.
    /// `fresh`: `e`'s lead has no events yet. Not SECURITY DEFINER: called directly by a login,
    /// it would run with that login's privileges, and it writes nothing.
    static let checks = """
        CREATE FUNCTION @schema.handoff_check(e @schema.event, is_lead boolean, fresh boolean, role text)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            p json := e.payload::json;
            held @schema.lead;
            target @schema.event;
            title text := CASE role WHEN 'sdr' THEN 'an SDR' WHEN 'ae' THEN 'an AE' ELSE 'a ' || role END;
        BEGIN
            -- Only the types this version knows: a reader must be able to read every event.
            -- (A new event type needs a migration that recreates this function.)
            IF e.type IS NULL OR e.type NOT IN (\(knownTypes)) THEN
                RAISE EXCEPTION 'event #% has an unknown type %', e.seq, coalesce(e.type, 'NULL');
            END IF;
            IF e.type IN ('member', 'definition') THEN
                IF e.lead IS NOT NULL THEN RAISE EXCEPTION 'event #% (%) takes no lead', e.seq, e.type; END IF;
                IF NOT is_lead THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        '%s is %s: only a team lead %s', e.actor, title,
                        CASE e.type WHEN 'member' THEN 'manages the team' ELSE 'edits the SQL definition' END);
                END IF;
                RETURN;
            END IF;
            IF e.lead IS NULL THEN RAISE EXCEPTION 'event #% (%) names no lead', e.seq, e.type; END IF;
            IF fresh THEN
                IF e.type <> 'created' THEN RAISE EXCEPTION 'event #%: there is no lead L-%', e.seq, e.lead; END IF;
            ELSIF e.type = 'created' THEN
                RAISE EXCEPTION 'event #% creates L-%, which exists', e.seq, e.lead;
            END IF;
            -- Who the payload says acted must be the actor.
            IF (e.type = 'booked' AND p->'meeting'->>'bookedBy' IS DISTINCT FROM e.actor)
               OR (e.type = 'scored' AND p->'scorecard'->>'scoredBy' IS DISTINCT FROM e.actor)
               OR (e.type IN ('accepted', 'nurtured', 'returned') AND p->'disposition'->>'by' IS DISTINCT FROM e.actor) THEN
                RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                    'event #%s (%s) by %s records someone else as acting', e.seq, e.type, e.actor);
            END IF;
            IF is_lead THEN RETURN; END IF;
            IF NOT (role = 'sdr' AND e.type IN ('created', 'edited', 'scored', 'booked', 'outcome', 'reworked',
                                                 'reactivated', 'archived', 'disputed', 'undone'))
               AND NOT (role = 'ae' AND e.type IN ('outcome', 'accepted', 'nurtured', 'returned', 'undone')) THEN
                RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                    '%s is %s and may not append "%s" on L-%s', e.actor, title, e.type, e.lead);
            END IF;
            IF e.type = 'created' THEN
                IF p->>'owner' IS DISTINCT FROM e.actor THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        '%s adds leads only into their own queue, not %s''s', e.actor, p->>'owner');
                END IF;
                RETURN;
            END IF;
            SELECT * INTO held FROM @schema.lead WHERE id = e.lead;
            IF NOT FOUND THEN RAISE EXCEPTION 'event #%: there is no lead L-%', e.seq, e.lead; END IF;
            IF e.type = 'undone' THEN
                SELECT * INTO target FROM @schema.event WHERE seq = (p->>'undoes')::bigint;
                IF NOT FOUND OR target.lead IS DISTINCT FROM e.lead OR target.actor <> e.actor THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        '%s may undo only their own changes on L-%s', e.actor, e.lead);
                END IF;
            ELSIF e.type = 'outcome' THEN
                IF held.owner <> e.actor AND held.ae IS DISTINCT FROM e.actor THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        'L-%s is %s''s lead with %s''s meeting: %s may not log it', e.lead, held.owner,
                        coalesce(held.ae, 'no AE'), e.actor);
                END IF;
            ELSIF role = 'sdr' AND held.owner <> e.actor THEN
                RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                    'L-%s belongs to %s: %s may not append %s on it', e.lead, held.owner, e.actor, e.type);
            ELSIF role = 'ae' AND held.ae IS DISTINCT FROM e.actor THEN
                RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                    'L-%s''s meeting is with %s: %s may not append %s on it', e.lead, coalesce(held.ae, 'no AE'),
                    e.actor, e.type);
            ELSIF role = 'ae' AND held.state::json->'meeting'->>'bookedBy' = e.actor THEN
                RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                    '%s booked the meeting on L-%s and may not give it a disposition', e.actor, e.lead);
            END IF;
        END
        $$
        """

    /// The roster and definition as the server projects them from a team event; the first
    /// member event founds the team and, when its founding says so, makes the store personal
    /// for `caller`. Also used by the import. Not SECURITY DEFINER, like `handoff_check`.
    static let projectTeam = """
        CREATE FUNCTION @schema.handoff_project_team(e @schema.event, caller text)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            p json := e.payload::json;
            m json := p->'member';
            d json := p->'definition';
        BEGIN
            IF e.type = 'member' THEN
                IF m IS NULL OR m->>'name' IS NULL OR m->>'role' NOT IN ('sdr', 'ae', 'lead') THEN
                    RAISE EXCEPTION 'event #% (member) carries no member', e.seq;
                END IF;
                -- Only the founding (the first member) can make the store personal, for whoever founds it.
                IF (p->'founding'->>'personal')::boolean AND NOT EXISTS (SELECT 1 FROM @schema.member) THEN
                    INSERT INTO @schema.handoff_setting (key, value) VALUES ('personal', caller)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
                END IF;
                INSERT INTO @schema.member (name, role, login)
                VALUES (m->>'name', m->>'role', coalesce(m->>'login', m->>'name'))
                ON CONFLICT (name) DO UPDATE SET role = excluded.role, login = excluded.login;
            ELSIF e.type = 'definition' THEN
                IF d IS NULL OR d->>'version' IS NULL THEN
                    RAISE EXCEPTION 'event #% (definition) carries no definition', e.seq;
                END IF;
                INSERT INTO @schema.definition (version, body) VALUES ((d->>'version')::bigint, d::text);
            END IF;
        END
        $$
        """

    /// One command's (or one batch chunk's) events, each with its lead's new row:
    /// `[{"event": {seq, at, actor, lead, type, from_column, to_column, payload}, "lead": {…} | null}]`.
    /// Returns the newest event number, and wakes the boards (NOTIFY, delivered on commit).
    static let append = append(insert: insertEvent, create: "CREATE")

    /// How `handoff_append` and `handoff_import` wrote an event before the report columns (v3).
    static let insertEvent = """
        INSERT INTO @schema.event (seq, at, actor, lead, type, from_column, to_column, payload, recorded_by, recorded_at)
                        VALUES (e.seq, e.at, e.actor, e.lead, e.type, e.from_column, e.to_column, e.payload, caller, now());
        """

    /// `handoff_append`, made (`create`: CREATE, or CREATE OR REPLACE) with `insert` as the
    /// statement that appends the event `e`.
    static func append(insert: String, create: String) -> String { """
        \(create) FUNCTION @schema.handoff_append(entries json)
        RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER AS $$
        DECLARE
            caller text := session_user;
            is_owner boolean := pg_has_role(session_user, current_user, 'MEMBER');
            personal boolean;
            founder text;
            entry json;
            e @schema.event;
            r @schema.lead;
            actor_role text;
            fresh boolean;
            next_seq bigint;
            before_owner text;
            mine text;
        BEGIN
            PERFORM pg_advisory_xact_lock(\(lock));
            personal := EXISTS (SELECT 1 FROM @schema.handoff_setting WHERE key = 'personal' AND value = caller);
            -- In the transaction that founds the team (now() is its start), the founder
            -- finishes setting it up as its lead, whatever its login.
            SELECT actor INTO founder FROM (SELECT actor, recorded_at, recorded_by FROM @schema.event ORDER BY seq LIMIT 1) first
            WHERE recorded_at = now() AND recorded_by = caller;
            next_seq := coalesce((SELECT max(seq) FROM @schema.event), 0) + 1;
            FOR entry IN SELECT value FROM json_array_elements(entries) LOOP
                e := json_populate_record(NULL::@schema.event, entry->'event');
                IF e.seq IS DISTINCT FROM next_seq THEN
                    RAISE EXCEPTION 'event #% is out of order: the next event is #%', e.seq, next_seq;
                END IF;
                PERFORM e.at::timestamptz;
                IF NOT EXISTS (SELECT 1 FROM @schema.member) THEN
                    -- The founding: only the store's owner creates the team, and its first member is its lead.
                    IF NOT is_owner THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'the store has no team yet, and only its owner (%s) founds one, not %s', current_user, caller);
                    END IF;
                    IF e.type <> 'member' OR (e.payload::json->'member'->>'role') IS DISTINCT FROM 'lead'
                       OR e.payload::json->'member'->>'name' IS DISTINCT FROM e.actor
                       OR coalesce(e.payload::json->'founding'->>'account', caller) <> caller THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'a team is founded by its lead, as %s, with the first event', caller);
                    END IF;
                    founder := e.actor;
                    actor_role := 'lead';
                ELSE
                    SELECT role INTO actor_role FROM @schema.member
                    WHERE name = e.actor AND (login = caller OR personal OR name = founder);
                    IF NOT FOUND THEN
                        SELECT name INTO mine FROM @schema.member WHERE login = caller;
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = CASE
                            WHEN mine IS NULL THEN format(
                                'you are logged in as %s, who is on no member''s login; you cannot act as %s', caller, e.actor)
                            ELSE format('you are logged in as %s (%s); you cannot act as %s', caller, mine, e.actor) END;
                    END IF;
                END IF;
                fresh := e.lead IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @schema.event WHERE lead = e.lead);
                PERFORM @schema.handoff_check(e, actor_role = 'lead', fresh, actor_role);
                \(insert)
                next_seq := next_seq + 1;
                IF e.lead IS NULL THEN
                    IF json_typeof(entry->'lead') IS DISTINCT FROM NULL AND json_typeof(entry->'lead') <> 'null' THEN
                        RAISE EXCEPTION 'event #% changes no lead, yet comes with a lead''s row', e.seq;
                    END IF;
                    PERFORM @schema.handoff_project_team(e, caller);
                    CONTINUE;
                END IF;
                IF json_typeof(entry->'lead') IS DISTINCT FROM 'object' THEN
                    RAISE EXCEPTION 'event #% comes without L-%''s new row', e.seq, e.lead;
                END IF;
                r := json_populate_record(NULL::@schema.lead, entry->'lead');
                IF r.id IS DISTINCT FROM e.lead THEN
                    RAISE EXCEPTION 'event #% is on L-%, but its row is L-%', e.seq, e.lead, r.id;
                END IF;
                IF actor_role <> 'lead' THEN
                    -- Only a team lead reassigns a lead; the row's owner is its state's.
                    before_owner := (SELECT owner FROM @schema.lead WHERE id = e.lead);
                    IF r.owner IS DISTINCT FROM coalesce(before_owner, e.actor)
                       OR r.state::json->>'owner' IS DISTINCT FROM r.owner THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            '%s may not give L-%s to %s', e.actor, e.lead, coalesce(r.state::json->>'owner', r.owner));
                    END IF;
                END IF;
                INSERT INTO @schema.lead VALUES (r.*)
                ON CONFLICT (id) DO UPDATE SET
                    column_slug = excluded.column_slug, owner = excluded.owner, ae = excluded.ae,
                    company = excluded.company, contact = excluded.contact, email = excluded.email,
                    external_id = excluded.external_id, version = excluded.version,
                    updated_at = excluded.updated_at, state = excluded.state,
                    column_since = excluded.column_since, rebook = excluded.rebook, dispute_open = excluded.dispute_open,
                    revisit = excluded.revisit, meeting_at = excluded.meeting_at, meeting_outcome = excluded.meeting_outcome;
            END LOOP;
            IF next_seq > 1 THEN PERFORM pg_notify('handoff_events', (next_seq - 1)::text); END IF;
            RETURN next_seq - 1;
        END
        $$
        """
    }

    /// An exported log, by the store's owner only, into an empty store: events keep their own
    /// numbers and actors (the client replays them through the rules first). Entries are
    /// `{"event": …}` or `{"lead": …}`; the call may come in chunks within one transaction.
    static let importLog = importLog(insert: insertEvent, create: "CREATE")

    static func importLog(insert: String, create: String) -> String { """
        \(create) FUNCTION @schema.handoff_import(entries json)
        RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER AS $$
        DECLARE
            caller text := session_user;
            entry json;
            e @schema.event;
            r @schema.lead;
            newest bigint;
            first_at timestamptz;
        BEGIN
            IF NOT pg_has_role(session_user, current_user, 'MEMBER') THEN
                RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                    'only the store''s owner (%s) may import a log, not %s', current_user, caller);
            END IF;
            PERFORM pg_advisory_xact_lock(\(lock));
            -- Empty, or filled only by this transaction's earlier chunks (now() is its start).
            SELECT recorded_at INTO first_at FROM @schema.event ORDER BY seq LIMIT 1;
            IF FOUND AND first_at IS DISTINCT FROM now() THEN
                RAISE EXCEPTION 'the store is not empty: a log is imported only into an empty store';
            END IF;
            newest := coalesce((SELECT max(seq) FROM @schema.event), 0);
            FOR entry IN SELECT value FROM json_array_elements(entries) LOOP
                IF json_typeof(entry->'event') = 'object' THEN
                    e := json_populate_record(NULL::@schema.event, entry->'event');
                    IF e.seq IS NULL OR e.seq <= newest THEN
                        RAISE EXCEPTION 'event #% comes after #%: a log is imported in increasing order', e.seq, newest;
                    END IF;
                    \(insert)
                    newest := e.seq;
                    IF e.lead IS NULL THEN PERFORM @schema.handoff_project_team(e, caller); END IF;
                END IF;
                IF json_typeof(entry->'lead') = 'object' THEN
                    r := json_populate_record(NULL::@schema.lead, entry->'lead');
                    INSERT INTO @schema.lead VALUES (r.*);
                END IF;
            END LOOP;
            IF newest > 0 THEN PERFORM pg_notify('handoff_events', newest::text); END IF;
            RETURN newest;
        END
        $$
        """
    }

    /// Logins given write privileges before v3 (the old advice was `GRANT ALL`) lose them:
    /// every table's INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES and TRIGGER, and the member
    /// sequence's USAGE and UPDATE, from everyone but the owner. SELECT stays.
    static let revokeDirectWrites = """
        DO $$
        DECLARE
            t regclass;
            g record;
        BEGIN
            FOREACH t IN ARRAY ARRAY['@schema.event', '@schema.lead', '@schema.member', '@schema.definition',
                                     '@schema.handoff_migration', '@schema.handoff_setting',
                                     pg_catalog.pg_get_serial_sequence('@schema.member', 'position')]::regclass[] LOOP
                FOR g IN SELECT DISTINCT a.grantee FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
                         WHERE c.oid = t AND a.grantee <> c.relowner
                           AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'USAGE') LOOP
                    EXECUTE format('REVOKE %s ON %s FROM %s',
                        CASE WHEN (SELECT relkind FROM pg_catalog.pg_class WHERE oid = t) = 'S' THEN 'USAGE, UPDATE'
                             ELSE 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER' END,
                        t, CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_catalog.pg_get_userbyid(g.grantee)) END);
                END LOOP;
            END LOOP;
        END
        $$
        """
}
