/// Terminal cell widths. Columns only line up when every piece of the board agrees on how
/// many cells a string takes, so this is the one place that decides it. It works on
/// grapheme clusters because that is what a modern terminal draws as one glyph.
extension SafeText {
    /// Cells taken by `text` once drawn. Expects sanitised text; controls count as zero.
    public static func width(of text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// Cells taken by one grapheme cluster: 0, 1 or 2.
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // A prepended mark (U+070F, U+0600…) joins whatever follows it, a space included,
        // into one cluster; a terminal still draws that follower in its own cells.
        if scalars.count > 1, isPrepend(first.value) {
            let rest = String(String.UnicodeScalarView(scalars.dropFirst()))
            return (isZeroWidth(first) ? 0 : 1) + width(of: rest)
        }
        if isZeroWidth(first) { return 0 }
        if scalars.count > 1, let emojiWidth = sequenceWidth(first: first, scalars: scalars) {
            return emojiWidth
        }
        return isWide(first) ? 2 : 1
    }

    /// Shortens `text` to at most `width` cells, ending in `ellipsis` when anything was cut.
    /// A wide character that would straddle the limit is dropped and its cell padded with a
    /// space, so the result of a cut is always exactly `width` cells. One pass that stops
    /// once the text is known not to fit: a long text costs what its first line costs.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if text.utf8.count <= width, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        let ellipsisWidth = self.width(of: ellipsis)
        let room = ellipsisWidth <= width ? width - ellipsisWidth : width
        var used = 0
        // The longest prefix that fits in `room` cells, as the cut keeps it.
        var keptEnd = text.startIndex
        var keptWidth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let cells = self.width(of: text[index])
            if used + cells > width {
                var cut = String(text[..<keptEnd])
                if ellipsisWidth <= width {
                    cut += ellipsis
                    keptWidth += ellipsisWidth
                }
                return cut + String(repeating: " ", count: max(0, width - keptWidth))
            }
            used += cells
            index = text.index(after: index)
            if used <= room {
                keptEnd = index
                keptWidth = used
            }
        }
        return text
    }

    /// Exactly `width` cells: truncated if longer, right-padded with spaces if shorter.
    public static func pad(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let cut = truncate(text, toWidth: width, ellipsis: ellipsis)
        return cut + String(repeating: " ", count: max(0, width - self.width(of: cut)))
    }

    // MARK: - Classification

    /// Marks, format characters and controls draw nothing on their own.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        // Latin-1 has no marks; the soft hyphen (a format character) is drawn by terminals.
        if value < 0x300 { return false }
        // Hangul medial vowels and final consonants join the preceding syllable.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return true
        default:
            return false
        }
    }

    /// Emoji sequences that terminals draw as a single double-width glyph. `nil` when the
    /// cluster is just a base with combining marks, whose width is the base's.
    private static func sequenceWidth(
        first: Unicode.Scalar, scalars: Character.UnicodeScalarView
    ) -> Int? {
        if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 } // flags
        let baseIsEmoji = first.properties.isEmoji
        var textPresentation = false
        for scalar in scalars.dropFirst() {
            switch scalar.value {
            case 0xFE0F where baseIsEmoji: return 2
            case 0xFE0E: textPresentation = true
            case 0x200D where baseIsEmoji && first.value > 0x7F: return 2
            case 0x1F3FB...0x1F3FF where baseIsEmoji: return 2 // skin tones
            case 0xE0020...0xE007F where baseIsEmoji: return 2 // subdivision flags
            default: continue
            }
        }
        if textPresentation { return isEastAsianWide(first.value) ? 2 : 1 }
        return nil
    }

    /// Grapheme_Cluster_Break=Prepend (Unicode 15).
    static func isPrepend(_ value: UInt32) -> Bool {
        guard value >= 0x600 else { return false }
        switch value {
        case 0x600...0x605, 0x6DD, 0x70F, 0x890...0x891, 0x8E2, 0xD4E, 0x110BD, 0x110CD, 0x111C2...0x111C3,
             0x1193F, 0x11941, 0x11A3A, 0x11A84...0x11A89, 0x11D46, 0x11F02:
            return true
        default:
            return false
        }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        isEastAsianWide(scalar.value) || scalar.properties.isEmojiPresentation
    }

    static func isEastAsianWide(_ value: UInt32) -> Bool {
        guard value >= wideRanges[0].lowerBound else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// East Asian Wide and Fullwidth (Unicode 15), marks excluded, sorted for binary search.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x3029, 0x302E...0x303E, 0x3041...0x3096, 0x309B...0x3247, 0x3250...0x4DBF,
        0x4E00...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x16FF0...0x1B2FB,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
        0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4,
        0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D,
        0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596,
        0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC,
        0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
        0x1F7E0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
        0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
