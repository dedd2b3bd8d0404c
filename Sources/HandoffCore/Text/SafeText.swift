import Foundation

/// Text from the store, an import or another person is untrusted: a lead's company name can
/// carry escape sequences that recolour, retitle or scramble a colleague's terminal, and
/// bidi controls that make a line read differently from what it holds. Everything that
/// reaches a terminal goes through here first.
public enum SafeText {
    /// Whether every byte of `text` is printable ASCII.
    static func isPrintableASCII(_ text: String) -> Bool {
        UTF8Bytes.allSatisfy(text) { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Removes control and escape sequences, bidi controls and invisible characters.
    /// Tabs and line breaks become one space, so a pasted multi-line note stays on its row.
    public static func sanitize(_ text: String) -> String {
        // Fast path: most text is plain printable ASCII and needs no work.
        if isPrintableASCII(text) { return text }
        // Names with accents, dashes or CJK: nothing below changes a text none of whose
        // scalars is a control, a break, a bidi control or invisible (escape sequences all
        // begin with a control).
        if text.unicodeScalars.allSatisfy({ !needsWork($0.value) }) { return text }

        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var lastWasBreak = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            if let end = escapeSequenceEnd(in: scalars, at: index) {
                index = end
                continue
            }
            index += 1
            if isLineBreakLike(value) {
                if !lastWasBreak { output.append(" ") }
                lastWasBreak = true
                continue
            }
            if isControl(value) || isBidiControl(value) { continue }
            if isInvisible(value) {
                // The joiner is what makes 👨‍👩‍👧 one glyph; between pictographs it is harmless.
                guard value == 0x200D, joinsEmoji(scalars, at: index - 1) else { continue }
            }
            output.append(scalar)
            lastWasBreak = false
        }
        return String(output)
    }

    /// Whether `sanitize` would change the text.
    public static func isSafe(_ text: String) -> Bool {
        sanitize(text) == text
    }

    // MARK: - Classes of characters

    private static func needsWork(_ value: UInt32) -> Bool {
        isControl(value) || isLineBreakLike(value) || isBidiControl(value) || isInvisible(value)
    }

    private static func isLineBreakLike(_ value: UInt32) -> Bool {
        value == 0x09 || value == 0x0A || value == 0x0D || value == 0x2028 || value == 0x2029
    }

    /// C0, DEL and C1: none of them draws anything, several drive the terminal.
    private static func isControl(_ value: UInt32) -> Bool {
        value < 0x20 || (value >= 0x7F && value <= 0x9F)
    }

    /// Trojan-source characters: they reorder what is displayed without changing the text.
    private static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0x200E || value == 0x200F || value == 0x061C
    }

    private static func isInvisible(_ value: UInt32) -> Bool {
        (0x200B...0x200D).contains(value) || value == 0x2060 || value == 0xFEFF
    }

    private static func joinsEmoji(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index > 0, index + 1 < scalars.count else { return false }
        let before = scalars[index - 1].properties
        let after = scalars[index + 1].properties
        // ASCII digits and `#` are "emoji" too, but never part of a joined sequence.
        let followsEmoji = (before.isEmoji && scalars[index - 1].value > 0x7F)
            || scalars[index - 1].value == 0xFE0F
        return followsEmoji && after.isEmoji && scalars[index + 1].value > 0x7F
    }

    // MARK: - Escape sequences

    /// If an escape sequence starts at `index`, the index just past it.
    /// Unterminated string sequences run to the end: a terminal would swallow them too.
    private static func escapeSequenceEnd(in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        let value = scalars[index].value
        switch value {
        case 0x1B:
            guard index + 1 < scalars.count else { return index + 1 }
            let next = scalars[index + 1].value
            switch next {
            case 0x5B: // ESC [
                return controlSequenceEnd(in: scalars, from: index + 2)
            case 0x5D, 0x50, 0x58, 0x5E, 0x5F: // ESC ] P X ^ _
                return stringSequenceEnd(in: scalars, from: index + 2)
            default:
                // ESC, intermediates (e.g. `ESC ( B`), then one final byte.
                var cursor = index + 1
                while cursor < scalars.count, (0x20...0x2F).contains(scalars[cursor].value) {
                    cursor += 1
                }
                if cursor < scalars.count, (0x30...0x7E).contains(scalars[cursor].value) {
                    cursor += 1
                }
                return cursor
            }
        case 0x9B: // 8-bit CSI
            return controlSequenceEnd(in: scalars, from: index + 1)
        case 0x9D, 0x90, 0x98, 0x9E, 0x9F: // 8-bit OSC, DCS, SOS, PM, APC
            return stringSequenceEnd(in: scalars, from: index + 1)
        default:
            return nil
        }
    }

    /// Parameters and intermediates up to a final byte. A byte that cannot belong to a CSI
    /// ends it early so that ordinary text after a broken sequence survives.
    private static func controlSequenceEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var cursor = start
        while cursor < scalars.count {
            let value = scalars[cursor].value
            if (0x40...0x7E).contains(value) { return cursor + 1 }
            guard (0x20...0x3F).contains(value) else { return cursor }
            cursor += 1
        }
        return cursor
    }

    private static func stringSequenceEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var cursor = start
        while cursor < scalars.count {
            let value = scalars[cursor].value
            if value == 0x07 || value == 0x9C { return cursor + 1 }
            if value == 0x1B {
                if cursor + 1 < scalars.count, scalars[cursor + 1].value == 0x5C { return cursor + 2 }
                return cursor
            }
            cursor += 1
        }
        return cursor
    }
}
