import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffTUI

/// The board answers a field query from per-card facts kept beside each column's search
/// text, and narrows the last result when a keystroke only tightens the query. Against
/// the plain matcher (`FilterQuery.matches`, card by card, with the lead's source and
/// reasons) on a few thousand varied cards, for queries typed and erased character by
/// character, with the clock moving (with and without the minute's re-sort), live
/// changes, new limits and "only mine" switched on and off between keystrokes.
@Suite("board model: field queries from the column's facts, narrowed while typing")
struct FilterFactsTests {
    static let start = Date(timeIntervalSince1970: 1_773_046_800)
    static let columns: [Column] = [.queue, .queue, .handedOff, .handedOff, .sao, .nurture, .returned, .returned, .archived]
    static let owners = ["sam", "Sam", "SUE", "kim", "zoë", "Zoë"]
    static let aes = ["alex", "ALEX", "ava", "Åsa"]
    static let companies = ["Acme", "acme north", "Acme Corp", "Zeta Labs", "Müller GmbH", "ÉCOLE Ltd", "Delta 77", "Omega", "web co"]
    static let sources = ["webinar", "Webinar: Q3 close", "outbound", "web form", "referral"]

    typealias Random = BoardModelTests.Random

    static func card(_ id: Int, _ random: inout Random, now: Date) -> Card {
        let column = columns[random.below(columns.count)]
        // Whole days, parts of days and odd seconds, some a moment either side of a day.
        func ago(_ days: Int) -> Date {
            switch random.below(4) {
            case 0: now.addingTimeInterval(-Double(random.below(days)) * 86_400)
            case 1: now.addingTimeInterval(-Double(random.below(days)) * 86_400 + Double(random.below(3) - 1) * 0.001)
            default: now.addingTimeInterval(-Double(random.below(days * 24 * 60)) * 60 - Double(random.below(1000)) / 7)
            }
        }
        let outcomes: [MeetingOutcome?] = [nil, nil, .held, .noShow]
        return Card(id: LeadID(id), company: "\(companies[random.below(companies.count)]) \(random.below(120))",
                    contact: "Contact \(random.below(40))", owner: owners[random.below(owners.count)],
                    ae: column == .queue && random.below(3) > 0 ? nil : aes[random.below(aes.count)], column: column,
                    columnSince: ago(15), version: 1, rebook: random.below(6) == 0, disputeOpen: random.below(9) == 0,
                    revisit: column == .nurture && random.below(4) > 0 ? now.addingTimeInterval(Double(random.below(10 * 24) - 5 * 24) * 3600) : nil,
                    meetingAt: column == .handedOff || column == .sao ? ago(6) : nil,
                    meetingOutcome: column == .handedOff ? outcomes[random.below(outcomes.count)] : nil)
    }

    static func extras(_ id: LeadID, _ random: inout Random) -> FilterQuery.LeadExtras {
        let reasons = RejectionReason.defaults.map(\.rawValue)
        return FilterQuery.LeadExtras(source: random.below(5) == 0 ? nil : sources[random.below(sources.count)],
                                      reasons: (0..<random.below(3)).map { _ in reasons[random.below(4)] })
    }

    /// What the plain matcher picks, in the order the board shows its columns unfiltered.
    /// Text as the board has always matched it (`BoardModel.SearchIndex`): the phrase
    /// sanitized and lowercased, byte for byte within one lowercased field, an empty one
    /// everywhere; plain text (no fields) is one phrase, spaces and all.
    static func expected(_ model: BoardModel, _ text: String, mine: String?) throws -> [Column: [LeadID]] {
        var all = model
        all.setFilter("", onlyMine: nil)
        let query = text.isEmpty ? nil : FilterQuery.isPlainText(text) ? FilterQuery(alternatives: [[.text(text)]]) : try FilterQuery.parse(text)
        var result: [Column: [LeadID]] = [:]
        for column in Column.board {
            result[column] = all.cards(in: column).filter { card in
                if let mine, card.owner != mine, card.ae != mine { return false }
                guard let query else { return true }
                let extra = model.extras?[card.id]
                return query.matches(card, source: extra?.source, reasons: extra?.reasons ?? [], now: model.now,
                                     thresholds: model.thresholds) { phrase in
                    let wanted = Array(SafeText.sanitize(phrase).lowercased().utf8)
                    return [card.company, card.contact, card.owner, card.ae ?? "", card.id.description].contains { field in
                        let bytes = Array(field.lowercased().utf8)
                        return wanted.isEmpty || (bytes.count >= wanted.count
                            && (0...(bytes.count - wanted.count)).contains { bytes[$0..<($0 + wanted.count)].elementsEqual(wanted) })
                    }
                }
            }.map(\.id)
        }
        return result
    }

    static func shown(_ model: BoardModel) -> [Column: [LeadID]] {
        var result: [Column: [LeadID]] = [:]
        for column in Column.board { result[column] = model.cards(in: column).map(\.id) }
        return result
    }

