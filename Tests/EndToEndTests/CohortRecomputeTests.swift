import Foundation
import Testing

/// The cohorts recomputed from `handoff export --format json` with plain code of its own
/// (JSONSerialization, dictionaries, arithmetic; none of the app's types), from the
/// definitions in the README, and compared with `report --format json` (issue 17 item 3).
@Suite("cohorts: an independent recomputation from the exported log")
struct CohortRecomputeTests {
    struct Handoff {
        var bookedAt: Double
        var week: Int?
        var ae: String
        var meeting: Double
        var outcome: String?
        var outcomeAt: Double?
        var dispositions: [Int] = []
        var acted = false
        var clock: Double?
    }

    struct Disposition {
        var kind: String
        var at: Double
        var handoff: Int
        var ae: String
        var held: Double?
        var annulled: Double?
    }

    /// Seconds since 1970 of an export's or report's "2026-11-20T10:00:00Z".
    static func seconds(_ text: Any?) -> Double? {
        guard let text = text as? String else { return nil }
        return ISO8601DateFormatter().date(from: text)?.timeIntervalSince1970
    }

    /// Nearest rank: the value at rank ⌈p × n / 100⌉ of the sorted values, to a tenth.
    static func rank(_ percent: Int, _ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let r = (percent * sorted.count + 99) / 100
        return (sorted[max(r, 1) - 1] * 10).rounded() / 10
    }

    static func distribution(_ values: [Double]) -> [Double] {
        [Double(values.count), rank(50, values) ?? -1, rank(90, values) ?? -1]
    }

