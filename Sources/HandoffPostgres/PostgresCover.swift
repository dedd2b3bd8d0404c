import HandoffCore

/// Migration v6 (issue 16): the event types `reassigned` (a meeting moved to another AE)
/// and `away` (a member out of the office), known to the server and held to who may append
/// them. `handoff_check` is recreated whole, keeping every rule of v3, with these added:
///
/// - `reassigned`, on a lead: by a team lead, or by the AE the meeting is with now
///   (`held.ae = e.actor`); the payload's meeting keeps its booking (`bookedBy`,
///   `bookedAt`: the SDR's credit and the rotation's count), and its new AE is not the
///   person who booked it;
/// - `away`, a team event: by a team lead, or by the member it names, who is the actor
///   (`handoff_append` has already held the actor to the login's member).
///
/// `handoff_facts` learns that a reassign's person is the meeting's new AE, as
/// `ReportColumns` says.
enum PostgresCover {
    static let migrationName = "v6: reassigned meetings and away members"

    /// The event types v6 knew, as SQL literals; v7 (`PostgresCalibration`) recreates the
    /// check with the calibration types.
    static let knownTypes = EventType.allCases.filter { $0 != .calibrating && $0 != .calibrated }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")

    static let checks = """
        CREATE OR REPLACE FUNCTION @schema.handoff_check(e @schema.event, is_lead boolean, fresh boolean, role text)
        RETURNS void LANGUAGE plpgsql AS $$
        DECLARE
            p json := e.payload::json;
            held @schema.lead;
            target @schema.event;
            booker text;
            title text := CASE role WHEN 'sdr' THEN 'an SDR' WHEN 'ae' THEN 'an AE' ELSE 'a ' || role END;
        BEGIN
            -- Only the types this version knows: a reader must be able to read every event.
            -- (A new event type needs a migration that recreates this function.)
            IF e.type IS NULL OR e.type NOT IN (\(knownTypes)) THEN
                RAISE EXCEPTION 'event #% has an unknown type %', e.seq, coalesce(e.type, 'NULL');
            END IF;
            IF e.type IN ('member', 'definition', 'away') THEN
                IF e.lead IS NOT NULL THEN RAISE EXCEPTION 'event #% (%) takes no lead', e.seq, e.type; END IF;
                IF e.type = 'away' THEN
                    IF json_typeof(p->'away') IS DISTINCT FROM 'object' OR p->'away'->>'member' IS NULL THEN
                        RAISE EXCEPTION 'event #% (away) names no member', e.seq;
                    END IF;
                    IF NOT is_lead AND p->'away'->>'member' IS DISTINCT FROM e.actor THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            '%s is %s: only a team lead or %s themselves says when %s is away', e.actor, title,
                            p->'away'->>'member', p->'away'->>'member');
                    END IF;
                    RETURN;
                END IF;
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
            -- A reassign moves the meeting, never its booking: the SDR keeps the credit, whoever acts.
            IF e.type = 'reassigned' THEN
                SELECT * INTO held FROM @schema.lead WHERE id = e.lead;
                IF NOT FOUND THEN RAISE EXCEPTION 'event #%: there is no lead L-%', e.seq, e.lead; END IF;
                booker := held.state::json->'meeting'->>'bookedBy';
                IF booker IS NULL OR json_typeof(p->'meeting') IS DISTINCT FROM 'object'
                   OR p->'meeting'->>'bookedBy' IS DISTINCT FROM booker
                   OR p->'meeting'->>'bookedAt' IS DISTINCT FROM held.state::json->'meeting'->>'bookedAt' THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        'event #%s (reassigned) on L-%s must keep the meeting''s booking by %s', e.seq, e.lead,
                        coalesce(booker, 'nobody'));
                END IF;
                IF p->'meeting'->>'ae' IS NULL OR p->'meeting'->>'ae' = booker THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        'L-%s''s meeting cannot go to %s, who booked it', e.lead, coalesce(p->'meeting'->>'ae', 'no AE'));
                END IF;
            END IF;
            IF is_lead THEN RETURN; END IF;
            IF NOT (role = 'sdr' AND e.type IN ('created', 'edited', 'scored', 'booked', 'outcome', 'reworked',
                                                 'reactivated', 'archived', 'disputed', 'undone'))
               AND NOT (role = 'ae' AND e.type IN ('outcome', 'accepted', 'nurtured', 'returned', 'reassigned', 'undone')) THEN
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

    /// `handoff_facts` of v4, with a reassign's person: the meeting's new AE.
    static let facts = PostgresReportColumns.facts
        .replacingOccurrences(of: "CREATE FUNCTION", with: "CREATE OR REPLACE FUNCTION")
        .replacingOccurrences(of: "WHEN 'booked' THEN $4->'meeting'->>'ae' END,",
                              with: "WHEN 'booked' THEN $4->'meeting'->>'ae' WHEN 'reassigned' THEN $4->'meeting'->>'ae' END,")

    static let migration: [String] = [
        checks,
        facts,
        // CREATE OR REPLACE keeps the owner and grants but not the settings: pin search_path again.
        """
        DO $$
        DECLARE
            owner_oid oid := (SELECT relowner FROM pg_catalog.pg_class WHERE oid = '@schema.event'::regclass);
            name text;
        BEGIN
            FOREACH name IN ARRAY ARRAY['handoff_check(@schema.event, boolean, boolean, text)',
                                        'handoff_facts(text, text, bigint, jsonb)'] LOOP
                EXECUTE format('ALTER FUNCTION @schema.%s OWNER TO %I', name, pg_catalog.pg_get_userbyid(owner_oid));
                EXECUTE format('ALTER FUNCTION @schema.%s SET search_path = pg_catalog, pg_temp', name);
            END LOOP;
            REVOKE ALL ON FUNCTION @schema.handoff_check(@schema.event, boolean, boolean, text) FROM PUBLIC;
        END
        $$
        """,
    ]
}
