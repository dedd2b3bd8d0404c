import Foundation
import HandoffConfig
import HandoffCore
import HandoffStore

/// Which events `handoff watch` prints: every one, or those of `--type`, `--lead` and
/// `--person` (all that are given must hold).
struct WatchFilter {
    var types: Set<EventType>?
    var leads: Set<LeadID>?
    var person: String?

    /// `--type booked,returned`: event type names as the log writes them.
    static func types(_ text: String) throws -> Set<EventType> {
        let names = EventType.allCases.map(\.rawValue)
        var types = Set<EventType>()
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = word.trimmingCharacters(in: .whitespaces)
            guard let type = EventType(rawValue: name.lowercased()) else {
                let hint = Suggestion.hint(for: name.lowercased(), in: names)
                throw CLIFailure(code: 2, message: "--type: '\(safe(name))' is not an event type\(hint); the types: \(names.joined(separator: ", "))")
            }
            types.insert(type)
        }
        return types
    }

    /// `--lead L-7,L-9`: leads on the board (archived ones too).
    static func leads(_ text: String, in store: any BoardStore) throws -> Set<LeadID> {
        var leads = Set<LeadID>()
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = word.trimmingCharacters(in: .whitespaces)
            guard let id = LeadID(name) else {
                throw CLIFailure(code: 2, message: "--lead: '\(safe(name))' is not a lead id (like L-7)")
            }
            guard try store.lead(id) != nil else { throw RuleError.notFound("--lead: no lead \(id)") }
            leads.insert(id)
        }
        return leads
    }

    /// `--person alex`: a member of the team.
    static func person(_ name: String, in team: Team) throws -> String {
        guard team.member(name) != nil else {
            let names = team.members.map(\.name)
            throw CLIFailure(code: 2, message: "--person: '\(safe(name))' is not on the team\(Suggestion.hint(for: name, in: names))")
        }
        return name
    }

    /// Whether the filter needs each lead's SDR and AE (read once a page).
    var needsCards: Bool { person != nil }

    /// Whether `event` passes. `cards` holds its lead as it stands now, for `--person`.
    func admits(_ event: Event, cards: [LeadID: Card]) -> Bool {
        if let types, !types.contains(event.type) { return false }
        if let leads {
            guard let lead = event.lead, leads.contains(lead) else { return false }
        }
        if let person {
            let payload = event.payload
            let named = [event.actor, payload.owner, payload.meeting?.ae, payload.member?.name]
            let card = event.lead.flatMap { cards[$0] }
            guard named.contains(person) || card?.owner == person || card?.ae == person else { return false }
        }
        return true
    }
}

/// One event as one line of `handoff watch`.
enum WatchLine {
    enum Format: String, CaseIterable {
        case jsonl
        case text
    }

    /// jsonl: the event exactly as `export --format json` writes it in its `events` array,
    /// on one line (every control, format and separator character escaped as `\uXXXX`).
    /// text: `seq  time  actor  lead  what happened`, sanitised.
    static func bytes(_ event: Event, format: Format, calendar: Calendar = .current) throws -> [UInt8] {
        switch format {
        case .jsonl:
            return Array(try StreamingJSONEncoder.string(event).utf8) + [0x0A]
        case .text:
            return Array((text(event, calendar: calendar) + "\n").utf8)
        }
    }

    static func text(_ event: Event, calendar: Calendar = .current) -> String {
        // What happened, its meeting and company, then the move, then any note.
        var what = event.summary
        let move = event.from.flatMap { from in event.to.map { (from, $0) } }.flatMap { $0 != $1 ? " · \($0.title) → \($1.title)" : nil } ?? ""
        if !move.isEmpty, what.hasSuffix(move) { what.removeLast(move.count) }
        let payload = event.payload
        if event.type == .booked, let meeting = payload.meeting {
            what += " with \(meeting.ae) at \(DateInput.format(meeting.at, calendar: calendar))"
        }
        if let company = payload.fields?.company, !company.isEmpty { what += ": \(company)" }
        if let owner = payload.owner, event.type == .created || event.type == .edited { what += " (SDR \(owner))" }
        what += move
        if let note = payload.note ?? payload.disposition?.note ?? payload.disposition?.reason, !note.isEmpty { what += " — \(note)" }
        let parts = ["#\(event.seq)", DateInput.format(event.at, calendar: calendar), event.actor,
                     event.lead?.description ?? "team", what]
        // One line whatever the fields hold: escapes, bidi controls and line breaks from
        // lead data are neutralised, and a long note is cut.
        let line = SafeText.sanitize(parts.joined(separator: "  "))
        return line.count > 400 ? String(line.prefix(399)) + "…" : line
    }
}
