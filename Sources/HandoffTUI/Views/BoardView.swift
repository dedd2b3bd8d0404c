import Foundation
import HandoffCore

/// The five columns, the title bar, the hint line and the status line.
public enum BoardView {
    public static func render(_ state: AppState) -> Canvas {
        var canvas = Canvas(width: state.width, height: state.height)
        if state.isTooSmall {
            TooSmallView.draw(&canvas, state)
            return canvas
        }
        titleBar(&canvas, state)
        let layout = BoardLayout(state)
        for (index, column) in Column.board.enumerated() {
            drawColumn(&canvas, state, layout, index: index, column: column)
        }
        if state.board.isEmpty && state.filter.isEmpty && !state.onlyMine {
            emptyBoard(&canvas, state)
        }
        hints(&canvas, state)
        StatusLine.draw(&canvas, state)
        switch state.mode {
        case .board: break
        case .detail(let id, let scroll): DetailView.draw(&canvas, state, lead: id, scroll: scroll)
        case .help(let scroll): HelpView.draw(&canvas, state, scroll: scroll)
        case .form(let form): FormView.draw(&canvas, form)
        case .standup(let scroll): StandupView.draw(&canvas, state, scroll: scroll)
        case .notices(let selected): NoticesView.draw(&canvas, state, selected: selected)
        case .attention(let scroll): SLAView.draw(&canvas, state, scroll: scroll)
        }
        if let palette = state.palette { PaletteView.draw(&canvas, state, palette) }
        if let report = state.marks.report { MarksView.drawReport(&canvas, report) }
        return canvas
    }

    static func titleBar(_ canvas: inout Canvas, _ state: AppState) {
        canvas.fill(rect: Rect(x: 0, y: 0, width: canvas.width, height: 1), style: Style(.title))
        var x = canvas.put(x: 1, y: 0, text: "Handoff", style: Style(.title, bold: true)) + 1
        if state.filtering || !state.filter.isEmpty {
            x += canvas.put(x: x + 2, y: 0, text: "/" + state.filter + (state.filtering ? "▏" : ""), style: Style(.filter, bold: true),
                            maxWidth: canvas.width / 2) + 2
            if let problem = state.filterError {
                x += canvas.put(x: x + 2, y: 0, text: problem, style: Style(.statusError, bold: true),
                                maxWidth: max(canvas.width - x - 3, 0)) + 2
            }
        }
        if state.onlyMine {
            canvas.put(x: x + 2, y: 0, text: "only mine", style: Style(.filter))
        }
        // An error in the filter takes the whole line: it says how to fix what is typed.
        guard state.filterError == nil || !(state.filtering || !state.filter.isEmpty) else { return }
        let right = "SQL definition v\(state.team.definition.version) · ? help "
        canvas.put(x: canvas.width - SafeText.width(of: right), y: 0, text: right, style: Style(.title))
    }

    static func drawColumn(_ canvas: inout Canvas, _ state: AppState, _ layout: BoardLayout, index: Int, column: Column) {
        let rect = layout.columns[index]
        let focused = index == state.focus && state.mode == .board
        let cards = state.board.cards(in: column)
        // A column's own sort, beside its count: the title gives way first, cut with an
        // ellipsis and a space kept before what follows ("Handed of3721" at 80 columns).
        let sort = state.board.sorts[column].map { "↕" + $0.shortLabel + " " } ?? ""
        let count = "\(state.board.total(in: column)) "
        let room = rect.width - SafeText.width(of: count) - SafeText.width(of: sort) - 2
        let header = " " + SafeText.truncate(column.title, toWidth: room)
        let headerStyle = Style(focused ? .columnHeaderFocused : .columnHeader, bold: true)
        canvas.fill(rect: Rect(x: rect.x, y: 1, width: rect.width, height: 1), style: headerStyle)
        canvas.put(x: rect.x, y: 1, text: header, style: headerStyle, maxWidth: rect.width - SafeText.width(of: count) - SafeText.width(of: sort))
        if !sort.isEmpty {
            canvas.put(x: rect.maxX - SafeText.width(of: count) - SafeText.width(of: sort), y: 1, text: sort, style: headerStyle)
        }
        canvas.put(x: rect.maxX - SafeText.width(of: count), y: 1, text: count, style: Style(focused ? .columnHeaderFocused : .columnCount))
        canvas.horizontalLine(x: rect.x, y: 2, length: rect.width, style: Style(focused ? .borderFocused : .border))
        let top = state.scroll[column] ?? 0
        let selected = state.selection[column]
        for slot in 0..<layout.cardsPerColumn {
            let position = top + slot
            guard position < cards.count else { break }
            let lead = cards[position]
            CardView.draw(&canvas, lead, in: layout.cardRect(column: index, slot: slot), state: state,
                          selected: lead.id == selected, focused: focused)
        }
        // Cards above and below the window, on the rule under the header.
        let below = max(state.board.total(in: column) - top - layout.cardsPerColumn, 0)
        let more = (top > 0 ? "↑\(top)" : "") + (top > 0 && below > 0 ? " " : "") + (below > 0 ? "↓\(below)" : "")
        if !more.isEmpty {
            canvas.put(x: rect.maxX - SafeText.width(of: more) - 1, y: 2, text: more, style: Style(.columnCount))
        }
        if cards.isEmpty, !state.board.isEmpty {
            canvas.put(x: rect.x + 1, y: BoardLayout.cardsTop, text: "—", style: Style(.cardMuted))
        }
    }

