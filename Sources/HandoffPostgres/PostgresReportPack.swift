/// Migration v8: each lead event's report columns packed into the text the report reads
/// (`PostgresReportRead.packed`), as a column the server generates from the event's own
/// columns when the event is written (`GENERATED ALWAYS … STORED`): no client writes it,
/// so it says what the report columns say, which `handoff_append` derives from the
/// payload. Packing at read time cost the server about 2 µs an event, most of a million-
/// event report's read; stored, it costs about 80 bytes an event.
///
/// Adding the column rewrites the event table once, under its lock (about 9 s at a
/// million events on the test machine), when the owner first opens the store with this
/// version. The encoding is fixed by the column: changing it takes a migration that
/// drops and adds the column again.
enum PostgresReportPack {
    static let migrationName = "v8: packed report texts"

    static let migration: [String] = [
        "ALTER TABLE @schema.event ADD COLUMN report_pack text GENERATED ALWAYS AS (\(PostgresReportRead.packed)) STORED",
    ]
}
