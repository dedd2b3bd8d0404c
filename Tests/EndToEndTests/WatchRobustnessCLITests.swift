import Foundation
import Testing

/// `handoff watch` when things around it go wrong: the reader leaves, a signal comes, the
/// lead data is hostile, the connection drops, the file goes away.
@Suite("command line: handoff watch, robustness", .serialized)
struct WatchRobustnessCLITests {
    /// `handoff watch | head -1` ends once head has its line, status 0, without a word,
    /// whether the feed was writing (a backlog) or waiting (caught up).
    @Test(arguments: StoreKind.available)
    func aReaderThatGoesAwayEndsTheWatchQuietly(_ kind: StoreKind) throws {
        let board = try WatchBoard(kind)
        board.seedTeam()
        for arguments in [["--after", "0"], ["--after", "5"]] {
            let pipe = try board.pipeline(arguments, into: "head -1")
            let ended = pipe.wait(until: .now + .seconds(20))
            if !ended { pipe.kill() }
            #expect(ended, "\(arguments): the watch outlived its reader")
            #expect(pipe.status == 0)
            #expect(pipe.stdout.split(separator: "\n").count == 1, "\(pipe.stdout)")
            #expect(pipe.stderr == "watch-status=0\n", "\(arguments): \(pipe.stderr)")
        }
    }

    @Test(arguments: StoreKind.available)
    func hostileLeadTextIsNeutralisedInTextAndEscapedInJSON(_ kind: StoreKind) throws {
        let board = try WatchBoard(kind)
        board.seedTeam()
        let company = "Evil\u{1B}]0;pwned\u{07}Co\u{1B}[2J\u{202E}rtl\u{9B}31m"
        let id = board.qualifiedLead(company)
        board.run(["book", id, "--ae", "alex", "--at", "2026-12-24 10:00"], as: "sam")
        let returned = board.run(["return", id, "--reason", "no_need", "--note", "line one\nline two\u{1B}[1m\r"], as: "alex")
        #expect(returned.status == 0, "\(returned)")
        let text = board.run(["watch", "--after", "6", "--once", "--format", "text"])
        #expect(text.status == 0, "\(text)")
        let forbidden: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{202E}", "\u{9B}", "\r"]
        #expect(!text.stdout.unicodeScalars.contains { forbidden.contains($0) }, "\(text.stdout.debugDescription)")
        #expect(text.stdout.contains("created: EvilCo"), "\(text.stdout)")
        #expect(text.stdout.split(separator: "\n").count == 4, "one line an event: \(text.stdout)")
        #expect(text.stdout.contains("returned (no_need) · Handed off → Returned — line one line two"), "\(text.stdout)")
        let json = board.run(["watch", "--after", "6", "--once"])
        #expect(!json.stdout.unicodeScalars.contains { forbidden.contains($0) }, "\(json.stdout.debugDescription)")
        #expect(json.stdout.contains("\\u001b]0;pwned\\u0007"), "\(json.stdout)")
        #expect(json.stdout.split(separator: "\n").count == 4)
        let created = try #require(json.stdout.split(separator: "\n").first.flatMap { WatchBoard.object(String($0)) })
        let fields = created["payload"].flatMap { ($0 as? [String: Any])?["fields"] as? [String: Any] }
        #expect(fields?["company"] as? String == company, "the JSON carries the text itself, escaped")
    }

    @Test func aSignalEndsTheWatchWithStatusZeroAndNothingOnStandardError() throws {
        let board = try WatchBoard(.sqlite)
        board.seedTeam()
        for signal in [SIGINT, SIGTERM] {
            let watcher = try board.watch(["--after", "0", "--format", "text"])
            _ = WatchBoard.waitForLines(watcher, count: 6)
            Thread.sleep(forTimeInterval: 0.2)
            #expect(WatchBoard.stop(watcher, with: signal) == 0, "signal \(signal)")
            #expect(watcher.stderr.isEmpty, "\(watcher.stderr)")
            #expect(WatchBoard.lines(watcher).count == 6)
        }
    }

    @Test func aSQLiteStoreRemovedWhileWatchedEndsTheWatchWithAReason() throws {
        let board = try WatchBoard(.sqlite)
        board.seedTeam()
        let watcher = try board.watch(["--after", "0"])
        defer { watcher.kill() }
        #expect(WatchBoard.waitForLines(watcher, count: 6).count == 6, "following the file")
        let moved = board.sandbox.folder.appendingPathComponent("moved.sqlite").path
        #expect(rename(board.db, moved) == 0)
        #expect(watcher.wait(until: .now + .seconds(10)), "the watch noticed")
        #expect(watcher.status == 1)
        #expect(watcher.stderr.contains("the store \(board.db) was removed or replaced; stopped after #6"), "\(watcher.stderr)")
    }

    /// Every connection to the database is cut (as a server restart does) while a watch
    /// follows it: the watch reconnects and goes on after the last event it printed.
    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func aPostgreSQLConnectionCutIsReconnectedAndTheFeedResumes() throws {
        let board = try WatchBoard(.postgres)
        let cluster = try #require(board.cluster)
        let database = try #require(board.database)
        board.seedTeam()
        let watcher = try board.watch(["--after", "0"])
        defer { watcher.kill() }
        #expect(WatchBoard.waitForLines(watcher, count: 6).count == 6)
        board.run(["lead", "add", "--company", "Before", "--contact", "P"], as: "sam")
        #expect(WatchBoard.waitForLines(watcher, count: 7).count == 7)
        for _ in 0..<2 {
            _ = try cluster.sql("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = '\(database)' AND pid <> pg_backend_pid()
                """)
            Thread.sleep(forTimeInterval: 0.3)
        }
        board.run(["lead", "add", "--company", "After", "--contact", "P"], as: "sam")
        board.run(["lead", "add", "--company", "Later", "--contact", "P"], as: "sam")
        let lines = WatchBoard.waitForLines(watcher, count: 9, seconds: 30)
        #expect(lines.compactMap(WatchBoard.seq) == Array(1...9), "\(lines)")
        #expect(!watcher.poll(), "still following: \(watcher.stderr)")
        #expect(WatchBoard.stop(watcher, with: SIGTERM) == 0)
    }
}
