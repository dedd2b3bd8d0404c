/// Reads CSV as RFC 4180 describes it and as real CRM exports write it: a UTF-8 byte order
/// mark, CRLF or LF (or CR) line ends, quoted fields holding delimiters, doubled quotes and
/// line breaks, a `;` or tab delimiter (detected, or named by Excel's `sep=;` first line),
/// and blank lines. It walks UTF-8 bytes, never `Character`s, and hands out one record at
/// a time; a field becomes a `String` only when asked for, and only if it is valid UTF-8.
///
/// It has limits (`CSVLimits`) and takes time linear in its input: a record past a limit
/// comes back with `exceeded` set, and reading stops there.
public struct CSVReader: Sequence, IteratorProtocol, Sendable {
    public let bytes: [UInt8]
    public let delimiter: UInt8
    public let limits: CSVLimits
    private var position: Int
    private var line: Int
    private var records = 0

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    public init(bytes: [UInt8], limits: CSVLimits = CSVLimits()) {
        self.bytes = bytes
        self.limits = limits
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var line = 1
        var delimiter: UInt8?
        // Excel writes `sep=;` as the first line when the delimiter is not the locale's.
        let hint = Array("sep=".utf8)
        if bytes[start...].prefix(4).map({ $0 | 0x20 }) == hint, bytes.count > start + 4,
           ![Self.lf, Self.cr].contains(bytes[start + 4]) {
            delimiter = bytes[start + 4]
            start += 5
            while start < bytes.count, bytes[start] == Self.cr || bytes[start] == Self.lf {
                if bytes[start] == Self.lf || (bytes[start] == Self.cr && bytes[safe: start + 1] != Self.lf) { line += 1 }
                start += 1
            }
        }
        self.position = start
        self.line = line
        self.delimiter = delimiter ?? Self.detectDelimiter(bytes, from: start)
    }

    /// Whether the bytes start with a UTF-16 byte order mark: a spreadsheet's "Unicode
    /// text", which this reader does not take.
    public static func isUTF16(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
    }

