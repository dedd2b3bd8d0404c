import Foundation
import HandoffCore

/// Plain mode (`handoff --plain`, and `TERM=dumb`): the same board, the same keys, forms and
/// rules, told as lines of text for a screen reader or a terminal without cursor movement.
/// No box characters, no marker glyphs, no bars: markers are words, one card per line.
///
/// The board's state is described as a list of parts (where you are, the column, the card,
/// the open form's field, the status…); after every change the announcer writes only the
/// parts whose text changed, in order, each as a line. Typing into a text field echoes the
/// characters on the open line rather than repeating the field.
public struct PlainAnnouncer: Sendable {
    /// What one frame of plain output writes.
    public enum Output: Sendable, Equatable {
        /// A line of its own.
        case line(String)
        /// Characters typed into a field, written on the open line.
        case echo(String)
    }

    var last: [String: String] = [:]

    public init() {}

    /// What to write for `state`, given what was written before.
    public mutating func outputs(for state: AppState) -> [Output] {
        let parts = Self.parts(state)
        var outputs: [Output] = []
        for (key, text) in parts {
            let before = last[key]
            guard before != text else { continue }
            // The status's serial only tells a message said again from the one before it.
            if key == "status" {
                outputs.append(.line(String(text.drop { $0 != " " }.dropFirst())))
                continue
            }
            // Typing into the focused field: the new characters only.
            if key == "field", let before, let typed = Self.typed(before: before, after: text) {
                outputs.append(.echo(typed))
                continue
            }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { outputs.append(.line(String(line))) }
        }
        // A part that is gone (a form closed) is announced afresh when it comes back.
        last = Dictionary(parts, uniquingKeysWith: { $1 })
        return outputs
    }

    /// The field line grew by what was typed at its end: those characters.
    static func typed(before: String, after: String) -> String? {
        guard after.count > before.count, after.hasPrefix(before) else { return nil }
        return String(after.dropFirst(before.count))
    }

    /// The parts of the state, in the order they are read out.
    static func parts(_ state: AppState) -> [(String, String)] {
        var parts: [(String, String)] = []
        var who = state.role.map { "\(state.me), \($0.title)" } ?? "\(state.me), read-only"
        if state.personal, state.role != nil { who = "acting as \(who), on a personal store" }
        parts.append(("who", "Handoff, plain mode: \(who); store \(SafeText.sanitize(state.location)). Press ? for the keys, q to quit."))
        if state.isTooSmall { return parts }
        let counts = Column.board.map { "\($0.title) \(state.board.total(in: $0))" }.joined(separator: ", ")
        var board = "Board: \(counts)."
        if !state.filter.isEmpty || state.filtering {
            board += " Filter: \(SafeText.sanitize(state.filter))" + (state.filtering ? " (typing; Enter keeps it, Esc clears it)" : "")
            if let problem = state.filterError { board += ". Not a query: \(SafeText.sanitize(problem))" }
        }
        if let view = state.activeView { board += " View: \(SafeText.sanitize(view.name))." }
        if state.onlyMine { board += " Only your cards." }
        parts.append(("board", board))
        switch state.mode {
        case .board:
            parts.append(("column", column(state)))
            parts.append(("card", card(state)))
        case .detail(let id, _):
            parts.append(("card", card(state)))
            if let lead = state.detail, lead.id == id {
                let lines = DetailView.lines(lead, timeline: state.timeline, state: state, width: 1_000)
                parts.append(("overlay", "Card detail of \(id):\n" + text(lines) + "\nEnd of the card detail; Esc closes it."))
            } else {
                parts.append(("overlay", "Reading \(id)…"))
            }
        case .help:
            parts.append(("overlay", "Keys:\n" + text(HelpView.lines(state)) + "\nEnd of the keys; Esc closes them."))
        case .standup:
            if let standup = state.standup {
                parts.append(("overlay", "Standup:\n" + StandupText.text(standup) + "\nEnd of the standup; Esc closes it."))
            } else {
                parts.append(("overlay", state.standupProblem.map { "Standup: \($0)" } ?? "Computing the standup…"))
            }
        case .attention:
            parts.append(("overlay", "Attention list:\n" + text(SLAView.lines(state)) + "\nEnd of the attention list; Esc closes it."))
        case .notices(let selected):
            let lines = NoticesView.lines(state, selected: selected).lines
            parts.append(("overlay", "New for you:\n" + text(lines) + "\nEnd of the list; Enter goes to the chosen card, Esc closes it."))
        case .form(let form):
            parts.append(("form", formHeading(form)))
            parts.append(("field", field(form)))
            if let error = form.error { parts.append(("formError", "Refused: \(SafeText.sanitize(error))")) }
        }
        if let problem = state.connectionProblem { parts.append(("connection", "Connection: \(SafeText.sanitize(problem))")) }
        if let status = Update.statusShown(state) {
            let prefix = switch status.kind {
            case .error: "Refused or failed: "
            case .success: "Done: "
            case .info: ""
            }
            parts.append(("status", "\(status.serial) " + prefix + SafeText.sanitize(status.text)))
        }
        return parts
    }

