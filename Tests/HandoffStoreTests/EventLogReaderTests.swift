import Foundation
@testable import HandoffCore
@testable import HandoffStore
import Testing

/// `import --events` reads an export as it streams in: the same events whatever the
/// chunks, each with its line; every malformed or hostile file gets one line-numbered
/// error and never a crash; a refusal in a late batch leaves either store empty.
@Suite("import --events: the streamed export reader")
struct EventLogReaderTests {
    static let at = Date(timeIntervalSince1970: 1_773_046_800)

    static func export(_ log: [Event]) throws -> [UInt8] {
        let leads = Projection.replay(log).leads.values.sorted { $0.id < $1.id }
        return Array(try Export.json(leads: leads, events: log, at: at))
    }

    /// The line each event starts on in `bytes` (the export writes one a line).
    static func lines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var atStart = true
        for (index, byte) in bytes.enumerated() {
            if atStart, bytes[index...].starts(with: Array(#"{"seq":"#.utf8)) { lines.append(line) }
            atStart = byte == 0x0A
            if byte == 0x0A { line += 1 }
        }
        return lines
    }

    static func read(_ bytes: [UInt8], chunk: Int, batch: Int) throws -> (events: [Event], lines: [Int]) {
        var rest = bytes[...]
        let reader = EventLogReader { count in
            let piece = Array(rest.prefix(min(count, chunk)))
            rest = rest.dropFirst(piece.count)
            return piece
        }
        var events: [Event] = []
        var lines: [Int] = []
        while let next = try reader.next(limit: batch) {
            events += next.events
            lines += next.lines
        }
        return (events, lines)
    }

    @Test func anExportReadInTinyChunksGivesItsEventsAndTheirLines() throws {
        var log = try ReportColumnsTests.log(leads: 60)
        // Brackets, quotes and backslashes inside strings are text, not structure: the
        // scanner skips a string's plain bytes in runs and must stop at each escape.
        let created = try #require(log.firstIndex { $0.type == .created })
        log[created].payload.fields?.company = #"Brace } ] [ { "quoted }]" \ back\slash "#
        log[created].payload.fields?.title = "\\\\ ends in backslashes \\"
        let bytes = try Self.export(log)
        let expected = Self.lines(bytes)
        #expect(expected.count == log.count)
        for (chunk, batch) in [(7, 13), (1, 1_000), (1 << 20, 20_000)] {
            let read = try Self.read(bytes, chunk: chunk, batch: batch)
            #expect(read.events == log)
            #expect(read.lines == expected)
        }
    }

    /// Every batch of `bytes`, read in one go.
    static func batches(_ bytes: [UInt8], batch: Int = 20_000) throws -> [EventLogReader.Batch] {
        let reader = EventLogReader(bytes: bytes)
        var batches: [EventLogReader.Batch] = []
        while let next = try reader.next(limit: batch) { batches.append(next) }
        return batches
    }

    /// A store keeps a lead's payload as the export wrote it instead of encoding it again
    /// (issue 14): in an export's own form those bytes are exactly the encoder's, so the
    /// store holds what it would have written; team events are always encoded.
    @Test func aLeadsPayloadIsKeptAsTheExportWroteIt() throws {
        let log = try ReportColumnsTests.log(leads: 60)
        var kept = 0
        for batch in try Self.batches(try Self.export(log), batch: 97) {
            for (index, event) in batch.events.enumerated() {
                let text = batch.payloadText(index)
                if event.lead == nil {
                    #expect(text == nil, "event #\(event.seq)")
                } else if let text {
                    #expect(text == (try StreamingJSONEncoder.string(event.payload)), "event #\(event.seq)")
                    kept += 1
                }
            }
        }
        #expect(kept == log.count { $0.lead != nil })
        #expect(log.contains { $0.payload.restored != nil })
    }

    /// Bytes the direct reader is not sure of, or that are not in the export's compact
    /// form, are never kept: the store encodes the payload it decoded.
    @Test func aPayloadOutsideTheExportsFormIsEncodedAgain() throws {
        let log = try ReportColumnsTests.log(leads: 3)
        let lead = try #require(log.first { $0.type == .created })
        let line = Array(try StreamingJSONEncoder.string(lead).utf8)
        let text = String(decoding: line, as: UTF8.self)
        func document(_ event: String) -> [UInt8] {
            Array(#"{"format":"handoff-export","version":1,"events":[\#(event)]}"#.utf8)
        }
        func read(_ event: String) throws -> (Event, String?) {
            let batch = try #require(try Self.batches(document(event)).first)
            return (try #require(batch.events.first), batch.payloadText(0))
        }
        #expect(try read(text).1 != nil)
        // A space between two tokens anywhere in the event, even outside the payload.
        let spaced = text.replacingOccurrences(of: #""payload":{"#, with: #""payload": {"#)
        #expect(spaced != text)
        let (event, kept) = try read(spaced)
        #expect(event == lead && kept == nil)
        let before = text.replacingOccurrences(of: #""actor":"#, with: #" "actor":"#)
        #expect(try read(before).1 == nil)
        // A key twice in the payload: JSONDecoder reads it, and nothing of the file is kept.
        let twice = text.replacingOccurrences(of: #""owner":"#, with: #""owner":"mallory","owner":"#)
        #expect(twice != text)
        if let (_, kept) = try? read(twice) { #expect(kept == nil) }
        // An escape the direct reader leaves to JSONDecoder (a key spelled with one).
        let escapedKey = text.replacingOccurrences(of: #""owner":"#, with: #""\u006fwner":"#)
        #expect(escapedKey != text)
        let (decoded, keptEscaped) = try read(escapedKey)
        #expect(decoded == lead && keptEscaped == nil)
    }

    /// A tool that rewrites the export (Python's json, JSONSerialization) may put "format"
    /// and "version" after "events": the log still reads; without a format anywhere it is
    /// refused once the document ends, so an import of it writes nothing.
    @Test func theFormatMayFollowTheEventsButMustBeThere() throws {
        let log = try ReportColumnsTests.log(leads: 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try Self.export(log))) as? [String: Any])
        let events = try JSONSerialization.data(withJSONObject: try #require(object["events"]))
        let reordered = Array(#"{"events": "#.utf8) + Array(events) + Array(#", "version": 1, "format": "handoff-export"}"#.utf8)
        #expect(try Self.read(reordered, chunk: 64, batch: 10).events == log)
        let unnamed = Array(#"{"events": "#.utf8) + Array(events) + Array(#", "version": 1}"#.utf8)
        #expect(throws: RuleError.self) { _ = try Self.read(unnamed, chunk: 64, batch: 10) }
        do {
            _ = try Self.read(unnamed, chunk: 64, batch: 10)
        } catch {
            #expect("\(error)".contains("not a Handoff JSON export"), "\(error)")
        }
        let newer = Array(#"{"events": "#.utf8) + Array(events) + Array(#", "format": "handoff-export", "version": 99}"#.utf8)
        #expect(throws: RuleError.self) { _ = try Self.read(newer, chunk: 64, batch: 10) }
    }

    @Test func everyTruncationIsOneLineNumberedErrorNeverACrash() throws {
        let bytes = try Self.export(try ReportColumnsTests.log(leads: 2))
        var accepted: [Int] = []
        for length in stride(from: 0, to: bytes.count - 1, by: max(1, bytes.count / 1_500)) {
            do {
                _ = try Self.read(Array(bytes[..<length]), chunk: 997, batch: 50)
                accepted.append(length)
            } catch {
                let text = String(describing: error)
                #expect(error is RuleError)
                #expect(text.hasPrefix("line ") || text.hasPrefix("not a Handoff JSON export"), "\(text)")
                #expect(!text.contains("\n"))
            }
        }
        #expect(accepted.isEmpty)
    }

    /// The scan runs over a stretch of bytes at a time (`JSONValueScan`); where a chunk
    /// ends must not move a limit, a line number or an error.
    @Test func aValuesLimitAndLinesDoNotDependOnWhereChunksEnd() throws {
        func outcome(_ text: String, chunk: Int) -> String {
            do {
                _ = try Self.read(Array(text.utf8), chunk: chunk, batch: 10)
                return "read"
            } catch {
                return String(describing: error)
            }
        }
        // A header name is a value of at most 4,096 bytes, checked as it is scanned.
        func named(_ length: Int) -> String {
            "{\n\"" + String(repeating: "n", count: length - 2) + "\":1,\"format\":\"handoff-export\",\"events\":[]}"
        }
        let cases: [(String, String)] = [
            (named(4_097), "read"),
            (named(4_098), "line 2: a field's name is longer than 4096 bytes, the limit"),
            ("{\"format\":\"handoff-export\",\n\"x\":[\n[\n]\n}],\"events\":[]}", "line 5: } closes a bracket it does not match"),
            ("{\"format\":\"handoff-export\",\"x\":\"a\\\"\n\\\\\",\n\"events\":[\n]}", "read"),
            ("{\"format\":\"handoff-export\",\"x\":\"a\n\nb", "line 1: the export ends inside a value"),
        ]
        for (text, expected) in cases {
            for chunk in [1, 2, 3, 7, 64, 4_095, 4_096, 4_097, 1 << 20] {
                #expect(outcome(text, chunk: chunk) == expected, "chunk \(chunk) \(text.prefix(40))")
            }
        }
    }

    static func failure(_ text: String) -> String? {
        do {
            _ = try Self.read(Array(text.utf8), chunk: 4096, batch: 10)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func hostileFilesGetOneClearLine() throws {
        let head = #"{"format":"handoff-export","version":1,"exportedAt":"2026-03-09T09:00:00Z","leads":["#
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(Self.failure(head + "],\n\"events\":[\n" + deep + "]}") == "line 3: arrays and objects nest more than 32 deep")
        #expect(Self.failure(head + "\n" + deep + "],\"events\":[]}") == "line 2: arrays and objects nest more than 32 deep")
        let huge = String(repeating: "\\\\", count: 3 << 20)
        #expect(Self.failure(head + "],\n\"events\":[\n{\"seq\":1,\"note\":\"" + huge + "\"}]}")
                == "line 3: an event is longer than 4 MiB, the limit")
        #expect(Self.failure(head + "],\n\"events\":[\n{\"seq\":1]]}")?.hasPrefix("line 3: ] closes a bracket it does not match") == true)
        #expect(Self.failure(head + "],\"events\":[]}\nx") == "line 2: text after the export's closing }")
        #expect(Self.failure(head + "],\"events\":[\n{\"seq\":1}]}")?.hasPrefix("line 2: the event cannot be read: ") == true)
        #expect(Self.failure(#"{"format":"other","events":[]}"#)?.hasPrefix("not a Handoff JSON export") == true)
        // The format may follow the events (a rewriting tool may reorder keys), but must be somewhere.
        #expect(Self.failure(#"{"events":[],"format":"handoff-export"}"#) == nil)
        #expect(Self.failure(#"{"events":[],"version":1}"#)?.hasPrefix("not a Handoff JSON export") == true)
        #expect(Self.failure(#"{"events":[],"format":"other"}"#)?.hasPrefix("not a Handoff JSON export") == true)
        #expect(Self.failure(#"{"format":"handoff-export","events":[],"events":[]}"#) == "line 1: the export holds \"events\" twice")
        #expect(Self.failure(#"{"format":"handoff-export","version":2,"events":[]}"#)?.hasPrefix("the export is version 2") == true)
        #expect(Self.failure(deep)?.hasPrefix("not a Handoff JSON export") == true)
        #expect(Self.failure(head + "],\"events\":[]}") == nil)
        // A NUL or an overlong field is refused with the event's line, as the board refuses it.
        let member = #"{"seq":1,"at":"2026-03-09T09:00:00Z","actor":"lee","type":"member","payload":{"note":"a\u0000b","member":{"name":"lee","role":"lead"}}}"#
        #expect(Self.failure(head + "],\n\"events\":[\n\n" + member + "]}")
                == "line 4: event #1 cannot be imported: the note contains a NUL byte (U+0000), which Handoff does not store; nothing was imported")
    }
}

/// A refusal in a late batch, after earlier batches were written (SQLite) or sent by
/// `COPY` (PostgreSQL), leaves the store as it was, and the error names the event's line.
@Suite("import --events: a refusal in a late batch", .serialized)
struct EventImportRefusalTests {
    @Test(arguments: StoreKind.all)
    func aForgedEventNearTheEndNamesItsLineAndLeavesTheStoreEmpty(_ kind: StoreKind) throws {
        let log = try ReportColumnsTests.log(leads: 60)
        var forged = log
        let index = try #require(forged.indices.last { forged[$0].lead != nil && forged[$0].type != .created && $0 < log.count * 9 / 10 })
        forged[index].actor = "mallory"
        let bytes = try EventLogReaderTests.export(forged)
        let line = EventLogReaderTests.lines(bytes)[index]
        let database = try StoreUnderTest(kind)
        defer { database.remove() }
        let store = try database.open(now: .fixed(ReportColumnsTests.end))
        let error = #expect(throws: RuleError.self) {
            try store.importEvents(from: .reader(EventLogReader(bytes: bytes), batch: 25))
        }
        #expect(error?.description.hasPrefix("line \(line): event #\(forged[index].seq) (") == true, "\(String(describing: error))")
        #expect(error?.description.contains("mallory") == true)
        #expect(try store.lastSequence() == 0)
        #expect(try store.team().members.isEmpty)
        #expect(try store.leads(LeadQuery(includeArchived: true), damaged: nil).isEmpty)

        // The honest export, in the same batches, goes in whole; doctor finds exactly the log.
        let report = try store.importEvents(from: .reader(EventLogReader(bytes: try EventLogReaderTests.export(log)), batch: 25))
        #expect(report.events == log.count)
        let doctor = try store.doctor()
        #expect(doctor.problems.isEmpty, "\(doctor.problems.prefix(3))")
        #expect(try store.leads(LeadQuery(includeArchived: true), damaged: nil).count == Projection.replay(log).leads.count)
    }
    /// A lead's payload goes in as the file wrote it when the direct reader read it (the
    /// COPY on PostgreSQL, the INSERT on SQLite): an export rewritten by another tool, with
    /// every object's keys in another order, still reads back as exactly the log, and
    /// `doctor` replays it to the board.
    @Test(arguments: StoreKind.all)
    func payloadsKeptAsTheFileWroteThemReadBackAsTheLog(_ kind: StoreKind) throws {
        var log = try ReportColumnsTests.log(leads: 40)
        // Quotes and a backslash, which JSON escapes and COPY's text format escapes again.
        let created = try #require(log.firstIndex { $0.type == .created })
        log[created].payload.fields?.company = #"Acme "Quoted" \ Co"#
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try EventLogReaderTests.export(log))) as? [String: Any])
        let events = try #require(object["events"] as? [Any])
        var bytes = Array(#"{"format":"handoff-export","version":1,"events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { bytes += Array(",\n".utf8) }
            bytes += Array(try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]))
        }
        bytes += Array("]}".utf8)
        let batches = try EventLogReaderTests.batches(bytes, batch: 25)
        let kept = batches.flatMap { batch in batch.events.indices.compactMap { batch.payloadText($0) } }
        // Most payloads are kept as the file has them, and those are not the encoder's bytes.
        #expect(kept.count > log.count / 2)
        let encoded = Set(try log.map { try StreamingJSONEncoder.string($0.payload) })
        #expect(kept.contains { !encoded.contains($0) })

        let database = try StoreUnderTest(kind)
        defer { database.remove() }
        let store = try database.open(now: .fixed(ReportColumnsTests.end))
        let report = try store.importEvents(from: .reader(EventLogReader(bytes: bytes), batch: 25))
        #expect(report.events == log.count)
        #expect(try store.events(after: 0, limit: nil) == log)
        let doctor = try store.doctor()
        #expect(doctor.problems.isEmpty, "\(doctor.problems.prefix(3))")
        let leads = try store.leads(LeadQuery(includeArchived: true), damaged: nil)
        #expect(leads.sorted { $0.id < $1.id } == Projection.replay(log).leads.values.sorted { $0.id < $1.id })
        #expect(leads.contains { $0.company == #"Acme "Quoted" \ Co"# })
    }
}
