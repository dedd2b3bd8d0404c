import HandoffCore

/// Migration v7 (issue 17): the event types `calibrating` (a team lead asks members to
/// score a handoff blind) and `calibrated` (one participant's score), known to the server
/// and held to who may append them. `handoff_check` is recreated whole: v6's function with
/// every rule it has, the new types admitted, and these added:
///
/// - neither moves the card (from and to are the lead's column);
/// - `calibrating`: by a team lead only, on a lead handed off now (its newest booking still
///   in effect, not in the SDR queue), under the definition version that booking recorded,
///   naming 1 to 8 members of the team, each once, not the lead's SDR; refused while the
///   lead's calibration is still open;
/// - `calibrated`: by a member named in the lead's open calibration (whatever their role),
///   once each, against the calibration's definition version, its scorecard's `scoredBy`
///   being the actor.
///
/// The open calibration is read from the event table (the newest `calibrating` on the
/// lead that no `undone` reverses, and the `calibrated` events after it that none
/// reverses), not from the lead's row, which the client writes.
enum PostgresCalibration {
    static let migrationName = "v7: blind calibrations"

    /// Every event type this version knows, as SQL literals.
    static let knownTypes = EventType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Events of the lead that no `undone` event reverses (`alias` names the row).
    private static func inEffect(_ alias: String) -> String {
        "NOT EXISTS (SELECT 1 FROM @schema.event u WHERE u.lead = e.lead AND u.type = 'undone' AND u.payload::json->>'undoes' = \(alias).seq::text)"
    }

    static let rules = """
            -- A calibration (v7) never moves the card; a team lead starts it, each participant named scores it once.
            IF e.type IN ('calibrating', 'calibrated') THEN
                SELECT * INTO held FROM @schema.lead WHERE id = e.lead;
                IF NOT FOUND THEN RAISE EXCEPTION 'event #%: there is no lead L-%', e.seq, e.lead; END IF;
                IF e.from_column IS DISTINCT FROM held.column_slug OR e.to_column IS DISTINCT FROM held.column_slug THEN
                    RAISE EXCEPTION 'event #% (%) on L-% may not move the card', e.seq, e.type, e.lead;
                END IF;
                SELECT c.* INTO opened FROM @schema.event c
                WHERE c.lead = e.lead AND c.type = 'calibrating' AND \(inEffect("c")) ORDER BY c.seq DESC LIMIT 1;
                IF opened.seq IS NOT NULL THEN
                    SELECT array_agg(DISTINCT s.actor) INTO scorers FROM @schema.event s
                    WHERE s.lead = e.lead AND s.type = 'calibrated' AND s.seq > opened.seq AND \(inEffect("s"));
                    still_open := EXISTS (SELECT 1 FROM json_array_elements_text(opened.payload::json->'calibration'->'with') w
                                          WHERE NOT (w = ANY (coalesce(scorers, '{}'::text[]))));
                END IF;
                IF e.type = 'calibrating' THEN
                    IF NOT is_lead THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            '%s is %s: only a team lead starts a calibration (L-%s)', e.actor, title, e.lead);
                    END IF;
                    names := p->'calibration'->'with';
                    IF json_typeof(names) IS DISTINCT FROM 'array' OR json_array_length(names) NOT BETWEEN 1 AND 8
                       OR json_typeof(p->'calibration'->'definitionVersion') IS DISTINCT FROM 'number' THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'event #%s (calibrating) on L-%s must name 1 to 8 members and a definition version', e.seq, e.lead);
                    END IF;
                    IF EXISTS (SELECT 1 FROM json_array_elements(names) n
                               WHERE json_typeof(n) IS DISTINCT FROM 'string' OR n #>> '{}' = held.owner
                                  OR NOT EXISTS (SELECT 1 FROM @schema.member m WHERE m.name = n #>> '{}'))
                       OR (SELECT count(DISTINCT n) FROM json_array_elements_text(names) n) <> json_array_length(names) THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'event #%s (calibrating) on L-%s must name members of the team, each once, and not its SDR %s',
                            e.seq, e.lead, held.owner);
                    END IF;
                    booked_version := (SELECT b.payload::json->>'definitionVersion' FROM @schema.event b
                                       WHERE b.lead = e.lead AND b.type = 'booked' AND \(inEffect("b"))
                                       ORDER BY b.seq DESC LIMIT 1);
                    IF booked_version IS NULL OR held.column_slug = 'queue' THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'L-%s is not handed off, and only a handoff is calibrated', e.lead);
                    END IF;
                    IF p->'calibration'->>'definitionVersion' IS DISTINCT FROM booked_version THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'event #%s (calibrating) on L-%s must score against definition v%s, which it was handed off under',
                            e.seq, e.lead, booked_version);
                    END IF;
                    IF still_open THEN
                        RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                            'L-%s''s calibration (event #%s) is still open', e.lead, opened.seq);
                    END IF;
                    RETURN;
                END IF;
                IF opened.seq IS NULL OR NOT EXISTS (
                       SELECT 1 FROM json_array_elements_text(opened.payload::json->'calibration'->'with') w WHERE w = e.actor) THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        '%s is not named in an open calibration of L-%s and may not score it', e.actor, e.lead);
                END IF;
                IF e.actor = ANY (coalesce(scorers, '{}'::text[])) THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        '%s has already scored the calibration of L-%s', e.actor, e.lead);
                END IF;
                IF p->'scorecard'->>'definitionVersion' IS DISTINCT FROM opened.payload::json->'calibration'->>'definitionVersion' THEN
                    RAISE EXCEPTION USING ERRCODE = 'HF001', MESSAGE = format(
                        'event #%s (calibrated) on L-%s must score against definition v%s', e.seq, e.lead,
                        opened.payload::json->'calibration'->>'definitionVersion');
                END IF;
                RETURN;
            END IF;

    """