    /// The focused column, and its cards one per line (the first screenful).
    static func column(_ state: AppState) -> String {
        let column = state.column
        let cards = state.cards
        let sort = state.board.sorts[column].map { ", sorted by \($0.label)" } ?? ""
        var lines = ["Column \(state.focus + 1) of \(Column.board.count): \(column.title), \(count(cards.count))\(sort)."]
        let shown = min(cards.count, plainPage)
        for index in 0..<shown { lines.append("  " + cardText(cards[index], state)) }
        if cards.count > shown { lines.append("  and \(cards.count - shown) more (↓ reads on).") }
        return lines.joined(separator: "\n")
    }

    static let plainPage = 10

    /// The selected card, in words.
    static func card(_ state: AppState) -> String {
        guard let card = state.actionCard else { return "No card here." }
        if case .detail = state.mode { return "Card \(card.id) open." }
        return "Card \(state.selectedIndex + 1) of \(state.cards.count): " + cardText(card, state)
    }

    /// One card as one line: id, company, contact, who has it, days, markers as words.
    static func cardText(_ card: Card, _ state: AppState) -> String {
        var cells = [card.id.description, SafeText.sanitize(card.company), SafeText.sanitize(card.contact),
                     "\(card.column == .handedOff || card.column == .sao ? "AE" : "SDR") \(SafeText.sanitize(card.cardOwner))",
                     "\(card.daysInColumn(now: state.now)) days in column"]
        let markers = card.markers(now: state.now, thresholds: state.thresholds)
            .map { $0.meaning.split(separator: ":").first.map(String.init) ?? "" }
        if !markers.isEmpty { cells.append(markers.joined(separator: ", ")) }
        if state.marks.contains(card.id) { cells.append("marked") }
        return cells.joined(separator: " · ")
    }

    static func count(_ number: Int) -> String { number == 1 ? "1 card" : "\(number) cards" }

    static func formHeading(_ form: Form) -> String {
        var lines = ["Form: \(SafeText.sanitize(form.title)). Tab and Shift-Tab move between fields, Enter submits, Esc cancels."]
        lines += form.intro.map(SafeText.sanitize)
        return lines.joined(separator: "\n")
    }

    /// The focused field: its label, kind, value and hint.
    static func field(_ form: Form) -> String {
        let visible = form.visibleIndices
        guard form.fields.indices.contains(form.focus) else { return "No field." }
        let field = form.fields[form.focus]
        let position = (visible.firstIndex(of: form.focus) ?? 0) + 1
        let label = SafeText.sanitize(field.label.trimmingCharacters(in: .whitespaces))
        let head = "Field \(position) of \(visible.count), \(label)\(field.required ? ", required" : "")"
        let hint = field.hint.isEmpty ? "" : " (\(SafeText.sanitize(field.hint)))"
        switch field.kind {
        case .text, .date:
            return "\(head)\(hint): " + SafeText.sanitize(field.text)
        case .choice(let options):
            let chosen = options.indices.contains(field.choice) ? options[field.choice].label : "none"
            return "\(head), choice \(field.choice + 1) of \(options.count), ←/→ change it\(hint): \(SafeText.sanitize(chosen))"
        case .multi(let options):
            let at = options.indices.contains(field.highlight) ? options[field.highlight].label : "none"
            let ticked = options.enumerated().filter { field.picked.contains($0.offset) }.map { SafeText.sanitize($0.element.label) }
            return "\(head), ←/→ move, Space ticks\(hint): at \(SafeText.sanitize(at))"
                + (field.picked.contains(field.highlight) ? " (ticked)" : "")
                + "; ticked: " + (ticked.isEmpty ? "none" : ticked.joined(separator: ", "))
        }
    }

    /// An overlay's lines as plain text, trailing blanks dropped, and marker glyphs left
    /// out: each comes with its words (`● aging: …` reads `aging: …`).
    static func text(_ lines: [Overlay.Line]) -> String {
        let glyphs = Set(Marker.allCases.map(\.glyph))
        return lines.map { line in
            var text = line.spans.map(\.0).filter { !glyphs.contains($0.trimmingCharacters(in: .whitespaces)) }.joined()
            for glyph in glyphs { text = text.replacingOccurrences(of: glyph + " ", with: "") }
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }
}
