import Foundation
import HandoffCore

/// A choice in a pick list.
public struct Choice: Sendable, Equatable {
    public var value: String
    public var label: String

    public init(_ value: String, _ label: String? = nil) {
        self.value = value
        self.label = label ?? value
    }
}

public enum FieldKind: Sendable, Equatable {
    case text
    /// Parsed with `DateInput`; `needsTime` for meetings.
    case date(needsTime: Bool)
    case choice([Choice])
    case multi([Choice])
}

/// One field of a form. Text is kept exactly as typed, even when the store refuses.
public struct Field: Sendable, Equatable {
    public var id: String
    public var label: String
    public var kind: FieldKind
    public var text: String
    public var cursor: Int
    public var choice: Int
    public var picked: Set<Int>
    /// The highlighted option in a multi-select.
    public var highlight: Int
    public var required: Bool
    public var hint: String
    /// Shown only when another choice field has one of these values: ("kind", ["accept"]).
    public var visibleWhen: (field: String, values: [String])?

    public init(_ id: String, _ label: String, kind: FieldKind = .text, text: String = "", required: Bool = false,
                hint: String = "", choice: Int = 0, picked: Set<Int> = [], visibleWhen: (field: String, values: [String])? = nil) {
        self.id = id
        self.label = label
        self.kind = kind
        self.text = text
        self.cursor = text.count
        self.choice = choice
        self.picked = picked
        self.highlight = 0
        self.required = required
        self.hint = hint
        self.visibleWhen = visibleWhen
    }

    public static func == (lhs: Field, rhs: Field) -> Bool {
        lhs.id == rhs.id && lhs.kind == rhs.kind && lhs.text == rhs.text && lhs.cursor == rhs.cursor
            && lhs.choice == rhs.choice && lhs.picked == rhs.picked && lhs.highlight == rhs.highlight
    }

    public var options: [Choice] {
        switch kind {
        case .choice(let options), .multi(let options): options
        case .text, .date: []
        }
    }

    public var chosen: String? {
        guard case .choice(let options) = kind, options.indices.contains(choice) else { return nil }
        return options[choice].value
    }

    public var pickedValues: [String] {
        options.enumerated().filter { picked.contains($0.offset) }.map(\.element.value)
    }

    public var trimmed: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Which form is open, with the lead and version it was opened on (optimistic concurrency).
public enum FormPurpose: Sendable, Equatable {
    case addLead
    case editLead
    case score
    case book
    case outcome
    case disposition
    case dispute
    case resolve
    /// `r`: these leads (the marked cards, or the selected one) to another SDR.
    case reassign([LeadID])
    /// `R`: the meetings of these leads to another AE.
    case reassignMeeting([LeadID])
    /// `c` by a team lead: who scores these leads blind.
    case calibrationStart([LeadID])
    /// `c` by a participant: their blind score of the form's lead.
    case calibrationScore
}

public struct Form: Sendable, Equatable {
    public var purpose: FormPurpose
    public var title: String
    public var lead: LeadID?
    public var version: Int?
    public var fields: [Field]
    public var focus: Int
    public var error: String?
    /// Lines of context shown above the fields (the criterion guidance, the lead).
    public var intro: [String]
    /// The book form: the rotation's proposal, carried by the booking it submits.
    public var route: BookingRoute?
    /// The book form: the proposal behind `route`, ranked again for the meeting's day at submit.
    public var proposal: RoutingProposal?

    public init(_ purpose: FormPurpose, title: String, lead: LeadID? = nil, version: Int? = nil,
                intro: [String] = [], fields: [Field]) {
        self.purpose = purpose
        self.title = title
        self.lead = lead
        self.version = version
        self.intro = intro
        self.fields = fields
        self.focus = 0
        self.error = nil
    }

    public func field(_ id: String) -> Field? { fields.first { $0.id == id } }

    public func isVisible(_ index: Int) -> Bool {
        guard let condition = fields[index].visibleWhen else { return true }
        guard let value = field(condition.field)?.chosen else { return false }
        return condition.values.contains(value)
    }

    public var visibleIndices: [Int] { fields.indices.filter(isVisible) }

    // MARK: Editing

    public mutating func moveFocus(by step: Int) {
        let visible = visibleIndices
        guard !visible.isEmpty else { return }
        let position = visible.firstIndex(of: focus) ?? 0
        focus = visible[(position + step + visible.count) % visible.count]
    }

    /// Handles a key inside the focused field. Returns false when the key is not the field's.
    public mutating func edit(_ key: Key) -> Bool {
        guard fields.indices.contains(focus) else { return false }
        var field = fields[focus]
        defer { fields[focus] = field }
        switch field.kind {
        case .text, .date:
            return Self.editText(&field, key)
        case .choice(let options):
            guard !options.isEmpty else { return false }
            switch key {
            case .left: field.choice = (field.choice - 1 + options.count) % options.count
            case .right, .char(" "): field.choice = (field.choice + 1) % options.count
            case .char(let character):
                // Typing the first letter picks the first option that starts with it.
                let lower = String(character).lowercased()
                guard let match = options.firstIndex(where: { $0.label.lowercased().hasPrefix(lower) }) else { return false }
                field.choice = match
            default: return false
            }
            return true
        case .multi(let options):
            guard !options.isEmpty else { return false }
            switch key {
            case .left: field.highlight = (field.highlight - 1 + options.count) % options.count
            case .right: field.highlight = (field.highlight + 1) % options.count
            case .char(" "), .char("x"):
                if field.picked.contains(field.highlight) { field.picked.remove(field.highlight) } else { field.picked.insert(field.highlight) }
            default: return false
            }
            return true
        }
    }

    static func editText(_ field: inout Field, _ key: Key) -> Bool {
        var characters = Array(field.text)
        let cursor = min(max(field.cursor, 0), characters.count)
        switch key {
        case .char(let character):
            guard !character.isNewline, characters.count < 500 else { return true }
            characters.insert(character, at: cursor)
            field.cursor = cursor + 1
        case .backspace:
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            field.cursor = cursor - 1
        case .delete:
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .left: field.cursor = max(0, cursor - 1)
        case .right: field.cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): field.cursor = 0
        case .end, .ctrl("e"): field.cursor = characters.count
        case .ctrl("u"):
            characters.removeAll()
            field.cursor = 0
        case .ctrl("w"):
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            field.cursor = start
        default:
            return false
        }
        field.text = String(characters)
        return true
    }
}
