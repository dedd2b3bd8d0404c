import HandoffCore

/// Word wrapping by display width, in one pass over the text: every character is measured
/// once, so a 40,000-character word costs what 40,000 characters of prose cost (the old
/// wrapper re-measured the rest of a long word for every line it cut off it).
enum Wrap {
    /// The text, sanitised, in lines of at most `width` cells. Words longer than a line
    /// are cut; a character wider than the whole line (a wide glyph at width 1) becomes `…`.
    static func lines(_ text: String, width: Int) -> [String] {
        var work = 0
        return lines(text, width: width, work: &work)
    }

    /// `work` counts the characters measured: the tests hold it to the text's length.
    static func lines(_ text: String, width: Int, work: inout Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in SafeText.sanitize(text).split(separator: " ", omittingEmptySubsequences: false) {
            // What is left of the word once whole lines have been cut off it.
            var piece = ""
            var pieceWidth = 0
            for var character in word {
                work += 1
                var cells = SafeText.width(of: character)
                if cells > width {
                    character = "…"
                    cells = 1
                }
                if pieceWidth + cells > width {
                    if !current.isEmpty {
                        lines.append(current)
                        current = ""
                        currentWidth = 0
                    }
                    lines.append(piece)
                    piece = ""
                    pieceWidth = 0
                }
                piece.append(character)
                pieceWidth += cells
            }
            let joined = current.isEmpty ? pieceWidth : currentWidth + 1 + pieceWidth
            if joined > width {
                lines.append(current)
                current = piece
                currentWidth = pieceWidth
            } else {
                if !current.isEmpty { current += " " }
                current += piece
                currentWidth = joined
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
