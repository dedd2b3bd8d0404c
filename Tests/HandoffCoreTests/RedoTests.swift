import Foundation
import Testing
@testable import HandoffCore

/// Redo: the undone command decided again, as a new event, while nobody has changed the
/// card since the undo; the log's audit holds a redo to that and checks a bulk id's form.
@Suite("Redo and bulk bookkeeping in the core")
struct RedoTests {
    /// L-1 in sam's queue, edited to "Acme Two", and that edit undone by sam.
    static func undoneEdit() throws -> (Fixture, undo: Event) {
        var board = try Fixture()
        let id = try board.addLead("Acme")
        try board.run(.edit(LeadFields(company: "Acme Two", contact: "Pat"), owner: nil), on: id, as: "sam")
        let undo = try board.undo(id, as: "sam")
        return (board, undo)
    }

    static func redo(_ board: Fixture, _ undo: Event, as actor: String) throws(RuleError) -> Event {
        let id = LeadID(1)
        guard let lead = board.lead(id) else { throw .notFound("no lead") }
        return try Redo.decide(redoing: undo, history: board.history(of: id), lead: lead, actor: actor, context: board.context)
    }

    @Test func aRedoIsTheUndoneCommandDecidedAgainAsANewEvent() throws {
        var (board, undo) = try Self.undoneEdit()
        #expect(board.lead()?.fields.company == "Acme")
        var redo = try Self.redo(board, undo, as: "sam")
        #expect(redo.type == .edited)
        #expect(redo.payload.redoes == undo.seq)
        #expect(redo.payload.fields?.company == "Acme Two")
        #expect(redo.summary == "edited again (redo)")
        board.commit(&redo)
        #expect(board.lead()?.fields.company == "Acme Two")
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
        // Once redone, not again.
        #expect(throws: RuleError.refused("cannot redo on L-1: that undo was already redone (event #\(redo.seq))")) {
            try Self.redo(board, undo, as: "sam")
        }
    }

    @Test func aRedoIsRefusedOnceSomeoneChangedTheCardSince() throws {
        var (board, undo) = try Self.undoneEdit()
        try board.run(.edit(LeadFields(company: "Acme Corp", contact: "Pat"), owner: nil), on: LeadID(1), as: "lee")
        #expect(throws: RuleError.refused("cannot redo on L-1: it was changed since the undo by lee (edited); a redo is possible only while nobody has changed the card since")) {
            try Self.redo(board, undo, as: "sam")
        }
    }

    @Test func onlyTheUndosAuthorOrATeamLeadMayRedoIt() throws {
        let (board, undo) = try Self.undoneEdit()
        #expect(throws: RuleError.notPermitted("cannot redo on L-1: that undo was sam's; only they or a team lead may redo it")) {
            try Self.redo(board, undo, as: "sue")
        }
        #expect(try Self.redo(board, undo, as: "lee").actor == "lee")
    }

    @Test func undosAndTheirRedosInBetweenDoNotCountAsAChange() throws {
        var board = try Fixture()
        let id = try board.addLead("Acme")
        try board.run(.edit(LeadFields(company: "Acme Two", contact: "Pat"), owner: nil), on: id, as: "sam")
        try board.run(.edit(LeadFields(company: "Acme Three", contact: "Pat"), owner: nil), on: id, as: "sam")
        let second = try board.undo(id, as: "sam")
        let first = try board.undo(id, as: "sam")
        var redoFirst = try Self.redo(board, first, as: "sam")
        board.commit(&redoFirst)
        var redoSecond = try Self.redo(board, second, as: "sam")
        board.commit(&redoSecond)
        #expect(board.lead()?.fields.company == "Acme Three")
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func aRedoOfAWithdrawalBringsTheLeadBack() throws {
        var board = try Fixture()
        let id = try board.addLead("Acme")
        let withdrawal = try board.undo(id, as: "sam")
        #expect(board.lead()?.column == .archived)
        var redo = try Self.redo(board, withdrawal, as: "sam")
        #expect(redo.type == .undone && redo.payload.redoes == withdrawal.seq)
        board.commit(&redo)
        #expect(board.lead()?.column == .queue)
        #expect(LogAudit.violations(in: board.log, calendar: utc).isEmpty)
    }

    @Test func theAuditCatchesAForgedRedoAndAMalformedBulkID() throws {
        let (board, undo) = try Self.undoneEdit()
        var log = board.log
        // A redo that names an event that is no undo.
        var forged = try Self.redo(board, undo, as: "sam")
        forged.payload.redoes = undo.seq - 1
        forged.seq = Int64(log.count + 1)
        let bad = LogAudit.violations(in: log + [forged], calendar: utc)
        #expect(bad.first?.message.contains("it redoes event #\(undo.seq - 1), which is not an undo on L-1 that could still be redone") == true, "\(bad)")
        // A bulk id must be what a store writes: no text smuggled into the log.
        var grouped = try Self.redo(board, undo, as: "sam")
        grouped.payload.group = "\u{1B}[31mred"
        grouped.seq = Int64(log.count + 1)
        #expect(LogAudit.violations(in: log + [grouped], calendar: utc).first?.message == "its bulk id is not 1 to 64 letters, digits and dashes")
        grouped.payload.group = "0f8e2c1a-7d4b-4e1f-9a2b-3c4d5e6f7a8b"
        log.append(grouped)
        #expect(LogAudit.violations(in: log, calendar: utc).isEmpty)
    }

    @Test func theSummaryCountsWhatWasDoneAndNamesEachRefusal() {
        let outcome = BulkOutcome(verb: "archived", done: [LeadID(1), LeadID(2)],
                                  refused: [BulkOutcome.Refusal(LeadID(3), "cannot archive L-3: its dispute is still open\u{1B}[2J")])
        #expect(outcome.summary == "2 archived, 1 refused: L-3: cannot archive L-3: its dispute is still open")
        #expect(outcome.lines == ["2 archived: L-1, L-2", "1 refused:", "  L-3: cannot archive L-3: its dispute is still open"])
        #expect(BulkOutcome(verb: "undone", done: [LeadID(4)], refused: []).summary == "1 undone (L-4)")
    }
}