    static func emptyBoard(_ canvas: inout Canvas, _ state: AppState) {
        let lines = [
            "No leads yet. To get started:",
            "",
            "  a            add a lead to your queue",
            "  handoff import leads.csv   bring in a Salesforce or HubSpot export",
            "  handoff demo               try a seeded team board",
            "",
            state.isReadOnly ? "You (\(state.me)) are not on the team yet: ask a team lead to add you."
                             : "You are \(state.me), \(state.role?.title ?? "")."
        ]
        let top = max(BoardLayout.cardsTop + 2, (canvas.height - lines.count) / 2)
        let left = max(2, (canvas.width - 66) / 2)
        for (offset, line) in lines.enumerated() {
            canvas.put(x: left, y: top + offset, text: line, style: Style(offset == 0 ? .overlayTitle : .helpText, bold: offset == 0))
        }
    }

    /// The hint line: the keys in effect that fit (`Footer`).
    static func hints(_ canvas: inout Canvas, _ state: AppState) {
        Footer.draw(&canvas, state)
    }
}

/// One card: company, contact, owner and days in column, with its markers.
enum CardView {
    static func draw(_ canvas: inout Canvas, _ lead: Card, in rect: Rect, state: AppState, selected: Bool, focused: Bool) {
        // The selection is a bar down the card's edge (accented in the focused column) and,
        // in the focused column, the company name highlighted: plain to see, and a move
        // redraws a few cells of two cards rather than both cards whole (under 200 bytes).
        let current = selected && focused
        canvas.fill(rect: rect, style: Style(.card))
        let inner = rect.width - 2
        guard inner > 0 else { return }
        if selected {
            canvas.verticalLine(x: rect.x, y: rect.y, length: rect.height,
                                style: current ? Style(.borderFocused, bold: true) : Style(.cardMuted), glyph: "▌")
        }
        let x = rect.x + 1
        let marked = MarksView.drawMark(&canvas, state, lead.id, x: x, y: rect.y)
        canvas.put(x: x + marked, y: rect.y, text: SafeText.truncate(SafeText.sanitize(lead.company), toWidth: inner - marked),
                   style: Style(current ? .cardSelected : .card, bold: true), maxWidth: inner - marked)
        canvas.put(x: x, y: rect.y + 1, text: SafeText.truncate(SafeText.sanitize(lead.contact), toWidth: inner),
                   style: Style(.cardMuted), maxWidth: inner)
        let markers = lead.markers(now: state.now, thresholds: state.thresholds)
        let markerWidth = markers.count * 2
        let owner = "\(lead.cardOwner) · \(lead.daysInColumn(now: state.now))d" + SLAView.countdown(lead, state)
        let ownerWidth = max(inner - markerWidth, 1)
        canvas.put(x: x, y: rect.y + 2, text: SafeText.truncate(SafeText.sanitize(owner), toWidth: ownerWidth),
                   style: Style(.owner), maxWidth: ownerWidth)
        var markerX = rect.maxX - markerWidth
        for marker in markers {
            let glyph = state.asciiCharts ? marker.asciiGlyph : marker.glyph
            markerX += canvas.put(x: markerX, y: rect.y + 2, text: glyph, style: Style(marker.role, bold: true)) + 1
        }
    }
}

extension Marker {
    var role: ThemeRole {
        switch self {
        case .slaBreach: .markerBreach
        case .slaWarning: .markerWarning
        case .aging: .markerAging
        case .rebook: .markerRebook
        case .dispute: .markerDispute
        case .revisitDue: .markerRevisit
        }
    }
}

