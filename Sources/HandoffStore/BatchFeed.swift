import Foundation
import HandoffCore

/// The items of a batch, in order, as they become ready: all at once (an array), or from
/// a producer on another thread while the store decides and writes what came before (a
/// CSV import's rows, planned while the rows before them are written: on a two-core
/// machine the planning took a quarter of a 100,000-row import, all of it before the first
/// write).
///
/// The consumer (`LogWriter.batch`) takes items in order and blocks until enough are ready
/// or the producer has ended. A producer that fails ends the feed with its error, which the
/// consumer throws: the batch's transaction rolls back and nothing is kept. A producer that
/// finds the batch must not be committed (an all-or-nothing import with a rejected row)
/// says so when it ends (`end(commits:)`); the batch is still decided whole, to report, and
/// then rolled back. The producer waits while it is `limit` items ahead, so a feed holds a
/// bounded part of a file; a consumer that stops early cancels, which releases it.
public final class BatchFeed: @unchecked Sendable {
    /// Whether an item may make a new lead: the batch then reads the board's keys for its
    /// duplicate check.
    public let mayAddLeads: Bool
    /// Whether every item is an import of a new lead (PostgreSQL's owner writes such a
    /// batch by `COPY`).
    public let importsOnly: Bool
    /// About how many items there will be, and how many of them make a lead (room is
    /// reserved for that many).
    public let expected: Int
    package let expectedNewLeads: Int
    /// The most items a producer may be ahead of the consumer.
    let limit: Int

    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Items pushed; those before `head` are taken.
    private var ready: [BatchItem] = []
    private var head = 0
    /// How many items were ever taken.
    private var taken = 0
    /// Whether every item stays in `ready` once taken (an array's feed): it can start over.
    private let keepsItems: Bool
    private var waiting: Int { ready.count - head }
    private var ended = false
    private var cancelled = false
    private var failure: (any Error)?
    private var commitsAtEnd = true

    /// Every item, ready now.
    public init(_ items: [BatchItem]) {
        expectedNewLeads = items.count { !$0.command.needsLead }
        mayAddLeads = expectedNewLeads > 0
        importsOnly = items.allSatisfy { if case .importLead = $0.command { true } else { false } }
        expected = items.count
        limit = .max
        ready = items
        ended = true
        keepsItems = true
    }

    /// A feed a producer fills (`push`, then `end`). `mayAddLeads` must hold if any item
    /// it will push makes a lead, and `importsOnly` only if every one is an import.
    public init(expected: Int, mayAddLeads: Bool, importsOnly: Bool = false, limit: Int = 8_192) {
        self.mayAddLeads = mayAddLeads
        self.importsOnly = importsOnly && mayAddLeads
        self.expected = expected
        expectedNewLeads = mayAddLeads ? expected : 0
        self.limit = max(1, limit)
        keepsItems = false
    }

    /// Readies the feed for a transaction that is tried again (a connection lost before
    /// COMMIT): an array's feed starts over from its first item; a producer's feed only if
    /// nothing was taken yet, since what was taken is gone. False: the batch cannot be tried again.
    public func startOver() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !keepsItems else {
            head = 0
            return true
        }
        return taken == 0
    }

    /// Adds items at the end; waits while the feed is `limit` ahead. False when the
    /// consumer has cancelled: the producer should stop.
    @discardableResult
    public func push(_ items: [BatchItem]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting >= limit, !cancelled { condition.wait() }
        guard !cancelled, !ended else { return false }
        if head > 0, head >= waiting {
            // What is taken goes, in one move, once it outweighs what waits.
            ready.removeFirst(head)
            head = 0
        }
        ready.append(contentsOf: items)
        condition.broadcast()
        return true
    }

    /// No more items: `failure` to throw to the consumer, or whether the batch may be
    /// committed once decided.
    public func end(failure: (any Error)? = nil, commits: Bool = true) {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return }
        ended = true
        self.failure = failure
        commitsAtEnd = commits
        condition.broadcast()
    }

    /// The consumer stops taking: a waiting producer is released and told to stop.
    public func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        ready.removeAll()
        head = 0
        condition.broadcast()
    }

    /// The next items, up to `count`, in order; fewer only at the end (or when `count` is
    /// over the feed's `limit`: then as many as the producer may hold), nil after it. Waits
    /// for the producer; throws what it failed with.
    package func take(upTo count: Int) throws -> [BatchItem]? {
        condition.lock()
        defer { condition.unlock() }
        // More than `limit` never waits at once: asking for more would wait for ever.
        while waiting < min(count, limit), !ended, !cancelled { condition.wait() }
        if let failure { throw failure }
        guard waiting > 0 else { return nil }
        let end = head + min(count, waiting)
        let items = Array(ready[head..<end])
        taken += items.count
        head = end
        condition.broadcast()
        return items
    }

    /// Whether nothing so far stops the batch from committing: true while the producer
    /// runs, then as it ended (a store that writes as it goes stops writing once false).
    package var mayCommit: Bool {
        condition.lock()
        defer { condition.unlock() }
        return failure == nil && (!ended || commitsAtEnd)
    }

    /// Whether the producer allows the batch to commit: asked once every item is taken.
    package var commits: Bool {
        condition.lock()
        defer { condition.unlock() }
        return ended && commitsAtEnd && failure == nil
    }
}
