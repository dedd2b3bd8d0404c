import HandoffCore

/// Foundation's JSON readers recurse once per nested array or object: a few kilobytes of
/// `[[[[…` overflow the stack and kill the process. Every JSON file Handoff reads is
/// measured here first, in one linear pass that keeps no stack, and refused when it is
/// larger or deeper than any file Handoff writes or a CRM exports.
public enum JSONLimits {
    /// A CRM's leads (`handoff import FILE.json`).
    public static let maxLeadFileBytes = 256 << 20
    /// A Handoff export (`handoff import --events`): a million events fit in well under this.
    public static let maxExportFileBytes = 2 << 30
    /// Arrays and objects inside one another. An export nests 6 deep, a HubSpot or
    /// Salesforce record 4 or 5.
    public static let maxDepth = 32

    /// Why `bytes` may not be handed to a JSON decoder, or nil. Strings are skipped with
    /// their escapes, so brackets inside them do not count.
    public static func problem(_ bytes: some Collection<UInt8>, maxBytes: Int, maxDepth: Int = maxDepth) -> String? {
        let count = bytes.count
        if count > maxBytes {
            return "the file is larger than \(megabytes(maxBytes)), the limit for this kind of file"
        }
        var depth = 0
        var line = 1
        var inString = false
        var escaped = false
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                }
                continue
            }
            switch byte {
            case 0x22:
                inString = true
            case 0x5B, 0x7B: // [ {
                depth += 1
                if depth > maxDepth {
                    return "line \(line): arrays and objects nest more than \(maxDepth) deep"
                }
            case 0x5D, 0x7D: // ] }
                depth = max(0, depth - 1)
            default:
                break
            }
        }
        return nil
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