    /// "2026-W47" for the ISO week whose Monday is `monday` days after 1970-01-01 (UTC).
    static func label(monday: Int) -> String {
        let thursday = Date(timeIntervalSince1970: Double(monday + 3) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let year = calendar.component(.year, from: thursday)
        let ordinal = calendar.ordinality(of: .day, in: .year, for: thursday) ?? 1
        return String(format: "%04d-W%02d", year, (ordinal - 1) / 7 + 1)
    }

    /// The report's `cohorts`, recomputed from the exported events over [since, until) as of `now`.
    static func recompute(_ events: [[String: Any]], since: Double, until: Double, now: Double, aes: [String]) -> [String: Any] {
        // Undone events never count: an undo that is itself undone gives its target back.
        var cancelled = Set<Int>()
        for event in events.filter({ $0["type"] as? String == "undone" }).sorted(by: { ($0["seq"] as? Int ?? 0) > ($1["seq"] as? Int ?? 0) }) {
            guard let seq = event["seq"] as? Int, !cancelled.contains(seq),
                  let target = (event["payload"] as? [String: Any])?["undoes"] as? Int else { continue }
            cancelled.insert(target)
        }
        func inPeriod(_ t: Double) -> Bool { since <= t && t < until }
        var handoffs: [Handoff] = []
        var dispositions: [Disposition] = []
        var weeks: [Int] = []
        var current: [String: Int] = [:]
        var pendingReturn: [String: Int] = [:]
        var returnWaiting: [String: Double] = [:]
        var toOutcome: [Double] = [], aeWaits: [Double] = [], sdrWaits: [Double] = []
        func act(_ index: Int, _ at: Double, rescheduled: Bool) {
            guard !handoffs[index].acted else { return }
            if at >= handoffs[index].meeting {
                if inPeriod(at) { aeWaits.append((at - handoffs[index].meeting) / 3600) }
                handoffs[index].acted = true
            } else if !rescheduled {
                handoffs[index].acted = true
            }
        }
        func sdrAct(_ lead: String, _ at: Double) {
            guard let since = returnWaiting.removeValue(forKey: lead) else { return }
            if inPeriod(at) { sdrWaits.append((at - since) / 3600) }
        }
        for event in events {
            guard let seq = event["seq"] as? Int, !cancelled.contains(seq), let lead = event["lead"] as? String,
                  let type = event["type"] as? String, let at = seconds(event["at"]) else { continue }
            let payload = event["payload"] as? [String: Any] ?? [:]
            switch type {
            case "booked":
                let meeting = payload["meeting"] as? [String: Any] ?? [:]
                var week: Int?
                if inPeriod(at) {
                    let day = Int((at / 86_400).rounded(.down))
                    let monday = day - ((day + 3) % 7 + 7) % 7
                    if !weeks.contains(monday) { weeks.append(monday) }
                    week = monday
                }
                current[lead] = handoffs.count
                handoffs.append(Handoff(bookedAt: at, week: week, ae: meeting["ae"] as? String ?? "?",
                                        meeting: seconds(meeting["at"]) ?? 0))
                pendingReturn[lead] = nil
                returnWaiting[lead] = nil
            case "reassigned":
                if let index = current[lead], let ae = (payload["meeting"] as? [String: Any])?["ae"] as? String { handoffs[index].ae = ae }
            case "outcome":
                guard let index = current[lead], let outcome = payload["outcome"] as? String else { continue }
                act(index, at, rescheduled: outcome == "rescheduled")
                if outcome == "rescheduled" {
                    if let time = seconds(payload["newTime"]) { handoffs[index].meeting = time }
                    continue
                }
                handoffs[index].outcome = outcome
                handoffs[index].outcomeAt = at
                if inPeriod(at) { toOutcome.append((at - handoffs[index].bookedAt) / 3600) }
            case "accepted", "nurtured", "returned":
                guard let index = current[lead] else { continue }
                act(index, at, rescheduled: false)
                let h = handoffs[index]
                let held = h.outcome == "held" ? (at - max(h.meeting, h.clock ?? h.meeting)) / 3600 : nil
                handoffs[index].dispositions.append(dispositions.count)
                if type == "returned" {
                    pendingReturn[lead] = dispositions.count
                    returnWaiting[lead] = at
                }
                dispositions.append(Disposition(kind: type, at: at, handoff: index, ae: h.ae, held: held))
            case "disputed", "archived":
                sdrAct(lead, at)
            case "resolved":
                if payload["resolution"] as? String == "overturned", let d = pendingReturn[lead] {
                    dispositions[d].annulled = at
                    handoffs[dispositions[d].handoff].clock = at
                }
                pendingReturn[lead] = nil
            case "reworked", "reactivated", "restored":
                sdrAct(lead, at)
                current[lead] = nil
                pendingReturn[lead] = nil
            default:
                continue
            }
        }
        func snapshot(_ monday: Int, asOf: Double, age: Int?) -> [String: Any] {
            var show = [0, 0], accept = [0, 0], sao = [0, 0]
            for h in handoffs where h.week == monday {
                if let outcome = h.outcome, let t = h.outcomeAt, t <= asOf {
                    show[1] += 1
                    if outcome == "held" { show[0] += 1 }
                }
                let standing = h.dispositions.last { dispositions[$0].at <= asOf && !((dispositions[$0].annulled ?? .infinity) <= asOf) }
                let kind = standing.map { dispositions[$0].kind }
                if let kind {
                    accept[1] += 1
                    if kind == "accepted" { accept[0] += 1 }
                }
                sao[1] += 1
                if kind == "accepted" { sao[0] += 1 }
            }
            return ["age": age ?? -1, "reached": asOf <= now, "show": show, "accept": accept, "sao": sao]
        }
        let weekRows: [[String: Any]] = weeks.sorted().map { monday in
            let end = Double(monday + 7) * 86_400
            let snapshots = [0, 7, 14, 28].map { age -> [String: Any] in
                let asOf = end + Double(age) * 86_400
                return asOf <= now ? snapshot(monday, asOf: asOf, age: age)
                    : ["age": age, "reached": false, "show": [0, 0], "accept": [0, 0], "sao": [0, 0]]
            } + [snapshot(monday, asOf: now, age: nil)]
            return ["week": label(monday: monday), "handoffs": handoffs.filter { $0.week == monday }.count,
                    "partial": Double(monday) * 86_400 < since || until < end, "snapshots": snapshots]
        }
        let standing = dispositions.filter { $0.annulled == nil && inPeriod($0.at) }
        var byAE: [String: [Int]] = [:]
        for ae in aes { byAE[ae] = [0, 0, 0] }
        for d in standing {
            var counts = byAE[d.ae] ?? [0, 0, 0]
            counts[2] += 1
            if d.kind == "accepted" { counts[0] += 1 }
            if d.kind == "returned" { counts[1] += 1 }
            byAE[d.ae] = counts
        }
        let accepted = byAE.values.map { $0[0] }.reduce(0, +), total = byAE.values.map { $0[2] }.reduce(0, +)
        let aeRows: [[String: Any]] = byAE.keys.sorted().map { name in
            let c = byAE[name] ?? [0, 0, 0]
            return ["name": name, "acceptance": [c[0], c[2]], "returnRate": [c[1], c[2]], "peers": [accepted - c[0], total - c[2]]]
        }
        let aeWaitingNow = current.values.filter { !handoffs[$0].acted && handoffs[$0].meeting <= now }.count
        return ["weeks": weekRows, "toOutcome": distribution(toOutcome),
                "heldToDisposition": distribution(standing.compactMap(\.held)),
                "aeWaits": distribution(aeWaits), "sdrWaits": distribution(sdrWaits),
                "aeWaitingNow": aeWaitingNow, "sdrWaitingNow": returnWaiting.count, "byAE": aeRows,
                "team": [standing.filter { $0.kind == "accepted" }.count, standing.count]]
    }

    /// The report's JSON in the recomputation's shape.
    static func reported(_ c: [String: Any]) -> [String: Any] {
        func ratio(_ value: Any?) -> [Int] {
            let r = value as? [String: Any] ?? [:]
            return [r["numerator"] as? Int ?? -1, r["denominator"] as? Int ?? -1]
        }
        func distribution(_ value: Any?) -> [Double] {
            let d = value as? [String: Any] ?? [:]
            return [Double(d["count"] as? Int ?? -1), d["medianHours"] as? Double ?? -1, d["p90Hours"] as? Double ?? -1]
        }
        let waits = c["waits"] as? [String: Any] ?? [:]
        return [
            "weeks": (c["weeks"] as? [[String: Any]] ?? []).map { week -> [String: Any] in
                ["week": week["week"] as Any, "handoffs": week["handoffs"] as Any, "partial": week["partial"] as Any,
                 "snapshots": (week["snapshots"] as? [[String: Any]] ?? []).map { s -> [String: Any] in
                     ["age": s["ageDays"] as? Int ?? -1, "reached": s["reached"] as Any, "show": ratio(s["showRate"]),
                      "accept": ratio(s["acceptance"]), "sao": ratio(s["saoRate"])]
                 }]
            },
            "toOutcome": distribution(c["handoffToOutcome"]), "heldToDisposition": distribution(c["heldToDisposition"]),
            "aeWaits": distribution(waits["ae"]), "sdrWaits": distribution(waits["sdr"]),
            "aeWaitingNow": waits["aeWaitingNow"] as Any, "sdrWaitingNow": waits["sdrWaitingNow"] as Any,
            "byAE": (c["byAE"] as? [[String: Any]] ?? []).map { row -> [String: Any] in
                ["name": row["name"] as Any, "acceptance": ratio(row["acceptance"]), "returnRate": ratio(row["returnRate"]),
                 "peers": ratio(row["peersAcceptance"])]
            },
            "team": ratio(c["teamAcceptance"]),
        ]
    }

    @Test("the demo store, with an undone outcome, over its whole log: the report's cohorts are the recomputed ones")
    func demo() throws {
        let sandbox = Sandbox()
        sandbox.now = "2026-11-20 10:00"
        let utc = ["TZ": "UTC"]
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee", environment: utc)
        #expect(seeded.status == 0, "\(seeded)")
        // L-32's meeting (jordan, 18 November) logged held, then undone: it never counts.
        #expect(sandbox.run(["outcome", "L-32", "held", "--as", "jordan"], as: "lee", environment: utc).status == 0)
        #expect(sandbox.run(["undo", "L-32", "--as", "jordan"], as: "lee", environment: utc).status == 0)
        let export = sandbox.run(["export", "--format", "json"], environment: utc)
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let events = try #require(exported["events"] as? [[String: Any]])
        #expect(events.contains { $0["type"] as? String == "undone" })
        let report = sandbox.run(["report", "--format", "json", "--since", "2026-10-01", "--until", "2026-11-20"], environment: utc)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let cohorts = try #require(json["cohorts"] as? [String: Any])
        let period = try #require(json["period"] as? [String: Any])
        let since = try #require(Self.seconds(period["since"])), until = try #require(Self.seconds(period["until"]))
        let now = try #require(Self.seconds(json["generatedAt"]))
        let mine = Self.recompute(events, since: since, until: until, now: now, aes: ["alex", "jordan"])
        let theirs = Self.reported(cohorts)
        #expect((mine["weeks"] as? [Any])?.count ?? 0 >= 4, "the demo spans several booking weeks")
        for key in mine.keys.sorted() {
            let same = NSDictionary(dictionary: [key: mine[key] as Any]).isEqual(to: [key: theirs[key] as Any])
            #expect(same, "\(key): recomputed \(mine[key] ?? "nil") vs reported \(theirs[key] ?? "nil")")
        }
    }
}
