import Foundation
import Testing

/// `handoff watch` through the built binary, on SQLite and PostgreSQL: it follows the log as
/// it is committed, in order, each event once, filtered, and a consumer that restarts with
/// `--after` loses and repeats nothing.
@Suite("command line: handoff watch", .serialized)
struct WatchCLITests {
    @Test(arguments: StoreKind.available)
    func followsNewEventsInOrderAsExportWritesThem(_ kind: StoreKind) throws {
        let board = try WatchBoard(kind)
        board.seedTeam()
        let start = board.newestSeq()
        #expect(start == 6, "the team: \(board.allLines())")
        let all = try board.watch(["--after", String(start)])
        let text = try board.watch(["--after", String(start), "--format", "text"])
        // Without --after: only what is committed once it has started.
        let fresh = try board.watch([])
        defer { all.kill(); text.kill(); fresh.kill() }
        Thread.sleep(forTimeInterval: kind == .postgres ? 1.5 : 0.7)
        #expect(WatchBoard.lines(all).isEmpty && WatchBoard.lines(fresh).isEmpty, "nothing yet")
        let id = board.qualifiedLead("Acme")
        board.run(["book", id, "--ae", "alex", "--at", "2026-12-24 10:00"], as: "sam")
        let lines = WatchBoard.waitForLines(all, count: 3)
        #expect(lines.compactMap(WatchBoard.seq) == [start + 1, start + 2, start + 3], "\(lines)")
        #expect(lines.compactMap { WatchBoard.object($0)?["type"] as? String } == ["created", "scored", "booked"])
        // Each line is the event exactly as export writes it.
        let export = try #require(WatchBoard.object(board.run(["export", "--format", "json"]).stdout))
        let exported = try #require(export["events"] as? [[String: Any]]).suffix(3)
        for (line, event) in zip(lines, exported) {
            #expect(WatchBoard.object(line).map { NSDictionary(dictionary: $0) } == NSDictionary(dictionary: event), "\(line)")
        }
        let texts = WatchBoard.waitForLines(text, count: 3)
        #expect(texts.count == 3, "\(texts)")
        #expect(texts.first?.hasPrefix("#\(start + 1)  ") == true && texts.first?.contains("  sam  \(id)  created: Acme") == true, "\(texts)")
        #expect(texts.last?.contains("booked a meeting") == true && texts.last?.contains("with alex at 2026-12-24 10:00") == true, "\(texts)")
        let news = WatchBoard.waitForLines(fresh, count: 3).compactMap(WatchBoard.seq)
        #expect(news.last == start + 3 && news.allSatisfy { $0 > start }, "only new events: \(news)")
        #expect(WatchBoard.stop(fresh, with: SIGTERM) == 0)
        #expect(WatchBoard.stop(all, with: SIGTERM) == 0)
        #expect(WatchBoard.stop(text, with: SIGINT) == 0)
        #expect(all.stderr.isEmpty && text.stderr.isEmpty, "\(all.stderr)\(text.stderr)")
    }

