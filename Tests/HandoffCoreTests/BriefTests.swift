import Foundation
import Testing
@testable import HandoffCore

/// The AE brief (`y` on the board, `handoff lead brief`): what it says, and that nothing in
/// lead data can reach a terminal or a clipboard as a control sequence.
@Suite("AE brief")
struct BriefTests {
    static let now = utcDate(2026, 3, 10, 12, 0)

    /// A handed-off lead with a scorecard, a meeting and a timeline; `hostile` goes into
    /// every free-text field.
    static func lead(_ hostile: String = "") -> (Lead, [Event]) {
        let at = utcDate(2026, 3, 2, 9, 0)
        var lead = Lead(id: LeadID(7), fields: LeadFields(company: "Acme Corp" + hostile, contact: "Jane Doe" + hostile,
                                                            title: "VP Ops" + hostile, email: "jane@acme.example",
                                                            source: "webinar" + hostile),
                        owner: "sam" + hostile, at: at, actor: "sam")
        lead.column = .handedOff
        lead.columnSince = utcDate(2026, 3, 4, 9, 0)
        lead.scorecard = Scorecard(definitionVersion: 1, scores: [
            "need": CriterionScore(status: .met, evidence: "We reconcile 40 bank accounts by hand" + hostile),
            "fit": CriterionScore(status: .met, evidence: "300 staff"),
            "timeframe": CriterionScore(status: .met, evidence: "Audit in Q3"),
            "authority": CriterionScore(status: .met, evidence: "Head of finance ops"),
        ], scoredBy: "sam", scoredAt: utcDate(2026, 3, 3, 10, 0))
        lead.meeting = Meeting(ae: "alex", at: utcDate(2026, 3, 11, 11, 0), agenda: "Walk the close process" + hostile,
                               bookedBy: "sam", bookedAt: utcDate(2026, 3, 4, 9, 0))
        let events = [
            Event(seq: 1, at: at, actor: "sam", lead: LeadID(7), type: .created, from: nil, to: .queue),
            Event(seq: 2, at: utcDate(2026, 3, 4, 9, 0), actor: "sam" + hostile, lead: LeadID(7), type: .booked, from: .queue, to: .handedOff),
        ]
        return (lead, events)
    }

    @Test func saysWhatTheAENeedsInMarkdown() {
        let (lead, events) = Self.lead()
        let text = Brief.markdown(lead, events: events, definition: .standard, now: Self.now, calendar: utc)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Acme Corp — L-7")
        #expect(lines.contains("- **Contact:** Jane Doe, VP Ops"))
        #expect(lines.contains("- **SDR:** sam · **AE:** alex"))
        #expect(lines.contains("- **Source:** webinar"))
        // The evidence in the prospect's words, quoted under its criterion.
        let need = lines.firstIndex(of: "- **Need** (met)")
        #expect(need.map { lines[$0 + 1] } == "  > We reconcile 40 bank accounts by hand")
        #expect(lines.contains("- **Budget** (unknown, optional)"))
        #expect(lines.contains("- **When:** 2026-03-11 11:00 with alex, booked by sam"))
        #expect(lines.contains("- **Agenda:** Walk the close process"))
        #expect(lines.contains("- **Outcome:** to come"))
        #expect(lines.contains("## Timeline"))
        #expect(lines.last == "- 2026-03-04 09:00 · sam · booked a meeting · SDR queue → Handed off")
        #expect(lines.contains("- **Now:** Handed off for 6 day(s)"))
    }

    @Test(arguments: [
        "\u{1B}]52;c;ZXZpbA==\u{07}",              // an OSC 52 of its own
        "\u{1B}[2J\u{1B}[H",                         // clear the screen
        "\u{1B}]0;owned\u{1B}\\",                    // retitle the window
        "\u{9B}31m",                                 // an 8-bit CSI
        "\n# Injected heading\n- fake line",         // line breaks that would start markdown
        "\u{202E}evil\u{202C}",                      // a bidi override
        "\u{07}\u{08}\u{7F}\u{0}",                   // bell, backspace, delete, NUL
    ])
    func hostileLeadDataCannotReachTheTerminal(_ hostile: String) {
        let (lead, events) = Self.lead(hostile)
        let text = Brief.markdown(lead, events: events, definition: .standard, now: Self.now, calendar: utc)
        for scalar in text.unicodeScalars where scalar != "\n" {
            #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value), "control U+\(String(scalar.value, radix: 16)) in the brief")
            #expect(!(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value))
        }
        // A line break in a value never starts a line of its own.
        #expect(!text.contains("\n# Injected"))
        #expect(!text.contains("\n- fake line"))
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("# ") }.count == 1)
    }

    @Test func aLongTimelineKeepsItsNewestEventsWithinTheLimit() {
        let (lead, _) = Self.lead()
        let long = String(repeating: "x", count: 400)
        let events = (1...5_000).map { index in
            Event(seq: Int64(index), at: utcDate(2026, 3, 2, 9, 0).addingTimeInterval(Double(index) * 60), actor: "sam" + long,
                  lead: LeadID(7), type: .edited, from: nil, to: nil)
        }
        let text = Brief.markdown(lead, events: events, definition: .standard, now: Self.now, calendar: utc, maximumBytes: 8_192)
        #expect(text.utf8.count <= 8_192)
        #expect(text.contains("newest of 5000 events; `handoff lead show L-7` lists them all"))
        // The newest event is kept, the oldest left out.
        #expect(text.contains(DateInput.format(events[4_999].at, calendar: utc)))
        #expect(!text.contains(DateInput.format(events[0].at, calendar: utc) + " · "))
        let full = Brief.markdown(lead, events: events, definition: .standard, now: Self.now, calendar: utc)
        #expect(full.utf8.count <= Brief.maximumBytes)
        #expect(full.split(separator: "\n").filter { $0.hasPrefix("- 2026") }.count <= Brief.maximumEvents)
    }

    @Test func hugeFieldsAreCutAtACharacterBoundary() {
        var (lead, events) = Self.lead()
        lead.fields.company = String(repeating: "é", count: 50_000)
        let text = Brief.markdown(lead, events: events, definition: .standard, now: Self.now, calendar: utc, maximumBytes: 4_096)
        #expect(text.utf8.count <= 4_096)
        #expect(text.hasSuffix("…(cut at 4 KiB)\n"))
        events = []
        #expect(Brief.markdown(lead, events: events, definition: .standard, now: Self.now, calendar: utc).utf8.count <= Brief.maximumBytes)
    }
}
