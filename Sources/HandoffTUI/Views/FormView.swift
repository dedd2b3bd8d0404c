import Foundation
import HandoffCore

/// A form as a panel: labels on the left, what was typed on the right, the focused field
/// highlighted, the hint of the focused field and any error below.
enum FormView {
    static let labelWidth = 18

    static func draw(_ canvas: inout Canvas, _ form: Form) {
        let outer = Overlay.outer(width: canvas.width, height: canvas.height)
        let rows = self.rows(form, width: outer.width - 2)
        // As tall as the form needs (its rows, a blank line and the key hints), at most the
        // screen: a form of three fields is a small panel over the board.
        let height = min(rows.count + 4, outer.height)
        let rect = Rect(x: outer.x, y: outer.y, width: outer.width, height: height)
        canvas.fill(rect: rect, style: Style(.overlay))
        canvas.box(rect: rect, style: Style(.borderFocused), glyphs: .rounded, title: form.title,
                   titleStyle: Style(.overlayTitle, bold: true))
        let inside = rect.inset(by: 1)
        // Keep the focused field (and a refusal under it) on screen; the key hints stay at the bottom.
        let area = Rect(x: inside.x, y: inside.y, width: inside.width, height: max(inside.height - 2, 1))
        let focusRow = rows.firstIndex { $0.field == form.focus } ?? 0
        let lastOfFocus = rows.lastIndex { $0.field == form.focus } ?? focusRow
        let scroll = min(max(0, lastOfFocus - area.height + 1), focusRow)
        _ = Overlay.lines(&canvas, rows.map(\.line), in: area, scroll: scroll)
        canvas.put(x: inside.x + 1, y: inside.maxY - 1, text: "Tab/↓ next · Shift-Tab/↑ previous · ←/→ Space choose · Enter submit · Esc cancel",
                   style: Style(.statusDim), maxWidth: inside.width - 2)
    }

    /// The form's lines: intro, then each visible field with its value, the focused field's
    /// hint, and a refusal in full (wrapped) under the field it concerns.
    static func rows(_ form: Form, width: Int) -> [(line: Overlay.Line, field: Int?)] {
        let valueWidth = max(width - labelWidth - 3, 8)
        var rows: [(line: Overlay.Line, field: Int?)] = []
        for text in form.intro {
            for part in Wrap.lines(text, width: width - 2) { rows.append((Overlay.Line(part, Style(.helpText)), nil)) }
        }
        if !form.intro.isEmpty { rows.append((Overlay.Line(""), nil)) }
        let concerned = form.error.map { fieldConcerned(form, by: $0) }
        let indent = String(repeating: " ", count: labelWidth + 1)
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
                    rows.append((Overlay.Line(spans: [(indent, Style(.overlay)), (part, Style(.statusDim))]), index))
                }
            }
            if let error = form.error, concerned == index {
                for (offset, part) in Wrap.lines(error, width: valueWidth - 2).enumerated() {
                    rows.append((Overlay.Line(spans: [(indent, Style(.overlay)), ((offset == 0 ? "✗ " : "  ") + part, Style(.formError, bold: true))]), index))
                }
            }
        }
        return rows
    }

    /// The visible field a refusal speaks of: the one whose label it names (the longest
    /// such label, so "next step date" wins over "next step"), else the one whose chosen
    /// value it names ("cannot log L-61 as held"), else the field that was focused when
    /// the form was submitted.
    static func fieldConcerned(_ form: Form, by error: String) -> Int {
        let text = error.lowercased()
        let visible = form.visibleIndices
        func words(_ value: String) -> String { value.trimmingCharacters(in: .whitespaces).lowercased() }
        let byLabel = visible.filter { text.contains(words(form.fields[$0].label)) && !words(form.fields[$0].label).isEmpty }
            .max { words(form.fields[$0].label).count < words(form.fields[$1].label).count }
        if let byLabel { return byLabel }
        let byValue = visible.first { index in
            guard let chosen = form.fields[index].chosen, !chosen.isEmpty else { return false }
            let label = form.fields[index].options.first { $0.value == chosen }?.label ?? chosen
            return text.range(of: "\\b\(NSRegularExpression.escapedPattern(for: label.lowercased()))\\b", options: .regularExpression) != nil
        }
        return byValue ?? (visible.contains(form.focus) ? form.focus : visible.first ?? 0)
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
