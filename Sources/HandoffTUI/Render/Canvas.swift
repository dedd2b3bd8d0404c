import HandoffCore

/// How a cell is drawn: a theme role plus emphasis. Views pick styles; themes pick colours.
public struct Style: Hashable, Sendable {
    public var role: ThemeRole
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(_ role: ThemeRole = .background, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
}

/// One terminal cell. A wide character takes two: the first holds the grapheme (width 2),
/// the second is a continuation (empty text, width 0) that must never be drawn on its own.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: Int
    public var style: Style

    public init(text: String, width: Int, style: Style) {
        self.text = text
        self.width = width
        self.style = style
    }

    public var isContinuation: Bool { width == 0 }

    public static func blank(_ style: Style = .plain) -> Cell {
        Cell(text: " ", width: 1, style: style)
    }

    static func continuation(_ style: Style) -> Cell {
        Cell(text: "", width: 0, style: style)
    }
}

/// A grid of styled cells: what a view draws and a terminal presents. A value, so a view is
/// a pure function and a test can compare screens as text.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    private(set) var cells: [Cell]

    public init(width: Int, height: Int, style: Style = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(style), count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Each ASCII character as a one-cell text, made once.
    private static let ascii: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// The cell at a position; a blank cell outside the canvas.
    public subscript(x: Int, y: Int) -> Cell {
        guard contains(x: x, y: y) else { return .blank() }
        return cells[y * width + x]
    }

    /// Draws `text` from (x, y), sanitised, clipped at the right edge or after `maxWidth`
    /// cells. A wide character that would be cut in half leaves a blank instead.
    /// Returns the number of columns advanced.
    @discardableResult
    public mutating func put(x: Int, y: Int, text: String, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        let clean = SafeText.sanitize(text)
        // Printable ASCII, nearly everything a board shows: a cell per byte, no grapheme
        // breaking and no widths to look up.
        if clean.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            var column = x
            for byte in clean.utf8 {
                if column >= limit { break }
                if column >= 0 { place(Cell(text: Self.ascii[Int(byte)], width: 1, style: style), x: column, y: y) }
                column += 1
            }
            return column - x
        }
        var column = x
        for character in clean {
            let cells = SafeText.width(of: character)
            if cells == 0 { continue }
            if column + cells > limit {
                if column >= 0, column < limit {
                    place(.blank(style), x: column, y: y)
                    column += 1
                }
                break
            }
            if column < 0 {
                // Partly off the left edge: the visible half of a wide character is a blank.
                if column + cells > 0 { place(.blank(style), x: 0, y: y) }
            } else {
                place(Cell(text: String(character), width: cells, style: style), x: column, y: y)
            }
            column += cells
        }
        return column - x
    }

    /// Blanks every cell of `rect` (clipped to the canvas) with `style`.
    public mutating func fill(rect: Rect, style: Style) {
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                place(.blank(style), x: x, y: y)
            }
        }
    }

    /// Sets the style of cells without changing their text, e.g. to highlight a row.
    public mutating func restyle(rect: Rect, style: Style) {
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                cells[y * width + x].style = style
            }
        }
    }

    /// Writes a cell while keeping wide characters whole: anything it overlaps is blanked.
    mutating func place(_ cell: Cell, x: Int, y: Int) {
        guard contains(x: x, y: y) else { return }
        guard cell.width < 2 || x + 1 < width else {
            place(.blank(cell.style), x: x, y: y)
            return
        }
        breakWideCharacter(at: x, y: y)
        if cell.width == 2 { breakWideCharacter(at: x + 1, y: y) }
        cells[y * width + x] = cell
        if cell.width == 2 { cells[y * width + x + 1] = .continuation(cell.style) }
    }

    /// If (x, y) is half of a wide character, turns both halves into blanks.
    private mutating func breakWideCharacter(at x: Int, y: Int) {
        let index = y * width + x
        let cell = cells[index]
        if cell.isContinuation, x > 0 {
            cells[index - 1] = .blank(cells[index - 1].style)
            cells[index] = .blank(cell.style)
        } else if cell.width == 2, x + 1 < width {
            cells[index + 1] = .blank(cells[index + 1].style)
        }
    }

    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    // MARK: - Reading the screen back

    /// Each row as plain text, trailing spaces trimmed: the screen as a test sees it.
    public var lines: [String] {
        (0..<height).map { y in
            var line = row(y)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The whole screen as text, one line per row.
    public var text: String { lines.joined(separator: "\n") }

    /// One row, untrimmed.
    public func row(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var line = ""
        for cell in cells[(y * width)..<(y * width + width)] where !cell.isContinuation {
            line += cell.text
        }
        return line
    }

    /// Where `needle` first appears on screen, in cells; nil if nowhere.
    public func position(of needle: String) -> (x: Int, y: Int)? {
        for y in 0..<height {
            let rowCells = cells[(y * width)..<(y * width + width)]
            var text = ""
            var columns: [Int] = []
            for (offset, cell) in rowCells.enumerated() where !cell.isContinuation {
                columns.append(offset)
                text += cell.text
            }
            guard let range = text.firstRange(of: needle) else { continue }
            let characterOffset = text.distance(from: text.startIndex, to: range.lowerBound)
            return (columns.indices.contains(characterOffset) ? columns[characterOffset] : 0, y)
        }
        return nil
    }
}
