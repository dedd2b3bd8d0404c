import HandoffCore

/// Migration v4: the facts the report reads from each event, as plain columns beside its
/// payload (`ReportColumns`), so the report reads no JSON.
///
/// `handoff_append` derives them on the server from the payload itself
/// (`handoff_facts`, with jsonb's operators), whatever the client sent: a login cannot
/// record facts its payload does not say. `handoff_import` (the owner only) takes them as
/// the client computed them with `ReportColumns`, the same function the SQLite store uses;
/// a test holds the server's values equal to it. The events already in the store get
/// theirs from `handoff_facts` in one UPDATE.
enum PostgresReportColumns {
    static let columns = ReportColumns.names.joined(separator: ", ")

    /// The facts of an event from its type, actor, lead and payload: what
    /// `ReportColumns(event)` computes, in SQL. No row for a team event.
    static let facts = """
        CREATE FUNCTION @schema.handoff_facts(type text, actor text, lead bigint, p jsonb,
            OUT person text, OUT company text, OUT meeting_at text, OUT outcome text, OUT revisit text,
            OUT resolution text, OUT undoes bigint, OUT reasons text, OUT failed_criteria text,
            OUT before_meeting boolean)
        LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE $1 WHEN 'created' THEN coalesce($4->>'owner', $2) WHEN 'edited' THEN $4->>'owner'
                           WHEN 'booked' THEN $4->'meeting'->>'ae' END,
                   $4->'fields'->>'company',
                   CASE $1 WHEN 'booked' THEN $4->'meeting'->>'at' WHEN 'outcome' THEN $4->>'newTime' END,
                   $4->>'outcome',
                   CASE WHEN $1 = 'nurtured' THEN $4->'disposition'->>'revisit' END,
                   $4->>'resolution',
                   ($4->>'undoes')::bigint,
                   CASE WHEN $1 = 'returned' AND jsonb_typeof($4->'disposition') = 'object' THEN
                       pg_catalog.array_to_json(ARRAY(SELECT pg_catalog.jsonb_array_elements_text($4->'disposition'->'reasons')))::text
                   END,
                   CASE WHEN $1 = 'returned' AND jsonb_typeof($4->'disposition') = 'object' THEN
                       pg_catalog.array_to_json(ARRAY(SELECT pg_catalog.jsonb_array_elements_text($4->'disposition'->'failedCriteria')))::text
                   END,
                   CASE WHEN $1 = 'returned' AND jsonb_typeof($4->'disposition') = 'object' THEN
                       coalesce(($4->'disposition'->>'beforeMeeting')::boolean, false)
                   END
            WHERE $3 IS NOT NULL
        $$
        """

    /// `handoff_append`'s insert: the facts from the payload, never from the client.
    static let appendInsert = """
        SELECT * INTO e.person, e.company, e.meeting_at, e.outcome, e.revisit, e.resolution, e.undoes, e.reasons,
                              e.failed_criteria, e.before_meeting
                FROM @schema.handoff_facts(e.type, e.actor, e.lead, e.payload::jsonb);
                INSERT INTO @schema.event (seq, at, actor, lead, type, from_column, to_column, payload, recorded_by, recorded_at,
                                           \(columns))
                VALUES (e.seq, e.at, e.actor, e.lead, e.type, e.from_column, e.to_column, e.payload, caller, now(),
                        e.person, e.company, e.meeting_at, e.outcome, e.revisit, e.resolution, e.undoes, e.reasons,
                        e.failed_criteria, e.before_meeting);
        """

    /// `handoff_import`'s insert: the facts as the owner's client computed them (`ReportColumns`).
    static let importInsert = """
        INSERT INTO @schema.event (seq, at, actor, lead, type, from_column, to_column, payload, recorded_by, recorded_at,
                                               \(columns))
                    VALUES (e.seq, e.at, e.actor, e.lead, e.type, e.from_column, e.to_column, e.payload, caller, now(),
                            e.person, e.company, e.meeting_at, e.outcome, e.revisit, e.resolution, e.undoes, e.reasons,
                            e.failed_criteria, e.before_meeting);
        """

    /// `e.payload` as jsonb can take it. A log written before NUL was refused at every
    /// entry can hold `\u0000`, which jsonb refuses for good (the migration would fail on
    /// every open): such an escape, and only an escape (not an escaped backslash before
    /// `u0000`), becomes U+FFFD, as a text column holds it. `LogCheck` takes that
    /// column for the payload's NUL.
    static let storablePayload = #"regexp_replace(e.payload, '(?<!\\)((?:\\\\)*)\\u0000', '\1\\ufffd', 'g')"#

    static let migration: [String] = [
        """
        ALTER TABLE @schema.event ADD COLUMN person TEXT, ADD COLUMN company TEXT, ADD COLUMN meeting_at TEXT,
            ADD COLUMN outcome TEXT, ADD COLUMN revisit TEXT, ADD COLUMN resolution TEXT, ADD COLUMN undoes BIGINT,
            ADD COLUMN reasons TEXT, ADD COLUMN failed_criteria TEXT, ADD COLUMN before_meeting BOOLEAN
        """,
        facts,
        // The log is append-only: only this migration writes the new columns of old events.
        "ALTER TABLE @schema.event DISABLE TRIGGER event_no_update_or_delete",
        """
        UPDATE @schema.event e SET (\(columns)) =
            (SELECT * FROM @schema.handoff_facts(e.type, e.actor, e.lead, \(storablePayload)::jsonb))
        WHERE e.lead IS NOT NULL
        """,
        "ALTER TABLE @schema.event ENABLE TRIGGER event_no_update_or_delete",
        PostgresFunctions.append(insert: appendInsert, create: "CREATE OR REPLACE"),
        PostgresFunctions.importLog(insert: importInsert, create: "CREATE OR REPLACE"),
        // CREATE OR REPLACE keeps the owner and grants but not the settings: pin search_path again.
        """
        DO $$
        DECLARE
            owner_oid oid := (SELECT relowner FROM pg_catalog.pg_class WHERE oid = '@schema.event'::regclass);
            name text;
        BEGIN
            FOREACH name IN ARRAY ARRAY['handoff_facts(text, text, bigint, jsonb)', 'handoff_append(json)',
                                        'handoff_import(json)'] LOOP
                EXECUTE format('ALTER FUNCTION @schema.%s OWNER TO %I', name, pg_catalog.pg_get_userbyid(owner_oid));
                EXECUTE format('ALTER FUNCTION @schema.%s SET search_path = pg_catalog, pg_temp', name);
            END LOOP;
            REVOKE ALL ON FUNCTION @schema.handoff_import(json) FROM PUBLIC;
            REVOKE ALL ON FUNCTION @schema.handoff_append(json) FROM PUBLIC;
        END
        $$
        """,
    ]
}
