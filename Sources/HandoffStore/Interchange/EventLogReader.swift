import Foundation
import HandoffCore

/// The log of a JSON export (`handoff export --format json`), read as it streams in:
/// `{"format":"handoff-export","version":1,…,"events":[{…},\n{…}…]}`, in batches of
/// events, each with the line of the file it starts on.
///
/// One linear pass that keeps no stack: the header's members are read or skipped (the
/// leads too, which a rebuild does not need), then each event's bytes are cut out with
/// their strings and brackets counted, refused past `maxEventBytes` or `JSONLimits.maxDepth`,
/// and decoded (`EventJSON`) on every core. Memory holds one chunk of the file and one
/// batch, whatever the file's size. Every error names its line and ends the reading.
public final class EventLogReader {
    public struct Batch: Sendable {
        public var events: [Event]
        /// The line each event starts on.
        public var lines: [Int]
        /// Each event's JSON as the file has it (none for events in hand): what an import
        /// keeps of a lead's history, a third of the decoded event's size.
        var json: [ArraySlice<UInt8>] = []
        /// Where each event's payload lies in its `json`, when a store may keep those bytes
        /// as the payload's text (`EventJSON.eventAndPayload`); nil: encode the payload.
        var payloads: [Range<Int>?] = []

        /// The payload's JSON of event `index` as the file has it, when a store may keep it
        /// as the payload's text instead of encoding the decoded payload again: at a million
        /// events that encoding was a fifth of an import's work.
        package func payloadJSON(_ index: Int) -> ArraySlice<UInt8>? {
            guard index < payloads.count, let range = payloads[index] else { return nil }
            let event = json[index]
            return event[(event.startIndex + range.lowerBound)..<(event.startIndex + range.upperBound)]
        }

        /// `payloadJSON` as text; nil where the payload must be encoded.
        package func payloadText(_ index: Int) -> String? {
            payloadJSON(index).flatMap { String(validating: $0, as: UTF8.self) }
        }
    }

    /// The longest event read: far above what the field limits let an event carry.
    public static let maxEventBytes = 4 << 20
    static let chunkBytes = 4 << 20

