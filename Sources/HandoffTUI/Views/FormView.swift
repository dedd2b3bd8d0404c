import HandoffCore

/// A form as a panel: labels on the left, what was typed on the right, the focused field
/// highlighted, the hint of the focused field and any error below.
enum FormView {
    static let labelWidth = 18

    static func draw(_ canvas: inout Canvas, _ form: Form) {
        let inside = Overlay.frame(&canvas, title: form.title)
        let valueWidth = max(inside.width - labelWidth - 3, 8)
        var rows: [(line: Overlay.Line, field: Int?)] = []
        for text in form.intro {
            for part in Wrap.lines(text, width: inside.width - 2) { rows.append((Overlay.Line(part, Style(.helpText)), nil)) }
        }
        if !form.intro.isEmpty { rows.append((Overlay.Line(""), nil)) }
        for index in form.visibleIndices {
            let field = form.fields[index]
            let focused = index == form.focus
            let labelText = SafeText.pad(field.label + (field.required ? " *" : ""), toWidth: labelWidth)
            let labelStyle = Style(focused ? .formFieldFocused : .formLabel, bold: focused)
            let values = render(field, focused: focused, width: valueWidth)
            for (offset, spans) in values.enumerated() {
                let lead = offset == 0 ? (labelText, labelStyle) : (String(repeating: " ", count: labelWidth), Style(.formLabel))
                rows.append((Overlay.Line(spans: [lead, (" ", Style(.overlay))] + spans), index))
            }
            if focused, !field.hint.isEmpty {
                for part in Wrap.lines(field.hint, width: valueWidth) {
                    rows.append((Overlay.Line(spans: [(String(repeating: " ", count: labelWidth + 1), Style(.overlay)), (part, Style(.statusDim))]), index))
                }
            }
        }
        // Keep the focused field on screen; the error and the key hints stay at the bottom.
        let footerHeight = form.error == nil ? 2 : 3
        let area = Rect(x: inside.x, y: inside.y, width: inside.width, height: max(inside.height - footerHeight, 1))
        let focusRow = rows.firstIndex { $0.field == form.focus } ?? 0
        let scroll = max(0, focusRow - area.height + 3)
        _ = Overlay.lines(&canvas, rows.map(\.line), in: area, scroll: scroll)
        var y = inside.maxY - 1
        canvas.put(x: inside.x + 1, y: y, text: "Tab/↓ next · Shift-Tab/↑ previous · ←/→ Space choose · Enter submit · Esc cancel",
                   style: Style(.statusDim), maxWidth: inside.width - 2)
        if let error = form.error {
            y -= 1
            canvas.put(x: inside.x + 1, y: y, text: "✗ " + error, style: Style(.formError, bold: true), maxWidth: inside.width - 2)
        }
    }

    /// The value part of a field, one or more lines of spans.
    static func render(_ field: Field, focused: Bool, width: Int) -> [[(String, Style)]] {
        let style = Style(focused ? .formFieldFocused : .formField)
        switch field.kind {
        case .text, .date:
            let characters = Array(SafeText.sanitize(field.text))
            guard focused else {
                return [[(SafeText.pad(String(characters), toWidth: width), style)]]
            }
            // Show the end of long input around the cursor, with the cursor as a reversed cell.
            let cursor = min(field.cursor, characters.count)
            var start = 0
            while SafeText.width(of: String(characters[start..<cursor])) > width - 2 { start += 1 }
            let before = String(characters[start..<cursor])
            let at = cursor < characters.count ? String(characters[cursor]) : " "
            let after = cursor + 1 < characters.count ? String(characters[(cursor + 1)...]) : ""
            let used = SafeText.width(of: before) + SafeText.width(of: at)
            return [[(before, style), (at, Style(.formFieldFocused, reverse: true)),
                     (SafeText.pad(after, toWidth: max(width - used, 0)), style)]]
        case .choice(let options):
            let label = options.indices.contains(field.choice) ? options[field.choice].label : "—"
            return [[(focused ? "◀ " : "  ", style), (label, Style(focused ? .formFieldFocused : .formField, bold: true)),
                     (focused ? " ▶" : "", style)]]
        case .multi(let options):
            var lines: [[(String, Style)]] = [[]]
            var used = 0
            for (index, option) in options.enumerated() {
                let box = (field.picked.contains(index) ? "[x] " : "[ ] ") + option.label
                let cell = SafeText.width(of: box) + 2
                if used + cell > width, used > 0 {
                    lines.append([])
                    used = 0
                }
                let highlighted = focused && index == field.highlight
                lines[lines.count - 1].append((box, Style(highlighted ? .formFieldFocused : .formField, bold: field.picked.contains(index), reverse: highlighted)))
                lines[lines.count - 1].append(("  ", Style(.overlay)))
                used += cell
            }
            return lines
        }
    }
}
