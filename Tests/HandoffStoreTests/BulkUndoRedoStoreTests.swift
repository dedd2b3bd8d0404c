import Foundation
import Testing
@testable import HandoffCore
@testable import HandoffStore

/// Bulk actions, their undo as a whole and redo, once for each store: the same decisions,
/// messages and log on SQLite and PostgreSQL, and a log `doctor` replays cleanly.
@Suite("Bulk actions, undo and redo (SQLite and PostgreSQL)")
struct BulkUndoRedoStoreTests {
    /// Three of sam's leads returned by alex, and one handed off.
    static func board(_ store: any BoardStore, _ clock: ManualClock) throws -> (returned: [LeadID], handedOff: LeadID) {
        let meeting = moment(2026, 3, 3, 11)
        let returned = try ["Acme", "Globex", "Initech"].map { try store.handOff($0, meeting: meeting) }
        let handedOff = try store.handOff("Hooli", meeting: meeting)
        clock.set(moment(2026, 3, 3, 12))
        for id in returned {
            try store.execute(.returnLead(reasons: [.noNeed], failed: [], note: "No pain"), on: id, as: "alex")
        }
        return (returned, handedOff)
    }

    static func column(_ store: any BoardStore, _ id: LeadID) throws -> Column? { try store.lead(id)?.column }

