/// The two other shapes of output that leave Handoff: messages of several lines (errors,
/// reports on standard error) and JSON. Both go through the same classification as the
/// board, so a member name or a config value cannot drive a terminal from any of them.
extension SafeText {
    /// Text of several lines, each line sanitised and the line breaks kept: error messages,
    /// whose text can quote a file, an imported name or a value from the environment.
    public static func sanitizeLines(_ text: String) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { sanitize(String($0)) }
            .joined(separator: "\n")
    }

    /// Whether JSON output writes this scalar as `\uXXXX`: C0 and C1 controls, DEL, the
    /// line and paragraph separators, and every format character (bidi overrides and
    /// isolates, zero-width characters, the byte order mark, tag characters…). A consumer
    /// that prints a string it read from Handoff's JSON then sees an escape, not an effect.
    public static func needsJSONEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0xA0 { return false }
        if value == 0x2028 || value == 0x2029 { return true }
        return scalar.properties.generalCategory == .format
    }

    /// `json` with every scalar `needsJSONEscape` names written as `\uXXXX` (a surrogate
    /// pair above U+FFFF). Valid for any JSON text: outside strings JSON is ASCII, and
    /// inside one `\uXXXX` means the scalar itself.
    public static func escapingForJSON(_ json: String) -> String {
        // Control bytes below 0x20 are escaped by every encoder already; C1, separators and
        // format characters all lie above 0x7F.
        guard json.utf8.contains(where: { $0 >= 0x7F }) else { return json }
        var output = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            // Below 0x20 only JSON's own whitespace can be left: strings hold them escaped.
            if scalar.value >= 0x7F, needsJSONEscape(scalar) {
                appendEscape(scalar, to: &output)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// Appends `\uXXXX` (or a surrogate pair) for `scalar`.
    public static func appendEscape(_ scalar: Unicode.Scalar, to output: inout String.UnicodeScalarView) {
        func unit(_ value: UInt32) {
            let hex = Array("0123456789abcdef".unicodeScalars)
            output.append("\\")
            output.append("u")
            for shift in stride(from: 12, through: 0, by: -4) {
                output.append(hex[Int((value >> UInt32(shift)) & 0xF)])
            }
        }
        let value = scalar.value
        if value > 0xFFFF {
            let offset = value - 0x10000
            unit(0xD800 + (offset >> 10))
            unit(0xDC00 + (offset & 0x3FF))
        } else {
            unit(value)
        }
    }
}