    /// Each sequence is typed a character at a time and then erased back to its first
    /// character; a prefix that does not parse is skipped, as the board skips it.
    static let typed = [
        "age:>10", "age:>=12", "age:<3", "age:<=14", "age:=2", "age:>1d",
        "is:breach age:>10", "is:warning age:<2", "is:breach or is:warning",
        "is:aging", "is:due", "is:rebook", "is:dispute owner:sam",
        "acme north", "\"acme corp\" owner:sam", "acme 1 or is:dispute", "zoë", "müller", "contact 3",
        "owner:sam age:>2 or ae:alex is:aging", "owner:zoë", "ae:åsa", "owner:SUE age:>=3",
        "source:webinar", "source:web age:>1", "reason:no_need or reason:not_icp", "reason:no_authority is:aging",
        "age:>1 age:<5 or age:=9", "\"\" age:>3", "1 or 2 or 3 or age:>13",
    ]

    @Test func everyKeystrokeShowsWhatThePlainMatcherPicks() throws {
        var random = Random(state: 20_261_201)
        var now = Self.start
        var cards: [Card] = []
        for id in 1...3_000 { cards.append(Self.card(id, &random, now: now)) }
        var model = BoardModel(cards: cards, now: now)
        var extras: [LeadID: FilterQuery.LeadExtras] = [:]
        for card in cards { extras[card.id] = Self.extras(card.id, &random) }
        model.setExtras(extras, partial: false)
        model.prepareSearch()
        var thresholds = Thresholds.standard
        var mine: String?
        var checked = 0, narrowed = 0, shown = 0
        for (round, text) in Self.typed.enumerated() {
            // What can change under a query kept on; done just before the sequence's last
            // character is typed, a keystroke that would otherwise narrow.
            func change() {
                switch round % 6 {
                case 1:  // time passes without the minute's re-sort (a live update with nothing in it)
                    now = now.addingTimeInterval(Double(1 + random.below(30)) * 3_600 + 0.5)
                    model.update([], now: now)
                case 2:  // the minute's tick
                    now = now.addingTimeInterval(Double(60 + random.below(3) * 86_400))
                    model.advance(to: now)
                    model.prepareSearch()
                case 3:  // other limits
                    thresholds.slaHours = Double(4 + random.below(60))
                    thresholds.agingDays.queue = random.below(2) == 0 ? nil : random.below(6)
                    thresholds.agingDays.nurture = random.below(4)
                case 4:
                    mine = mine == nil ? ["sam", "alex", "Zoë"][random.below(3)] : nil
                case 5:  // the leads' sources and reasons read again
                    model.setExtras(Dictionary(uniqueKeysWithValues: cards.prefix(500).map { ($0.id, Self.extras($0.id, &random)) }),
                                    partial: true)
                default:
                    break
                }
            }
            var steps = (1...text.count).map { String(text.prefix($0)) }
            steps += steps.dropLast().reversed()
            for (step, prefix) in steps.enumerated() {
                if step == text.count - 1 { change() }
                guard FilterQuery.isPlainText(prefix) || (try? FilterQuery.parse(prefix)) != nil else { continue }
                if step % 7 == 3 {
                    // A live change mid-sequence: a card moves on, another comes in.
                    let changed = [Self.card(1 + random.below(3_000), &random, now: now), Self.card(3_001 + random.below(40), &random, now: now)]
                    model.update(changed, now: now)
                    model.setExtras(Dictionary(uniqueKeysWithValues: changed.map { ($0.id, Self.extras($0.id, &random)) }), partial: true)
                }
                if !FilterQuery.isPlainText(prefix), let query = try? FilterQuery.parse(prefix), model.thresholds == thresholds,
                   model.canNarrow(to: query, onlyMine: mine) {
                    narrowed += 1
                }
                model.setFilter(prefix, onlyMine: mine, thresholds: thresholds)
                let expected = try Self.expected(model, prefix, mine: mine)
                #expect(Self.shown(model) == expected, "round \(round): '\(prefix)', only mine \(mine ?? "-")")
                checked += 1
                shown += expected.values.map(\.count).reduce(0, +)
            }
            // The same change between a query and one that would narrow it: the result must
            // follow the change, not the last keystroke's cards.
            let pairs = [("is:breach age:>1", "is:breach age:>10"), ("is:warning or age:>1", "is:warning or age:>10"),
                         ("source:web", "source:webinar"), ("owner:sam", "owner:sam is:aging")]
            let (short, long) = pairs[round % pairs.count]
            model.setFilter(short, onlyMine: mine, thresholds: thresholds)
            #expect(Self.shown(model) == (try Self.expected(model, short, mine: mine)), "round \(round): '\(short)'")
            change()
            if round % 6 == 0 {
                let changed = (0..<20).map { _ in Self.card(1 + random.below(3_000), &random, now: now) }
                model.update(changed, now: now)
            }
            model.setFilter(long, onlyMine: mine, thresholds: thresholds)
            #expect(Self.shown(model) == (try Self.expected(model, long, mine: mine)), "round \(round): '\(short)' then '\(long)'")
        }
        #expect(checked > 300 && narrowed > 100 && shown > 10_000, "\(checked) keystrokes, \(narrowed) narrowed, \(shown) cards shown")
    }

}
