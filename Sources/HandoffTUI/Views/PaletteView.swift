import HandoffCore

/// `:`: a panel near the top of the board — what is typed, then the matching actions and
/// views, each with its keys; one the rules refuse on the selected card is dim with their
/// reason, and the chosen one's reason is written out in full at the bottom.
enum PaletteView {
    static let keysWidth = 14

    /// The panel on a screen of this size, frame included.
    static func rect(width: Int, height: Int) -> Rect {
        let panelWidth = min(max(width - 8, 20), 96)
        let panelHeight = min(max(height - 6, 8), 22)
        return Rect(x: (width - panelWidth) / 2, y: 2, width: panelWidth, height: panelHeight)
    }

    static func draw(_ canvas: inout Canvas, _ state: AppState, _ palette: PaletteState) {
        let outer = rect(width: canvas.width, height: canvas.height)
        canvas.fill(rect: outer, style: Style(.overlay))
        canvas.box(rect: outer, style: Style(.borderFocused), glyphs: .rounded,
                   title: "Palette — type to find · Enter runs · Esc closes", titleStyle: Style(.overlayTitle, bold: true))
        let inside = outer.inset(by: 1)
        let x = inside.x + 1
        let width = inside.width - 2
        guard width > 10, inside.height >= 4 else { return }
        canvas.put(x: x, y: inside.y, text: ": " + SafeText.sanitize(palette.query) + "▏", style: Style(.filter, bold: true),
                   maxWidth: width)
        let matches = CommandPalette.matches(state, query: palette.query)
        let card = state.actionCard.map { " on \($0.id)" } ?? ""
        let summary = matches.isEmpty ? "nothing matches" : "\(matches.count) of \(CommandPalette.entries(state).count)"
        canvas.put(x: inside.maxX - SafeText.width(of: summary) - 2, y: inside.y, text: summary, style: Style(.statusDim))
        // The list, scrolled so the chosen entry shows; two rows at the bottom for a reason.
        let listTop = inside.y + 1
        let rows = max(inside.height - 3, 1)
        let selected = min(palette.selected, max(matches.count - 1, 0))
        let top = max(0, min(selected - rows + 1, max(matches.count - rows, 0)))
        var chosenReason: String?
        for row in 0..<rows {
            let index = top + row
            guard index < matches.count else { break }
            let entry = matches[index]
            let reason = CommandPalette.reason(entry, state)
            let isChosen = index == selected
            if isChosen { chosenReason = reason }
            let y = listTop + row
            if isChosen { canvas.fill(rect: Rect(x: inside.x, y: y, width: inside.width, height: 1), style: Style(.cardSelected)) }
            let keyStyle = reason == nil ? Style(isChosen ? .cardSelected : .helpKey, bold: true) : Style(.statusDim)
            let textStyle = reason == nil ? Style(isChosen ? .cardSelected : .helpText, bold: isChosen) : Style(.statusDim)
            canvas.put(x: x, y: y, text: SafeText.pad(SafeText.truncate(entry.keys, toWidth: keysWidth - 1), toWidth: keysWidth),
                       style: keyStyle)
            var used = canvas.put(x: x + keysWidth, y: y, text: SafeText.sanitize(entry.title), style: textStyle,
                                  maxWidth: width - keysWidth)
            if let reason, keysWidth + used + 4 < width {
                used += canvas.put(x: x + keysWidth + used, y: y, text: " · " + reason, style: Style(.statusDim),
                                   maxWidth: width - keysWidth - used)
            }
        }
        // The chosen entry's reason (or what Enter just said), in full.
        let noteTop = inside.maxY - 2
        if let note = palette.notice ?? chosenReason.map({ "not possible\(card) now: " + $0 }) {
            for (offset, part) in Wrap.lines(SafeText.sanitize(note), width: width).prefix(2).enumerated() {
                canvas.put(x: x, y: noteTop + offset, text: part, style: Style(palette.notice != nil ? .statusError : .statusDim), maxWidth: width)
            }
        } else if matches.isEmpty {
            canvas.put(x: x, y: noteTop, text: "Backspace or Ctrl-U to change what is typed", style: Style(.statusDim), maxWidth: width)
        }
    }
}
