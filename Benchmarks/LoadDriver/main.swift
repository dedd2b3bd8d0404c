import Foundation
import HandoffConfig
import HandoffCore
import HandoffSQLite
import HandoffPostgres
import HandoffStore

// One load worker: one user, one store, `count` random valid commands through the real
// write path (`SQLiteStore`), as fast as the store takes them.
//
//     handoff-load --db PATH --as NAME --seed N [--count 200] --ack FILE [--start EPOCH]
//
// Each command is chosen from what the current state of a random lead allows the user,
// checked with the real `Rules` on the worker's own clock, and carried out with the
// lead's version (optimistic concurrency). The worker's clock is a `ManualClock` that
// starts at `--start` (default 2030-01-07 09:00 UTC) plus `seed % 60` seconds and moves
// 60 s per command, so meetings booked 5–30 minutes ahead come due as the run goes on.
//
// Every acknowledged command (the store returned) is appended to the ack file as one line,
// `seq<TAB>lead<TAB>type<TAB>latency-µs`, and the file is fsynced before the next command:
// the ack file is what the user saw acknowledged.
//
// A refusal because another worker changed the lead first (`RuleError.conflict`, or
// `.refused`) is expected and counted. Any other rule error is a driver bug, and any store
// error (`StoreError.busy` above all) is a failure. The last line on standard output is
// a summary; the exit status is 0 when there was no failure, 1 otherwise, 2 for bad usage.

/// SplitMix64: a small, fast, deterministic generator, one stream per worker.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct Options {
    var db = ""
    var user = ""
    var seed: UInt64 = 1
    var count = 200
    var ack = ""
    /// 2030-01-07 09:00:00 UTC.
    var start: TimeInterval = 1_894_006_800

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(_ option: String) throws -> String {
            guard let next = rest.popFirst(), !next.isEmpty else { throw UsageError("\(option) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--db": db = try value(argument)
            case "--as": user = try value(argument)
            case "--ack": ack = try value(argument)
            case "--seed":
                guard let number = UInt64(try value(argument)) else { throw UsageError("--seed needs a whole number") }
                seed = number
            case "--count":
                guard let number = Int(try value(argument)), number > 0 else { throw UsageError("--count needs a positive number") }
                count = number
            case "--start":
                guard let number = TimeInterval(try value(argument)) else { throw UsageError("--start needs seconds since 1970") }
                start = number.rounded(.down)
            default:
                throw UsageError("unknown argument \(argument)")
            }
        }
        if db.isEmpty || user.isEmpty || ack.isEmpty {
            throw UsageError("usage: handoff-load --db PATH --as NAME --seed N [--count 200] --ack FILE [--start EPOCH]")
        }
    }
}

/// What one worker did.
struct Tally {
    var acked = 0
    var conflicts = 0
    var refused = 0
    /// Rule errors other than conflict and refused: the driver chose a command the rules
    /// do not allow, which is a bug in the driver (or the rules).
    var unexpected = 0
    var busy = 0
    var storeFailures = 0
    /// Rounds in which the user had nothing to do (an AE with no meeting yet).
    var idle = 0

    var failures: Int { unexpected + busy + storeFailures }
}

/// One thing to do: a command on a lead (nil: a new lead), or an undo.
enum Action {
    case command(Command)
    case undo
}

final class Worker {
    let options: Options
    let store: any BoardStore
    let clock: ManualClock
    let calendar: Calendar
    let team: Team
    let me: Member
    let aes: [String]
    let sdrs: [String]
    let ack: FileHandle
    var rng: SplitMix64
    var tally = Tally()
    var serial = 0