/// Who you are, where the store is, and what the last action did.
enum StatusLine {
    static func draw(_ canvas: inout Canvas, _ state: AppState) {
        let y = canvas.height - 1
        canvas.fill(rect: Rect(x: 0, y: y, width: canvas.width, height: 1), style: Style(.status))
        let message = state.connectionProblem.map { StatusMessage($0, .error) }
            ?? (state.busy ? StatusMessage("working…") : Update.statusShown(state))
        let needed = (message.map { SafeText.width(of: $0.text) } ?? 0) + NoticesView.countWidth(state)
        var who = state.role.map { "\(state.me) · \($0.title)" } ?? "\(state.me) · read-only"
        // On a personal store its creator may be anyone: say whom they are playing (unless
        // a message needs the room).
        if state.personal, state.role != nil, needed == 0 || SafeText.width(of: who) + 29 + needed <= canvas.width - 2 {
            who = "acting as \(who) · personal store"
        }
        var x = canvas.put(x: 1, y: y, text: who, style: Style(.status, bold: true)) + 1
        if let view = state.activeView, let number = state.activeViewNumber {
            x += canvas.put(x: x + 1, y: y, text: "· view \(number) \(view.name)", style: Style(.status, bold: true),
                            maxWidth: max(canvas.width / 4, 10)) + 1
        }
        // The store's path, shortened from the left (its file name stays whole); a message
        // that needs the room takes it, since it says what just happened.
        let place = "· " + ShortPath.fromLeft(state.location, width: max(canvas.width / 3, 10) - 2)
        if needed == 0 || x + 3 + SafeText.width(of: place) + needed <= canvas.width - 2 {
            x += canvas.put(x: x + 1, y: y, text: place, style: Style(.statusDim)) + 2
        }
        x = MarksView.drawCount(&canvas, state, x: x, y: y)
        x = NoticesView.drawCount(&canvas, state, x: x, y: y)
        if let message {
            let role: ThemeRole = switch message.kind {
            case .error: .statusError
            case .success: .statusSuccess
            case .info: .status
            }
            // Only over the board itself: an open overlay would hide the rows above.
            if state.connectionProblem == nil, !state.busy, state.mode == .board,
               let lines = expanded(message, state, width: canvas.width, room: canvas.width - x - 2) {
                // A refusal longer than the room left is read whole: wrapped on the rows
                // above the status line, until the next key.
                let top = y - lines.count
                canvas.fill(rect: Rect(x: 0, y: top, width: canvas.width, height: lines.count), style: Style(.status))
                for (offset, line) in lines.enumerated() {
                    canvas.put(x: 1, y: top + offset, text: line, style: Style(role, bold: true), maxWidth: canvas.width - 2)
                }
                canvas.put(x: x + 1, y: y, text: "(in full above; any key closes it)", style: Style(.statusDim),
                           maxWidth: canvas.width - x - 2)
            } else {
                canvas.put(x: x + 1, y: y, text: message.text, style: Style(role, bold: message.kind == .error),
                           maxWidth: canvas.width - x - 2)
            }
        } else if state.isReadOnly {
            canvas.put(x: x + 1, y: y, text: state.readOnlyReason ?? "read-only: you are not on the team roster", style: Style(.statusError),
                       maxWidth: canvas.width - x - 2)
        }
    }
}

extension StatusLine {
    /// At most this many rows above the status line for a long refusal.
    static let expandedRows = 4

    /// A fresh refusal (no key pressed since) wider than the `room` the status line has
    /// for it, wrapped to `width`; nil when it fits or was read. Past `expandedRows` rows
    /// (a quarter of the screen at most) it ends with "…".
    static func expanded(_ message: StatusMessage, _ state: AppState, width: Int, room: Int) -> [String]? {
        guard message.kind == .error, message.serial > state.statusRead, SafeText.width(of: message.text) > room else {
            return nil
        }
        var lines = Wrap.lines(message.text, width: max(width - 2, 10))
        let rows = min(expandedRows, max(1, state.height / 4))
        if lines.count > rows {
            lines = Array(lines.prefix(rows))
            lines[rows - 1] = String(lines[rows - 1].prefix(max(0, width - 4))) + "…"
        }
        return lines
    }
}

/// Below the minimum size the board says how big it needs to be.
enum TooSmallView {
    static func draw(_ canvas: inout Canvas, _ state: AppState) {
        let text = "Handoff needs a terminal of at least \(AppState.minimumWidth)×\(AppState.minimumHeight); "
            + "this one is \(state.width)×\(state.height). Make it bigger, or press q to quit."
        let lines = Wrap.lines(text, width: max(canvas.width - 2, 10))
        let top = max(0, (canvas.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let x = max(0, (canvas.width - SafeText.width(of: line)) / 2)
            canvas.put(x: x, y: top + offset, text: line, style: Style(.statusError, bold: true))
        }
    }
}
