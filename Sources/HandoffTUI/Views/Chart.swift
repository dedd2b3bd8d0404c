import HandoffCore

/// Horizontal bars and sparklines drawn with text, for the standup view. `blocks` uses the
/// Unicode block elements (eighths of a cell); `ascii` is for a terminal whose locale cannot
/// show them.
public struct ChartGlyphs: Sendable, Equatable {
    /// A whole cell of bar.
    public var full: Character
    /// Partial cells, one eighth to seven eighths; empty when the set has no partials.
    public var partials: [Character]
    /// The unfilled rest of a bar drawn on a fixed scale (percentages).
    public var track: Character
    /// Sparkline levels, lowest first: the first is zero, the others rising values.
    public var levels: [Character]

    public static let blocks = ChartGlyphs(full: "█", partials: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"], track: "░",
                                           levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
    public static let ascii = ChartGlyphs(full: "#", partials: [], track: ".",
                                          levels: ["_", ".", ",", ":", "-", "=", "+", "#"])
}

enum Chart {
    /// A bar `value / scale` of `width` cells, in eighths of a cell where the glyphs allow.
    /// Any value above zero shows at least a sliver; zero shows nothing. The result is
    /// never wider than `width`.
    static func bar(_ value: Double, of scale: Double, width: Int, glyphs: ChartGlyphs) -> String {
        guard width > 0, scale > 0, value > 0 else { return "" }
        let fraction = min(value / scale, 1)
        let steps = glyphs.partials.isEmpty ? 1 : glyphs.partials.count + 1
        let eighths = max(1, Int((fraction * Double(width * steps)).rounded()))
        var bar = String(repeating: glyphs.full, count: eighths / steps)
        let rest = eighths % steps
        if rest > 0, !glyphs.partials.isEmpty { bar.append(glyphs.partials[rest - 1]) }
        return bar
    }

    /// Cells the bar for `value` fills, partial cells counted as one: what tests compare.
    static func cells(_ value: Double, of scale: Double, width: Int, glyphs: ChartGlyphs) -> Int {
        bar(value, of: scale, width: width, glyphs: glyphs).count
    }

    /// One glyph per value, scaled to the largest: zero is the lowest level, anything above
    /// zero at least the second, the largest the top.
    static func sparkline(_ values: [Int], glyphs: ChartGlyphs) -> String {
        let top = values.max() ?? 0
        let rising = glyphs.levels.count - 1
        return String(values.map { value -> Character in
            guard value > 0, top > 0, rising > 0 else { return glyphs.levels.first ?? " " }
            let level = Int((Double(value) / Double(top) * Double(rising)).rounded(.up))
            return glyphs.levels[min(max(level, 1), rising)]
        })
    }
}