    @Test(arguments: StoreKind.all)
    func aBulkActionIsUndoneAndRedoneAsAWhole(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let (returned, handedOff) = try Self.board(store, clock)
        let before = try store.lastSequence()

        let bulk = try store.bulk(.archive, on: returned + [handedOff], as: "sam")
        #expect(bulk.done == returned)
        #expect(bulk.refused == [BulkOutcome.Refusal(handedOff, "cannot archive \(handedOff): it is in Handed off; only leads in Returned can be archived as disqualified")])
        #expect(bulk.summary == "3 archived, 1 refused: \(handedOff): cannot archive \(handedOff): it is in Handed off; only leads in Returned can be archived as disqualified")
        #expect(bulk.cards.map(\.column) == [.archived, .archived, .archived])
        let archived = try store.events(after: before, limit: nil)
        #expect(archived.map(\.type) == [.archived, .archived, .archived])
        let group = archived.first?.payload.group
        #expect(group != nil && archived.allSatisfy { $0.payload.group == group })

        let undone = try store.undoLast(as: "sam")
        #expect(undone.done == returned && undone.refused.isEmpty)
        #expect(undone.summary == "3 undone")
        for id in returned { #expect(try Self.column(store, id) == .returned) }
        let undos = try store.events(after: bulk.lastSequence, limit: nil)
        #expect(undos.map(\.type) == [.undone, .undone, .undone])
        #expect(Set(undos.compactMap(\.payload.undoes)) == Set(archived.map(\.seq)))
        let undoGroup = undos.first?.payload.group
        #expect(undoGroup != nil && undoGroup != group && undos.allSatisfy { $0.payload.group == undoGroup })

        let redone = try store.redoLast(as: "sam")
        #expect(redone.done == returned && redone.refused.isEmpty)
        for id in returned { #expect(try Self.column(store, id) == .archived) }
        let redos = try store.events(after: undone.lastSequence, limit: nil)
        #expect(redos.map(\.type) == [.archived, .archived, .archived])
        #expect(Set(redos.compactMap(\.payload.redoes)) == Set(undos.map(\.seq)))
        #expect(Set(redos.compactMap(\.payload.group)).count == 1)

        // The redo is one action too: u takes it back whole.
        let again = try store.undoLast(as: "sam")
        #expect(again.done == returned)
        for id in returned { #expect(try Self.column(store, id) == .returned) }
        // Nothing left to redo twice.
        _ = try store.redoLast(as: "sam")
        _ = try store.undoLast(as: "sam")
        #expect(try store.doctor().problems == [])
    }

    @Test(arguments: StoreKind.all)
    func redoIsRefusedOnACardSomeoneChangedSinceAndDoneOnTheRest(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let (returned, _) = try Self.board(store, clock)
        // A team lead reassigns the three to sue, then undoes it.
        let moved = try store.bulk(.reassign(to: "sue"), on: returned, as: "lee")
        #expect(moved.summary == "3 reassigned to sue")
        for id in returned { #expect(try store.lead(id)?.owner == "sue") }
        _ = try store.undoLast(as: "lee")
        for id in returned { #expect(try store.lead(id)?.owner == "sam") }
        // sam reworks one of them meanwhile.
        try store.execute(.rework, on: returned[1], as: "sam")
        let redone = try store.redoLast(as: "lee")
        #expect(redone.done == [returned[0], returned[2]])
        #expect(redone.refused == [BulkOutcome.Refusal(returned[1], "cannot redo on \(returned[1]): it was changed since the undo by sam (reworked); a redo is possible only while nobody has changed the card since")])
        #expect(try store.lead(returned[0])?.owner == "sue")
        #expect(try store.lead(returned[1])?.owner == "sam")
        // Nothing else to redo: the refused card's undo stays refused, with its reason.
        let refused = #expect(throws: RuleError.self) { try store.redoLast(as: "lee") }
        #expect(refused?.description.hasPrefix("cannot redo on \(returned[1]): it was changed since") == true)
        #expect(try store.doctor().problems == [])
    }

    @Test(arguments: StoreKind.all)
    func aReassignMadeFromAnOlderVersionOfALeadIsAConflictForThatCardAlone(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let (returned, _) = try Self.board(store, clock)
        let stale = try #require(try store.lead(returned[0]))
        // Someone edits the first lead after the bulk action read it.
        try store.execute(.edit(LeadFields(company: "Acme Renamed", contact: "Pat Doe"), owner: nil), on: returned[0], as: "sam")
        let items = [BatchItem(.edit(stale.fields, owner: "sue"), on: stale.id, version: stale.version),
                     BatchItem(.edit(try #require(try store.lead(returned[1])).fields, owner: "sue"), on: returned[1],
                               version: try store.lead(returned[1])?.version)]
        let result = try store.execute(batch: items, as: "lee", options: BatchOptions(mode: .skipRefused, skipDuplicates: false))
        #expect(result.applied == [returned[1]])
        #expect(result.refusals.first?.error.kind == .conflict)
        // The newer edit stands: the stale fields did not overwrite it.
        #expect(try store.lead(returned[0])?.fields.company == "Acme Renamed")
        #expect(try store.lead(returned[0])?.owner == "sam")
    }

    @Test(arguments: StoreKind.all)
    func undoTwiceThenRedoTwiceWalksBackAndForth(_ kind: StoreKind) throws {
        let folder = try StoreUnderTest(kind)
        defer { folder.remove() }
        let clock = ManualClock(storeStart)
        let store = try folder.teamStore(clock: clock)
        let id = try store.add("Acme")
        try store.execute(.edit(LeadFields(company: "Acme Two", contact: "Pat Doe"), owner: nil), on: id, as: "sam")
        try store.execute(.edit(LeadFields(company: "Acme Three", contact: "Pat Doe"), owner: nil), on: id, as: "sam")
        #expect(try store.undoLast(as: "sam").summary.hasPrefix("\(id): undid event #"))
        _ = try store.undoLast(as: "sam")
        #expect(try store.lead(id)?.fields.company == "Acme")
        let first = try store.redoLast(as: "sam")
        #expect(first.done == [id])
        #expect(first.summary == "\(id) edited again (redo) · now in SDR queue (v6)")
        #expect(try store.lead(id)?.fields.company == "Acme Two")
        _ = try store.redoLast(as: "sam")
        #expect(try store.lead(id)?.fields.company == "Acme Three")
        let nothing = #expect(throws: RuleError.self) { try store.redoLast(as: "sam") }
        #expect(nothing == .refused("nothing to redo: sam has undone nothing that is not redone already"))
        // Another member may not redo sam's undo: it is not theirs to redo.
        _ = try store.undoLast(as: "sam")
        let other = #expect(throws: RuleError.self) { try store.redoLast(as: "sue") }
        #expect(other == .refused("nothing to redo: sue has undone nothing that is not redone already"))
        #expect(try store.doctor().problems == [])
    }
}