    private let input: (Int) throws -> [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false
    /// Bytes of the file before `buffer`.
    private var dropped = 0
    /// The line at `position`.
    public private(set) var line = 1
    private var stage = Stage.header
    private var format: String?
    private var eventCount = 0

    private enum Stage { case header, events, done }

    /// Reads `path` (or standard input for `-`) a chunk at a time.
    public convenience init(path: String) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                throw RuleError.invalid("cannot read \(SafeText.sanitize(path)): \(exists ? (isFolder.boolValue ? "it is a folder" : "permission denied") : "no such file")")
            }
            handle = opened
        }
        self.init { count in Array(try handle.read(upToCount: count) ?? Data()) }
    }

    public convenience init(bytes: [UInt8]) {
        var rest = bytes[...]
        self.init { count in
            let chunk = Array(rest.prefix(count))
            rest = rest.dropFirst(count)
            return chunk
        }
    }

    /// `input(n)` gives the next at most `n` bytes; none at the end.
    init(input: @escaping (Int) throws -> [UInt8]) {
        self.input = input
    }

    /// The next at most `limit` events, nil after the last. Throws `RuleError.invalid`
    /// with the line for anything that is not an export's log.
    public func next(limit: Int = 20_000) throws(RuleError) -> Batch? {
        do {
            if stage == .header { try header() }
            guard stage == .events else { return nil }
            var arena: [UInt8] = []
            var ranges: [Range<Int>] = []
            var lines: [Int] = []
            while ranges.count < limit {
                try space()
                guard try peek() != UInt8(ascii: "]") else {
                    position += 1
                    try tail()
                    break
                }
                if !ranges.isEmpty || eventCount > 0 {
                    guard try peek() == UInt8(ascii: ",") else { throw problem("expected , or ] after an event") }
                    position += 1
                    try space()
                }
                lines.append(line)
                let value = try scanValue(keep: true, limit: Self.maxEventBytes, what: "an event")
                let start = arena.count
                arena.append(contentsOf: buffer[value])
                ranges.append(start..<arena.count)
                eventCount += 1
            }
            if ranges.isEmpty { return nil }
            let decoded = try Self.decode(arena, ranges, lines)
            return Batch(events: decoded.events, lines: lines, json: ranges.map { arena[$0] }, payloads: decoded.payloads)
        } catch let error as RuleError {
            stage = .done
            throw error
        } catch {
            stage = .done
            throw .invalid("cannot read the export: \(error.localizedDescription)")
        }
    }

    /// Every event of the log, in one array.
    public func all() throws(RuleError) -> [Event] {
        var events: [Event] = []
        while let batch = try next() { events += batch.events }
        return events
    }

    // MARK: - The document around the log

    private func header() throws {
        try space()
        if try peek() == 0xEF { // a byte order mark
            for byte: UInt8 in [0xEF, 0xBB, 0xBF] {
                guard try peek() == byte else { throw problem("not valid UTF-8") }
                position += 1
            }
            try space()
        }
        guard try peek() == UInt8(ascii: "{") else { throw notAnExport() }
        position += 1
        var first = true
        while true {
            try space()
            if try peek() == UInt8(ascii: "}") { throw notAnExport(events: format != nil) }
            if !first {
                guard try peek() == UInt8(ascii: ",") else { throw problem("expected , or } between the export's fields") }
                position += 1
                try space()
            }
            first = false
            let key = try scalar(what: "a field's name")
            guard case let name as String = key else { throw notAnExport() }
            try space()
            guard try peek() == UInt8(ascii: ":") else { throw problem("expected : after \"\(SafeText.sanitize(name))\"") }
            position += 1
            try space()
            if name == "events" {
                guard try peek() == UInt8(ascii: "[") else { throw problem("\"events\" is not an array") }
                position += 1
                stage = .events
                return
            }
            try field(name)
        }
    }

    /// A field beside the log. The format and version may come after the events too (a
    /// tool that rewrites the JSON may reorder its keys): the import is all or nothing, so
    /// a document found at its end not to be an export still writes nothing.
    private func field(_ name: String) throws {
        switch name {
        case "format":
            guard case let text as String = try scalar(what: "the format"), text == Export.format else { throw notAnExport() }
            format = text
        case "version":
            let found = try scalar(what: "the version") as? NSNumber
            guard let found, found.intValue <= Export.version, found.doubleValue == Double(found.intValue) else {
                throw RuleError.invalid("the export is version \(found.map(\.stringValue) ?? "?"); this Handoff reads version \(Export.version): use a newer Handoff")
            }
        case "events":
            throw problem("the export holds \"events\" twice")
        default:
            _ = try scanValue(keep: false, limit: nil, what: "a value")
        }
    }

    /// What follows the log: other fields, skipped, then the end of the document.
    private func tail() throws {
        while true {
            try space()
            guard try position < buffer.count || more() else { throw problem("the export ends before its closing }") }
            if buffer[position] == UInt8(ascii: "}") {
                position += 1
                try space()
                guard try position >= buffer.count && !more() else { throw problem("text after the export's closing }") }
                guard format != nil else { throw notAnExport() }
                stage = .done
                return
            }
            guard buffer[position] == UInt8(ascii: ",") else { throw problem("expected , or } after the events") }
            position += 1
            try space()
            guard case let name as String = try scalar(what: "a field's name") else { throw problem("a field's name is not a string") }
            try space()
            guard try peek() == UInt8(ascii: ":") else { throw problem("expected : after a field's name") }
            position += 1
            try space()
            try field(name)
        }
    }

    /// A small value of the header, read by Foundation.
    private func scalar(what: String) throws -> Any {
        let range = try scanValue(keep: true, limit: 4096, what: what)
        guard let value = try? JSONSerialization.jsonObject(with: Data(buffer[range]), options: .fragmentsAllowed) else {
            throw problem("\(what) is not valid JSON")
        }
        return value
    }

    private func notAnExport(events: Bool = false) -> RuleError {
        if events { return .invalid("the export has no \"events\": it is not a log to rebuild a board from") }
        return .invalid("not a Handoff JSON export (one made by `handoff export --format json`): it has no \"format\": \"\(Export.format)\"")
    }

    func problem(_ text: String) -> RuleError {
        .invalid("line \(line): \(text)")
    }

    // MARK: - Bytes

    /// Reads another chunk behind what is left; false at the end of the input.
    private func more() throws -> Bool {
        guard !ended else { return false }
        let chunk = try input(Self.chunkBytes)
        guard !chunk.isEmpty else {
            ended = true
            return false
        }
        if position > 0 {
            dropped += position
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer += chunk
        guard dropped + buffer.count <= JSONLimits.maxExportFileBytes else {
            throw RuleError.invalid("the file is larger than \(JSONLimits.megabytes(JSONLimits.maxExportFileBytes)), the limit for an export")
        }
        return true
    }

    private func peek() throws -> UInt8? {
        guard try position < buffer.count || more() else { return nil }
        return buffer[position]
    }

    private func space() throws {
        while try position < buffer.count || more() {
            switch buffer[position] {
            case 0x0A:
                line += 1
                position += 1
            case 0x20, 0x0D, 0x09:
                position += 1
            default:
                return
            }
        }
    }

    /// The bytes of the JSON value at `position` (a string, number, literal, array or
    /// object), which it passes. Only brackets and strings are checked here; the decoder
    /// reads the rest. `keep: false` lets the buffer drop what was passed (a value of any
    /// size is skipped in one chunk's memory).
    private func scanValue(keep: Bool, limit: Int?, what: String) throws -> Range<Int> {
        guard try position < buffer.count || more() else { throw problem("the export ends where \(what) should be") }
        let startLine = line
        var start = position
        var index = position
        var scan = JSONValueScan(opener: buffer[position])
        // Counted apart from `start`, which a skipped value moves to each new chunk.
        var length = 0
        scan: while true {
            if index == buffer.count {
                position = keep ? start : index
                let offset = index - position
                guard try more() else {
                    if !scan.structured { break scan }
                    line = startLine
                    throw problem("the export ends inside \(what)")
                }
                start = position
                index = position + offset
            }
            // Past the limit by one byte at most, as when the bytes were checked one by one.
            let bound = limit.map { min(buffer.count, start + $0 + 1) } ?? buffer.count
            let passed = scan.newlines
            let (next, stop) = buffer.withUnsafeBufferPointer { scan.run($0, from: index, to: bound) }
            length += next - index
            index = next
            line += scan.newlines - passed
            switch stop {
            case .ended:
                break scan
            case .tooDeep:
                throw problem("arrays and objects nest more than \(JSONLimits.maxDepth) deep")
            case .mismatched(let byte):
                throw problem("\(Character(Unicode.Scalar(byte))) closes a bracket it does not match")
            case .more:
                if let limit, index - start > limit {
                    line = startLine
                    throw problem("\(what) is longer than \(JSONLimits.megabytes(limit)), the limit")
                }
            }
        }
        position = index
        guard length > 0 else { throw problem("expected \(what)") }
        return start..<index
    }
}