    init(_ options: Options) throws {
        self.options = options
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
        calendar = utc
        clock = ManualClock(Date(timeIntervalSince1970: options.start + TimeInterval(options.seed % 60)))
        let environment = ProcessInfo.processInfo.environment
        // The same range as the command line's: an infinite timeout trapped on its way to SQLite.
        let busyTimeout: TimeInterval
        do {
            busyTimeout = try EnvironmentSettings.busyTimeout(environment) ?? SQLiteStore.defaultBusyTimeout
        } catch {
            throw UsageError(error.description)
        }
        // A postgres:// URL is a server store (the password from $PGPASSWORD or ~/.pgpass).
        if PostgresURL.isPostgres(options.db) {
            store = try PostgresStore(options.db, now: clock.now, calendar: utc, create: false, busyTimeout: busyTimeout)
        } else {
            store = try SQLiteStore(path: options.db, now: clock.now, calendar: utc, create: false, busyTimeout: busyTimeout)
        }
        team = try store.team()
        guard let member = team.member(options.user) else {
            throw UsageError("\(options.user) is not on the team of \(options.db)")
        }
        me = member
        aes = team.members.filter { $0.role == .ae }.map(\.name)
        sdrs = team.members.filter { $0.role == .sdr }.map(\.name)
        rng = SplitMix64(seed: options.seed &* 0x2545_F491_4F6C_DD1D &+ 1)
        if !FileManager.default.fileExists(atPath: options.ack) {
            guard FileManager.default.createFile(atPath: options.ack, contents: nil) else {
                throw UsageError("cannot create the ack file \(options.ack)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: options.ack) else {
            throw UsageError("cannot open the ack file \(options.ack)")
        }
        try handle.seekToEnd()
        ack = handle
    }

    var context: RuleContext {
        RuleContext(definition: team.definition, roster: team.members, now: clock.now(), calendar: calendar)
    }

    /// The leads this user can act on; one read per command.
    func candidates() throws -> [Lead] {
        switch me.role {
        case .sdr: try store.leads(LeadQuery(columns: [.queue, .handedOff, .nurture, .returned], owner: me.name))
        // An AE's closed handoffs too: undoing their own disposition is always open to them.
        case .ae: try store.leads(LeadQuery(columns: [.handedOff, .sao, .nurture, .returned], owner: me.name))
        case .lead: try store.leads(LeadQuery(columns: [.queue, .handedOff, .nurture, .returned]))
        }
    }

    func run() throws {
        var attempts = 0
        var idleSince: ContinuousClock.Instant?
        while attempts < options.count {
            clock.advance(by: 60)
            let leads: [Lead]
            do {
                leads = try candidates()
            } catch {
                // A read the user would have seen fail counts like a failed command.
                attempts += 1
                record(error)
                continue
            }
            guard let (lead, action) = choose(from: leads) else {
                // Nothing this user may do yet (an AE before any meeting is booked with them).
                tally.idle += 1
                let started = idleSince ?? ContinuousClock.now
                idleSince = started
                if ContinuousClock.now - started > .seconds(60) {
                    FileHandle.standardError.write(Data("handoff-load: \(me.name) had nothing to do for 60 s; stopping after \(attempts) commands\n".utf8))
                    break
                }
                clock.advance(by: -60)
                Thread.sleep(forTimeInterval: 0.005)
                continue
            }
            idleSince = nil
            attempts += 1
            perform(action, on: lead)
        }
    }

    /// A random lead and a random action it allows, or a new lead.
    func choose(from leads: [Lead]) -> (Lead?, Action)? {
        let context = self.context
        let addWeight = me.canWorkQueue ? (leads.count < 6 ? 40 : 8) : 0
        if addWeight > 0, Int.random(in: 0..<100, using: &rng) < addWeight {
            return (nil, .command(newLead()))
        }
        for lead in leads.shuffled(using: &rng) {
            let options = actions(for: lead, context: context)
            if let action = pick(options) { return (lead, action) }
        }
        return me.canWorkQueue ? (nil, .command(newLead())) : nil
    }

    func pick(_ weighted: [(Int, Action)]) -> Action? {
        let total = weighted.reduce(0) { $0 + $1.0 }
        guard total > 0 else { return nil }
        var roll = Int.random(in: 0..<total, using: &rng)
        for (weight, action) in weighted {
            if roll < weight { return action }
            roll -= weight
        }
        return nil
    }

    /// Every action the lead's state allows this user now, weighted; each command is
    /// checked with the real rules before it is offered.
    func actions(for lead: Lead, context: RuleContext) -> [(Int, Action)] {
        let now = context.now
        var offers: [(Int, Command)] = []
        switch lead.column {
        case .queue:
            offers.append((2, .edit(editedFields(lead.fields), owner: nil)))
            if lead.scorecard?.isQualified(against: context.definition) != true {
                offers.append((20, .score(scorecard(allMet: Int.random(in: 0..<10, using: &rng) > 0))))
            } else {
                offers.append((3, .score(["budget": CriterionScore(status: .unknown)])))
                if let ae = aes.randomElement(using: &rng) {
                    offers.append((25, .book(ae: ae, at: minutes(from: now, 5...30), agenda: "Discovery call \(serial)")))
                }
            }
        case .handedOff:
            offers.append((4, .logOutcome(.rescheduled, newTime: minutes(from: now, 5...30), note: "moved")))
            offers.append((2, .logOutcome(.canceled, newTime: nil, note: nil)))
            if let meeting = lead.meeting, meeting.outcome != .held, meeting.at <= now {
                offers.append((30, .logOutcome(.held, newTime: nil, note: "good call")))
                offers.append((3, .logOutcome(.noShow, newTime: nil, note: nil)))
            }
            if lead.meeting?.outcome == .held {
                offers.append((12, .accept(nextStep: "Demo with the team", nextDate: now.addingTimeInterval(7 * 86_400),
                                           opportunity: "OPP-\(lead.id.number)", assessment: nil)))
                offers.append((6, .nurture(reason: "Budget next year", revisit: now.addingTimeInterval(60 * 86_400))))
            }
            offers.append((6, .returnLead(reasons: [[RejectionReason.noAuthority, .notICP, .duplicate, .other].randomElement(using: &rng) ?? .other],
                                          failed: [], note: "Not ready for us")))
        case .returned:
            offers.append((15, .rework))
            offers.append((3, .archive))
            offers.append((5, .dispute(note: "The prospect did confirm authority")))
            offers.append((10, .resolveDispute(Int.random(in: 0..<2, using: &rng) == 0 ? .upheld : .overturned, note: "ruled")))
        case .nurture:
            offers.append((10, .rework))
        case .sao, .archived:
            break
        }
        var allowed: [(Int, Action)] = offers.compactMap { weight, command in
            (try? Rules.decide(command, lead: lead, actor: me.name, context: context)) == nil ? nil : (weight, .command(command))
        }
        // The newest change in effect is this user's own (or the user is a team lead): undo is allowed.
        if lead.lastEvent != .undone, me.isLead || lead.lastActor == me.name {
            allowed.append((3, .undo))
        }
        return allowed
    }

    func minutes(from now: Date, _ range: ClosedRange<Int>) -> Date {
        now.addingTimeInterval(TimeInterval(60 * Int.random(in: range, using: &rng)))
    }

    func newLead() -> Command {
        serial += 1
        let fields = LeadFields(company: "Co \(me.name)-\(options.seed)-\(serial)", contact: "Pat \(serial)",
                                email: "pat\(serial)@\(me.name).example.com")
        return .addLead(fields, owner: me.role == .sdr ? nil : sdrs.randomElement(using: &rng))
    }

    func editedFields(_ fields: LeadFields) -> LeadFields {
        serial += 1
        var edited = fields
        edited.title = "Head of Ops \(serial)"
        return edited
    }

    func scorecard(allMet: Bool) -> [String: CriterionScore] {
        var scores: [String: CriterionScore] = [
            "need": CriterionScore(status: .met, evidence: "Audit findings cost them a week a month"),
            "fit": CriterionScore(status: .met, evidence: "300 staff, fintech"),
            "timeframe": CriterionScore(status: .met, evidence: "Before the Q1 audit"),
            "authority": CriterionScore(status: .met, evidence: "Runs the team"),
        ]
        if !allMet, let key = ["need", "fit", "timeframe", "authority"].randomElement(using: &rng) {
            scores[key] = CriterionScore(status: .unknown)
        }
        return scores
    }

    func perform(_ action: Action, on lead: Lead?) {
        let started = ContinuousClock.now
        do {
            let applied: Applied
            switch action {
            case .command(let command):
                applied = try store.execute(command, on: lead?.id, as: me.name, expecting: lead?.version)
            case .undo:
                applied = try store.undo(lead?.id, as: me.name, expecting: lead?.version)
            }
            let elapsed = ContinuousClock.now - started
            let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
            try acknowledge(applied.event, micros: micros)
            tally.acked += 1
        } catch {
            record(error)
        }
    }

    func record(_ error: any Error) {
        switch error {
        case let rule as RuleError:
            switch rule {
            case .conflict: tally.conflicts += 1
            case .refused:
                // Another worker changed the lead between the read and the write in a way
                // the version check does not catch first (an undo whose lead was withdrawn).
                tally.refused += 1
                report("refused (lost a race): \(rule)")
            case .invalid, .notPermitted, .notFound:
                tally.unexpected += 1
                report("unexpected refusal: \(rule)")
            }
        case let store as StoreError:
            if case .busy = store { tally.busy += 1 } else { tally.storeFailures += 1 }
            report("store error: \(store)")
        default:
            tally.storeFailures += 1
            report("error: \(error)")
        }
    }

    func acknowledge(_ event: Event, micros: Int64) throws {
        let lead = event.lead.map { String($0.number) } ?? "-"
        try ack.write(contentsOf: Data("\(event.seq)\t\(lead)\t\(event.type.rawValue)\t\(micros)\n".utf8))
        try ack.synchronize()
    }

    func report(_ message: String) {
        FileHandle.standardError.write(Data("handoff-load: \(me.name): \(message)\n".utf8))
    }
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let started = ContinuousClock.now
    let worker = try Worker(options)
    try worker.run()
    let elapsed = (ContinuousClock.now - started).components
    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    try worker.ack.close()
    let tally = worker.tally
    print("handoff-load: user=\(options.user) seed=\(options.seed) acked=\(tally.acked) conflicts=\(tally.conflicts) refused=\(tally.refused) unexpected=\(tally.unexpected) busy=\(tally.busy) store-failures=\(tally.storeFailures) idle=\(tally.idle) seconds=\(String(format: "%.2f", seconds))")
    exit(tally.failures == 0 ? 0 : 1)
} catch let error as UsageError {
    FileHandle.standardError.write(Data("handoff-load: \(error)\n".utf8))
    exit(2)
} catch {
    // Opening the store or reading the leads failed: a store failure as well.
    FileHandle.standardError.write(Data("handoff-load: store error: \(error)\n".utf8))
    exit(1)
}
