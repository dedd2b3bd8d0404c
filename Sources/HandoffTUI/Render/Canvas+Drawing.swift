import HandoffCore

/// The characters a frame is drawn with. `ascii` is for terminals or fonts without
/// box-drawing glyphs.
public struct BorderGlyphs: Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character

    public init(
        horizontal: Character, vertical: Character,
        topLeft: Character, topRight: Character, bottomLeft: Character, bottomRight: Character
    ) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
    }

    public static let light = BorderGlyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    public static let rounded = BorderGlyphs(
        horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯")
    public static let heavy = BorderGlyphs(
        horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
    public static let ascii = BorderGlyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
}

extension Canvas {
    /// A line of `glyph` from (x, y) rightwards, `length` cells long.
    public mutating func horizontalLine(x: Int, y: Int, length: Int, style: Style, glyph: Character = "─") {
        guard length > 0 else { return }
        for column in x..<(x + length) {
            place(Cell(text: String(glyph), width: 1, style: style), x: column, y: y)
        }
    }

    /// A line of `glyph` from (x, y) downwards, `length` cells long.
    public mutating func verticalLine(x: Int, y: Int, length: Int, style: Style, glyph: Character = "│") {
        guard length > 0 else { return }
        for row in y..<(y + length) {
            place(Cell(text: String(glyph), width: 1, style: style), x: x, y: row)
        }
    }

    /// A frame around `rect`, with an optional title set into the top edge. The inside is
    /// left as it was; fill it first if it should be cleared.
    public mutating func box(
        rect: Rect, style: Style, glyphs: BorderGlyphs = .light, title: String? = nil, titleStyle: Style? = nil
    ) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let corner = { (glyph: Character) in Cell(text: String(glyph), width: 1, style: style) }
        horizontalLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, style: style, glyph: glyphs.horizontal)
        horizontalLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, style: style, glyph: glyphs.horizontal)
        verticalLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, style: style, glyph: glyphs.vertical)
        verticalLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, style: style, glyph: glyphs.vertical)
        place(corner(glyphs.topLeft), x: rect.x, y: rect.y)
        place(corner(glyphs.topRight), x: rect.maxX - 1, y: rect.y)
        place(corner(glyphs.bottomLeft), x: rect.x, y: rect.maxY - 1)
        place(corner(glyphs.bottomRight), x: rect.maxX - 1, y: rect.maxY - 1)
        // Between "┌─" and "┐", with a space either side; long titles end in an ellipsis.
        let room = rect.width - 5
        if let title, room > 0 {
            let shown = SafeText.truncate(SafeText.sanitize(title), toWidth: room)
            put(x: rect.x + 2, y: rect.y, text: " \(shown) ", style: titleStyle ?? style)
        }
    }
}