    /// v6's check with the calibration types and their rules (the pieces replaced are
    /// checked by `PostgresCalibrationSQLTests`, so an edit of v6's text cannot drop them).
    static let checks = PostgresCover.checks
        .replacingOccurrences(of: "e.type NOT IN (\(PostgresCover.knownTypes))", with: "e.type NOT IN (\(knownTypes))")
        .replacingOccurrences(of: "booker text;\n",
                              with: "booker text;\n    opened @schema.event;\n    scorers text[];\n    still_open boolean := false;\n    names json;\n    booked_version text;\n")
        .replacingOccurrences(of: "OR (e.type = 'scored' AND p->'scorecard'->>'scoredBy' IS DISTINCT FROM e.actor)",
                              with: "OR (e.type IN ('scored', 'calibrated') AND p->'scorecard'->>'scoredBy' IS DISTINCT FROM e.actor)")
        .replacingOccurrences(of: "IF is_lead THEN RETURN; END IF;\n", with: rules + "    IF is_lead THEN RETURN; END IF;\n")

    static let migration: [String] = [
        checks,
        // CREATE OR REPLACE keeps the owner and grants but not the settings: pin search_path again.
        """
        DO $$
        DECLARE
            owner_oid oid := (SELECT relowner FROM pg_catalog.pg_class WHERE oid = '@schema.event'::regclass);
        BEGIN
            EXECUTE format('ALTER FUNCTION @schema.handoff_check(@schema.event, boolean, boolean, text) OWNER TO %I',
                           pg_catalog.pg_get_userbyid(owner_oid));
            ALTER FUNCTION @schema.handoff_check(@schema.event, boolean, boolean, text) SET search_path = pg_catalog, pg_temp;
            REVOKE ALL ON FUNCTION @schema.handoff_check(@schema.event, boolean, boolean, text) FROM PUBLIC;
        END
        $$
        """,
    ]
}