    @Test(arguments: StoreKind.available)
    func filtersByTypeLeadAndPersonAndSaysWhatItDoesNotKnow(_ kind: StoreKind) throws {
        let board = try WatchBoard(kind)
        board.seedTeam()
        let samsLead = board.qualifiedLead("Acme")
        let suesLead = board.qualifiedLead("Beta", owner: "sue")
        board.run(["book", samsLead, "--ae", "alex", "--at", "2026-12-24 10:00"], as: "sam")
        board.run(["book", suesLead, "--ae", "ava", "--at", "2026-12-24 11:00"], as: "sue")
        board.run(["return", samsLead, "--reason", "no_need", "--note", "No pain"], as: "alex")
        func types(_ arguments: [String]) -> [String] {
            board.allLines(arguments).compactMap { WatchBoard.object($0)?["type"] as? String }
        }
        func leads(_ arguments: [String]) -> [String] {
            board.allLines(arguments).map { WatchBoard.object($0)?["lead"] as? String ?? "team" }
        }
        #expect(types(["--type", "booked,returned"]) == ["booked", "booked", "returned"])
        #expect(leads(["--lead", suesLead]) == [suesLead, suesLead, suesLead])
        #expect(types(["--lead", samsLead, "--type", "returned"]) == ["returned"])
        // alex: the team event that added him, the booking with him, and his return (on
        // sam's lead, which he holds as AE) — nothing of sue's lead with ava.
        let alex = board.allLines(["--person", "alex"]).compactMap(WatchBoard.object)
        #expect(alex.map { $0["type"] as? String ?? "" } == ["member", "created", "scored", "booked", "returned"], "\(alex)")
        #expect(alex.dropFirst().allSatisfy { $0["lead"] as? String == samsLead })
        #expect(leads(["--person", "sue"]).allSatisfy { $0 == suesLead || $0 == "team" })
        #expect(!leads(["--person", "sue"]).contains(samsLead))
        // What it does not know: one line, the nearest name, nothing printed.
        let cases: [([String], Int32, String)] = [
            (["--type", "bookd"], 2, "--type: 'bookd' is not an event type (did you mean booked?)"),
            (["--person", "alx"], 2, "--person: 'alx' is not on the team (did you mean alex?)"),
            (["--lead", "L-99"], 3, "--lead: no lead L-99"),
            (["--lead", "acme"], 2, "--lead: 'acme' is not a lead id"),
            (["--format", "xml"], 2, "--format: 'xml' is not a format (jsonl or text)"),
            (["--after", "5000"], 2, "--after 5000: the log's newest event is #"),
        ]
        for (arguments, code, message) in cases {
            let result = board.run(["watch", "--once"] + arguments)
            #expect(result.status == code, "\(arguments): \(result)")
            #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    /// A consumer that is killed while events are being written and starts again with the
    /// seq of the last line it got: every event exactly once, in order.
    @Test(arguments: StoreKind.available)
    func aWatcherKilledAndRestartedWithAfterMissesNothingAndRepeatsNothing(_ kind: StoreKind) throws {
        let board = try WatchBoard(kind)
        board.seedTeam()
        let writes = 24
        let writer = Thread {
            for n in 0..<writes {
                board.run(["lead", "add", "--company", "Co \(n)", "--contact", "P \(n)"], as: n % 2 == 0 ? "sam" : "sue")
            }
        }
        var received: [Int64] = []
        var after: Int64 = 0
        writer.start()
        // Two consumers in turn, each killed (SIGKILL: no goodbye) after a few lines, then a third.
        for (round, take) in [8, 8].enumerated() {
            let watcher = try board.watch(["--after", String(after)])
            let lines = WatchBoard.waitForLines(watcher, count: take)
            watcher.kill()
            let got = WatchBoard.lines(watcher).compactMap(WatchBoard.seq)
            #expect(got.count >= take, "round \(round): \(lines)")
            received += got
            after = got.last ?? after
        }
        let total = 6 + writes
        let last = try board.watch(["--after", String(after)])
        let rest = WatchBoard.waitForLines(last, count: total - received.count, seconds: 60)
        received += rest.compactMap(WatchBoard.seq)
        #expect(WatchBoard.stop(last, with: SIGTERM) == 0)
        #expect(last.stderr.isEmpty, "\(last.stderr)")
        #expect(received == Array(1...Int64(total)), "every event once, in order: \(received)")
        #expect(board.newestSeq() == Int64(total))
    }

    /// A backlog is read a page at a time: every event, in order, with memory to spare.
    @Test(arguments: StoreKind.available)
    func aBacklogLargerThanAPageStreamsWhole(_ kind: StoreKind) throws {
        let board = try WatchBoard(kind)
        board.seedTeam()
        let rows = (0..<1_200).map { "Company \($0),Pat,Doe,p\($0)@c\($0).test,Working\n" }.joined()
        let csv = board.sandbox.folder.appendingPathComponent("leads.csv").path
        try ("Company,First Name,Last Name,Email,Lead Status\n" + rows).write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = board.run(["import", csv, "--owner", "sam"])
        #expect(imported.status == 0, "\(imported)")
        let lines = board.allLines(["--type", "created"])
        #expect(lines.count == 1_200)
        let seqs = lines.compactMap(WatchBoard.seq)
        #expect(seqs == seqs.sorted() && Set(seqs).count == 1_200)
    }
}