    /// The most frequent of `,`, `;` and tab outside quotes on the first non-blank line;
    /// a comma when none appears.
    static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0]
        var quoted = false
        var index = start
        var sawText = false
        // The first line only, and no further than a record may run.
        let end = bytes.count - start > CSVLimits.maxRecordBytes ? start + CSVLimits.maxRecordBytes : bytes.count
        while index < end {
            let byte = bytes[index]
            index += 1
            if byte == quote { quoted.toggle(); sawText = true; continue }
            if quoted { continue }
            if byte == lf || byte == cr {
                if sawText { break }
                continue
            }
            sawText = true
            if let count = counts[byte] { counts[byte] = count + 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key != UInt8(ascii: ",")) }
        guard let best, best.value > 0 else { return UInt8(ascii: ",") }
        return best.key
    }

    /// The next record that has any text; blank lines are skipped.
    public mutating func next() -> CSVRecord? {
        while position < bytes.count {
            var record = readRecord()
            if record.exceeded == nil, !record.isBlank {
                records += 1
                if records > limits.maxRecords {
                    record.exceeded = "the file has more than \(limits.maxRecords) rows, the most one import takes: split it"
                }
            }
            if record.exceeded != nil { position = bytes.count }
            if !record.isBlank { return record }
        }
        return nil
    }

    private mutating func readRecord() -> CSVRecord {
        var record = CSVRecord(line: line, start: position)
        var fieldStart = position
        var quoted = false
        var escapes = false
        var inQuotes = false
        while position < bytes.count {
            // The bytes that only extend the field, at once, up to the nearest limit: each
            // was checked against both limits in turn, a third of an import's reading.
            let stop = Swift.min(bytes.count, fieldStart + limits.maxFieldBytes, record.start + limits.maxRecordBytes)
            position = Self.plainEnd(bytes, from: position, to: stop, inQuotes: inQuotes, delimiter: delimiter)
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if position - fieldStart >= limits.maxFieldBytes {
                record.exceeded = inQuotes
                    ? "a quoted field opens on line \(fieldLine(fieldStart, in: record)) and runs on for more than \(limits.maxFieldBytes) bytes (is its closing quote missing?)"
                    : "a field is longer than \(limits.maxFieldBytes) bytes"
                return record
            }
            if position - record.start >= limits.maxRecordBytes {
                record.exceeded = "a row is longer than \(limits.maxRecordBytes) bytes"
                return record
            }
            if inQuotes {
                if byte == Self.quote {
                    if bytes[safe: position + 1] == Self.quote {
                        escapes = true
                        position += 2
                        continue
                    }
                    inQuotes = false
                } else if byte == Self.lf || (byte == Self.cr && bytes[safe: position + 1] != Self.lf) {
                    line += 1
                }
                position += 1
                continue
            }
            if byte == delimiter {
                guard record.fields.count < limits.maxFields else {
                    record.exceeded = "a row has more than \(limits.maxFields) fields"
                    return record
                }
                record.fields.append(CSVField(range: fieldStart..<position, quoted: quoted, escapes: escapes))
                position += 1
                fieldStart = position
                quoted = false
                escapes = false
                continue
            }
            if byte == Self.lf || byte == Self.cr {
                record.fields.append(CSVField(range: fieldStart..<position, quoted: quoted, escapes: escapes))
                position += byte == Self.cr && bytes[safe: position + 1] == Self.lf ? 2 : 1
                line += 1
                return record
            }
            // A quote opens a quoted field only at its start; elsewhere it is text, as
            // spreadsheets read it.
            if byte == Self.quote, position == fieldStart {
                quoted = true
                inQuotes = true
            }
            position += 1
        }
        record.fields.append(CSVField(range: fieldStart..<position, quoted: quoted, escapes: escapes))
        if inQuotes { record.unterminatedQuote = true }
        return record
    }

    /// Where the plain run at `start` ends, by `stop`: in quotes, at a quote or line break;
    /// outside them, at the delimiter, a quote or a line break too.
    private static func plainEnd(_ bytes: [UInt8], from start: Int, to stop: Int, inQuotes: Bool, delimiter: UInt8) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var index = start
            if inQuotes {
                while index < stop, buffer[index] != quote, buffer[index] != lf, buffer[index] != cr { index += 1 }
            } else {
                while index < stop, buffer[index] != delimiter, buffer[index] != quote, buffer[index] != lf,
                      buffer[index] != cr {
                    index += 1
                }
            }
            return index
        }
    }

    /// The line a field starts on, counted from its record's first line.
    private func fieldLine(_ start: Int, in record: CSVRecord) -> Int {
        var line = record.line
        var index = record.start
        while index < start {
            if bytes[index] == Self.lf || (bytes[index] == Self.cr && bytes[safe: index + 1] != Self.lf) { line += 1 }
            index += 1
        }
        return line
    }

    /// The field's text, or nil when its bytes are not valid UTF-8.
    public func string(_ field: CSVField) -> String? {
        guard field.quoted else { return Self.utf8(bytes[field.range]) }
        // Inside the opening quote. The common case ends with the closing quote and holds
        // no other; doubled quotes, or text after the closing quote (`"abc"def`, kept as a
        // spreadsheet keeps it), take the slow path.
        let inner = (field.range.lowerBound + 1)..<field.range.upperBound
        if !field.escapes, let last = inner.last, bytes[last] == Self.quote,
           !bytes[inner.lowerBound..<last].contains(Self.quote) {
            return Self.utf8(bytes[inner.lowerBound..<last])
        }
        return Self.utf8(unquoted(inner)[...])
    }

    /// The text, if the bytes are valid UTF-8 (validated as they are copied in, not decoded
    /// with replacements and compared back byte by byte).
    static func utf8(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            // Most cells are ASCII, which is valid UTF-8 as it stands: one pass over the
            // bytes instead of the generic validation's thousand instructions a cell.
            if !buffer.contains(where: { $0 >= 0x80 }) { return String(decoding: buffer, as: UTF8.self) }
            return String(validating: buffer, as: UTF8.self)
        }
    }

    private func unquoted(_ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        var inQuotes = true
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == Self.quote, inQuotes {
                if index + 1 < range.upperBound, bytes[index + 1] == Self.quote {
                    out.append(byte)
                    index += 2
                    continue
                }
                inQuotes = false
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    /// The line of a byte inside `record`, for pointing at an invalid byte in a field that
    /// spans lines.
    public func line(of field: CSVField, in record: CSVRecord) -> Int {
        guard let bad = Self.firstInvalidByte(bytes, in: field.range) else { return record.line }
        var line = record.line
        var index = record.start
        while index < bad {
            if bytes[index] == Self.lf || (bytes[index] == Self.cr && bytes[safe: index + 1] != Self.lf) { line += 1 }
            index += 1
        }
        return line
    }

    /// The offset of the first byte in `range` that does not begin a valid UTF-8 sequence.
    static func firstInvalidByte(_ bytes: [UInt8], in range: Range<Int>) -> Int? {
        var index = range.lowerBound
        while index < range.upperBound {
            let width = sequenceWidth(bytes[index])
            if width == 0 || index + width > range.upperBound || utf8(bytes[index..<(index + width)]) == nil {
                return index
            }
            index += width
        }
        return nil
    }

    private static func sequenceWidth(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }
}

/// One record: where it starts (line and byte offset) and its fields as byte ranges.
public struct CSVRecord: Sendable {
    public var line: Int
    public var start: Int
    public var fields: [CSVField] = []
    /// The record ran to the end of the file inside a quoted field.
    public var unterminatedQuote = false
    /// The limit this record broke, worded for the user; the reader stops after it.
    public var exceeded: String?

    var isBlank: Bool { exceeded == nil && !unterminatedQuote && fields.allSatisfy { $0.range.isEmpty } }
}

/// How much one CSV file may hold. Real CRM exports stay far below every one of these;
/// a file past them is a mistake (an unclosed quote, a binary file, the wrong file), and
/// is refused with the line where it happened instead of being read for minutes.
public struct CSVLimits: Sendable {
    /// The whole file (`handoff import` reads it into memory).
    public static let maxFileBytes = 1 << 30
    /// One record, line breaks inside quotes included.
    public static let maxRecordBytes = 1 << 20
    public var maxFieldBytes = 64 << 10
    public var maxRecordBytes = CSVLimits.maxRecordBytes
    public var maxFields = 1_000
    public var maxRecords = 1_000_000

    public init() {}
}

public struct CSVField: Sendable {
    public var range: Range<Int>
    public var quoted: Bool
    /// Holds doubled quotes, which `string` turns back into one.
    public var escapes: Bool
}

extension Array where Element == UInt8 {
    subscript(safe index: Int) -> UInt8? {
        index < count ? self[index] : nil
    }
}
