import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

extension TeamCommand {
    struct AwayCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "away",
            abstract: "Record the days an AE is out of the office (or clear them); lists their meetings to cover.",
            discussion: """
                `handoff team away alex --from 2026-12-22 --to 2027-01-02` (both days included, at \
                most 366): the rotation proposes no meeting to alex on those days, and a booking \
                with alex on one of them is refused. A team lead, or alex themself, records it. It \
                then lists the meetings still booked with alex in the period, each with the AE the \
                rotation proposes instead and the `handoff reassign` command that moves it; \
                --reassign moves them all at once, as one bulk action (`handoff undo` takes it back).

                --clear with --from and --to clears the periods that overlap those days; --clear \
                alone clears every period of theirs not yet over. `handoff team list` shows who is away.
                """
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The AE (or team lead) who is away.") var name: String
        @Option(help: ArgumentHelp("The first day away.", valueName: "YYYY-MM-DD")) var from: String?
        @Option(help: ArgumentHelp("The last day away (included).", valueName: "YYYY-MM-DD")) var to: String?
        @Flag(help: "Clear away days instead of recording them.") var clear = false
        @Flag(help: "Reassign the meetings to cover to the rotation's proposals, as one bulk action.") var reassign = false

        func validate() throws {
            if clear {
                guard (from == nil) == (to == nil) else { throw ValidationError("--clear takes both --from and --to, or neither") }
                guard !reassign else { throw ValidationError("--reassign goes with recording an away period, not --clear") }
            } else {
                guard from != nil, to != nil else {
                    throw ValidationError("give the first and last day away: --from 2026-12-22 --to 2027-01-02")
                }
            }
        }

        func run() throws {
            let now = try options.clock()()
            let config = try Settings.config(environment: options.environment)
            let store = try options.open()
            let actor = try options.actor(in: store)
            let today = ISODay.text(of: now, calendar: .current)
            var period = Away(member: name, from: from ?? today, to: to ?? today, cleared: clear ? true : nil)
            if clear, from == nil {
                // Every period of theirs not yet over: from today to the last day of the latest.
                let before = try store.team()
                let member = before.member(name)?.name ?? name
                period.to = before.awayPeriods(of: member, notEndedBy: today).map(\.to).max() ?? today
            }
            let applied = try store.execute(.setAway(period), on: nil, as: actor, expecting: nil)
            print(describe(applied))
            guard !clear, let recorded = applied.event.payload.away else { return }
            let team = try store.team()
            let week = Routing.week(containing: now, calendar: .current)
            let covers = Routing.cover(recorded, cards: try store.cards(LeadQuery(columns: [.handedOff])), team: team,
                                       facts: try store.routingFacts(since: week.start), now: now,
                                       settings: config.routing, calendar: .current)
            try TeamAwayCover.print(covers, away: recorded)
            if reassign { try TeamAwayCover.reassign(covers, away: recorded, store: store, actor: actor) }
        }
    }
}

/// What `team away` prints about the meetings to cover, and `--reassign`.
enum TeamAwayCover {
    static func print(_ covers: [CoverProposal], away: Away) throws {
        let who = safe(away.member)
        guard !covers.isEmpty else {
            Swift.print("no meetings booked with \(who) from \(away.from) to \(away.to)")
            return
        }
        Swift.print("\(covers.count) meeting\(covers.count == 1 ? "" : "s") booked with \(who) from \(away.from) to \(away.to), to cover:")
        for cover in covers {
            let when = DateInput.format(cover.at, calendar: .current)
            if let ae = cover.proposal.ae {
                Swift.print("  handoff reassign \(cover.lead) --ae \(safe(ae))    # \(when); \(safe(cover.proposal.reason))")
            } else {
                Swift.print("  \(cover.lead) at \(when): \(safe(cover.proposal.reason))")
            }
        }
    }

    /// The proposals as one bulk action: each meeting to its proposed AE, decided by the rules.
    static func reassign(_ covers: [CoverProposal], away: Away, store: any BoardStore, actor: String) throws {
        let group = UUID().uuidString.lowercased()
        let note = "covering \(away.member), away \(away.from) to \(away.to)"
        let items = covers.compactMap { cover in
            cover.proposal.ae.map { BatchItem(.reassignMeeting(ae: $0, note: note), on: cover.lead, group: group) }
        }
        guard !items.isEmpty else {
            if !covers.isEmpty { throw CLIFailure(code: 3, message: "nothing reassigned: nobody is available to cover") }
            return
        }
        let result = try store.execute(batch: items, as: actor, options: BatchOptions(mode: .skipRefused, skipDuplicates: false))
        var refused: [String] = []
        for (item, outcome) in zip(items, result.outcomes) {
            if case .refused(let error) = outcome { refused.append("\(item.lead.map(\.description) ?? "?"): \(safe(error.description))") }
        }
        Swift.print("reassigned \(result.applied.count) of \(covers.count) as one action (`handoff undo` takes it back)")
        let uncovered = covers.count - items.count
        if !refused.isEmpty || uncovered > 0 {
            let why = refused + (uncovered > 0 ? ["\(uncovered) with nobody available"] : [])
            throw CLIFailure(code: 3, message: "not all reassigned: " + why.joined(separator: "; "))
        }
    }
}
