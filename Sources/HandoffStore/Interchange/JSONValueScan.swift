/// Where one JSON value ends, found a stretch of bytes at a time: the state of
/// `EventLogReader`'s scan of a value (a string, number, literal, array or object) between
/// the chunks of the file it arrives in. Only brackets and strings are checked; the
/// decoder reads the rest.
///
/// Kept apart from the reader so that its loop runs over a raw buffer, with its state in
/// registers: indexing the reader's own array byte by byte cost an access check and a
/// bounds check per byte, a tenth of `import --events`.
struct JSONValueScan {
    /// Whether the value has brackets or quotes to close (else it ends at a delimiter).
    let structured: Bool
    private var depth = 0
    /// One bit per open bracket, set for an object: closing brackets must match.
    private var objects: UInt64 = 0
    private var inString = false
    private var escaped = false
    /// Newlines passed since the scan began.
    private(set) var newlines = 0

    enum Stop: Equatable {
        /// The value ended just before the index returned.
        case ended
        /// The bytes ran out (or reached the bound) inside the value.
        case more
        /// A bracket past `JSONLimits.maxDepth`, just before the index returned.
        case tooDeep
        /// A closing bracket of the other kind, just before the index returned.
        case mismatched(UInt8)
    }

    /// `opener`: the value's first byte.
    init(opener: UInt8) {
        structured = opener == UInt8(ascii: "\"") || opener == UInt8(ascii: "{") || opener == UInt8(ascii: "[")
    }

    /// Scans `bytes[from..<bound]`, returning where it stopped and why.
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to bound: Int) -> (index: Int, stop: Stop) {
        // The state in locals for the loop, stored back once at the end.
        var depth = depth, objects = objects, inString = inString, escaped = escaped, newlines = newlines
        defer {
            self.depth = depth
            self.objects = objects
            self.inString = inString
            self.escaped = escaped
            self.newlines = newlines
        }
        var index = from
        while index < bound {
            let byte = bytes[index]
            if inString, !escaped, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0x0A {
                // The plain bytes of a string, up to its next quote, backslash or newline, at
                // once: most of an event's bytes are in its strings.
                index += 1
                while index < bound, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"),
                      bytes[index] != 0x0A {
                    index += 1
                }
                continue
            }
            guard structured else {
                switch byte {
                case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    return (index, .ended)
                default:
                    index += 1
                    continue
                }
            }
            index += 1
            if byte == 0x0A { newlines += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return (index, .ended) }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                guard depth < JSONLimits.maxDepth else { return (index, .tooDeep) }
                objects = objects << 1 | (byte == UInt8(ascii: "{") ? 1 : 0)
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                guard objects & 1 == (byte == UInt8(ascii: "}") ? 1 : 0) else { return (index, .mismatched(byte)) }
                objects >>= 1
                depth -= 1
                if depth == 0 { return (index, .ended) }
            default:
                break
            }
        }
        return (index, .more)
    }
}
