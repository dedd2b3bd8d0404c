import Foundation
import Testing

/// The calibration figures recomputed from `handoff export --format json` with plain code
/// of its own (JSONSerialization, dictionaries, arithmetic; none of the app's types), from
/// the definitions in the README, and compared with `report --format json` (issue 17 item 1).
@Suite("calibration: an independent recomputation from the exported log")
struct CalibrationRecomputeTests {
    static func seconds(_ text: Any?) -> Double? {
        guard let text = text as? String else { return nil }
        return ISO8601DateFormatter().date(from: text)?.timeIntervalSince1970
    }

    /// [both met, both not met, SDR met only, participant met only, unknown].
    static func kappa(_ t: [Int]) -> Double? {
        let n = t[0] + t[1] + t[2] + t[3]
        let sdrMet = t[0] + t[2], participantMet = t[0] + t[3]
        guard n >= 5, sdrMet > 0, sdrMet < n, participantMet > 0, participantMet < n else { return nil }
        let po = Double(t[0] + t[1]) / Double(n)
        let s = Double(sdrMet) / Double(n), q = Double(participantMet) / Double(n)
        let pe = s * q + (1 - s) * (1 - q)
        return ((po - pe) / (1 - pe) * 100).rounded() / 100
    }

    /// The report's `calibration` over [since, until), recomputed from the exported events.
    static func recompute(_ events: [[String: Any]], since: Double, until: Double) -> [String: Any] {
        // Undone events never count; an undo that is itself undone gives its target back.
        var cancelled = Set<Int>()
        for event in events.filter({ $0["type"] as? String == "undone" }).sorted(by: { ($0["seq"] as? Int ?? 0) > ($1["seq"] as? Int ?? 0) }) {
            guard let seq = event["seq"] as? Int, !cancelled.contains(seq),
                  let target = (event["payload"] as? [String: Any])?["undoes"] as? Int else { continue }
            cancelled.insert(target)
        }
        var owner: [String: String] = [:]
        var lastScore: [String: [String: String]] = [:]
        var atBooking: [String: (scores: [String: String]?, sdr: String)] = [:]
        var underCalibration: [String: (scores: [String: String]?, sdr: String)] = [:]
        var tables: [String: [Int]] = [:]
        var overall = [0, 0, 0, 0, 0]
        var pairs: [String: [Int]] = [:]
        var scores = 0
        var leads = Set<String>()
        for event in events.sorted(by: { ($0["seq"] as? Int ?? 0) < ($1["seq"] as? Int ?? 0) }) {
            guard let seq = event["seq"] as? Int, !cancelled.contains(seq), let lead = event["lead"] as? String,
                  let type = event["type"] as? String, let actor = event["actor"] as? String,
                  let at = seconds(event["at"]) else { continue }
            let payload = event["payload"] as? [String: Any] ?? [:]
            func statuses() -> [String: String] {
                let card = (payload["scorecard"] as? [String: Any])?["scores"] as? [String: Any] ?? [:]
                return card.compactMapValues { ($0 as? [String: Any])?["status"] as? String }
            }
            switch type {
            case "created": owner[lead] = payload["owner"] as? String ?? actor
            case "edited": if let next = payload["owner"] as? String { owner[lead] = next }
            case "scored": lastScore[lead] = statuses()
            case "booked": atBooking[lead] = (lastScore[lead], owner[lead] ?? "?")
            case "calibrating": underCalibration[lead] = atBooking[lead]
            case "calibrated":
                guard since <= at, at < until else { continue }
                scores += 1
                leads.insert(lead)
                guard let side = underCalibration[lead], let sdr = side.scores else { continue }
                let mine = statuses()
                let pairKey = "\(side.sdr)/\(actor)"
                var pair = pairs[pairKey] ?? [0, 0]
                for key in Set(sdr.keys).union(mine.keys) {
                    let cell: Int
                    switch (sdr[key] ?? "unknown", mine[key] ?? "unknown") {
                    case ("met", "met"): cell = 0
                    case ("not-met", "not-met"): cell = 1
                    case ("met", "not-met"): cell = 2
                    case ("not-met", "met"): cell = 3
                    default: cell = 4
                    }
                    tables[key, default: [0, 0, 0, 0, 0]][cell] += 1
                    overall[cell] += 1
                    if cell < 4 {
                        pair[1] += 1
                        if cell < 2 { pair[0] += 1 }
                    }
                }
                pairs[pairKey] = pair
            default: continue
            }
        }
        func figures(_ t: [Int]) -> [String: Any] {
            ["table": t, "agreement": [t[0] + t[1], t[0] + t[1] + t[2] + t[3]], "kappa": kappa(t) ?? -1]
        }
        // Most disagreements first; equal counts, the larger share of its pairs.
        let disputed = tables.filter { $0.value[2] + $0.value[3] > 0 }.map { (key: $0.key, d: $0.value[2] + $0.value[3], n: $0.value[0] + $0.value[1] + $0.value[2] + $0.value[3]) }
            .sorted { a, b in
                if a.d != b.d { return a.d > b.d }
                if a.d * b.n != b.d * a.n { return a.d * b.n > b.d * a.n }
                // Then the definition's order.
                let order = ["need", "fit", "timeframe", "authority", "budget"]
                return (order.firstIndex(of: a.key) ?? 99, a.key) < (order.firstIndex(of: b.key) ?? 99, b.key)
            }
        return ["scores": scores, "leads": leads.count, "overall": figures(overall),
                "criteria": tables.mapValues(figures), "pairs": pairs,
                "disputed": disputed.map { "\($0.key) \($0.d)/\($0.n)" }]
    }

    /// The report's JSON in the recomputation's shape.
    static func reported(_ c: [String: Any]) -> [String: Any] {
        func ratio(_ value: Any?) -> [Int] {
            let r = value as? [String: Any] ?? [:]
            return [r["numerator"] as? Int ?? -1, r["denominator"] as? Int ?? -1]
        }
        func figures(_ value: Any?) -> [String: Any] {
            let f = value as? [String: Any] ?? [:]
            let table = ["bothMet", "bothNotMet", "sdrMetOnly", "participantMetOnly", "unknown"].map { f[$0] as? Int ?? -1 }
            return ["table": table, "agreement": ratio(f["agreement"]), "kappa": f["kappa"] as? Double ?? -1]
        }
        var criteria: [String: Any] = [:]
        for row in c["criteria"] as? [[String: Any]] ?? [] { criteria[row["key"] as? String ?? "?"] = figures(row["figures"]) }
        var pairs: [String: [Int]] = [:]
        for row in c["pairs"] as? [[String: Any]] ?? [] {
            pairs["\(row["sdr"] as? String ?? "?")/\(row["participant"] as? String ?? "?")"] = ratio((row["figures"] as? [String: Any])?["agreement"])
        }
        return ["scores": c["scores"] as Any, "leads": c["leads"] as Any, "overall": figures(c["overall"]),
                "criteria": criteria, "pairs": pairs,
                "disputed": (c["disputed"] as? [[String: Any]] ?? []).map { "\($0["key"] as? String ?? "?") \(ratio($0["disagreement"]).map(String.init).joined(separator: "/"))" }]
    }

    @Test("a calibration of five handoffs with an undone score: the report's figures are the recomputed ones, in and out of the period")
    func recomputed() throws {
        let sandbox = Sandbox()
        let utc = ["TZ": "UTC"]
        sandbox.now = "2026-11-16 09:00"
        #expect(sandbox.run(["init", "--lead", "lena", "--personal"], as: "lena", environment: utc).status == 0)
        let scenario = CalibrationScenario { arguments, user in sandbox.run(arguments + ["--as", user], as: user, environment: utc) }
        scenario.play { sandbox.now = $0 }
        // One more score a day later, on a new handoff by ana: in the wide period, not in the narrow.
        sandbox.now = "2026-11-18 09:00"
        scenario.must(["lead", "add", "--company", "Late", "--contact", "L"], as: "ana")
        scenario.must(["score", "L-7", "--met", "need=n", "--met", "fit=f", "--met", "timeframe=t", "--met", "authority=a", "--not-met", "budget"], as: "ana")
        scenario.must(["book", "L-7", "--ae", "alex", "--at", "2026-11-18 12:00", "--agenda", "Discovery"], as: "ana")
        scenario.must(["calibrate", "start", "L-7", "--with", "theo"], as: "lena")
        sandbox.now = "2026-11-18 10:00"
        scenario.must(["calibrate", "score", "L-7", "--met", "need=yes", "--not-met", "fit", "--met", "timeframe=soon", "--met", "authority=VP", "--met", "budget=has one"], as: "theo")

        let export = sandbox.run(["export", "--format", "json"], environment: utc)
        #expect(export.status == 0, "\(export)")
        let exported = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let events = try #require(exported["events"] as? [[String: Any]])
        #expect(events.contains { $0["type"] as? String == "undone" })
        #expect(events.filter { $0["type"] as? String == "calibrated" }.count == 12)
        for (since, until) in [("2026-11-17", "2026-11-17"), ("2026-11-10", "2026-11-20")] {
            let report = sandbox.run(["report", "--format", "json", "--since", since, "--until", until], environment: utc)
            #expect(report.status == 0, "\(report)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let calibration = try #require(json["calibration"] as? [String: Any])
            let period = try #require(json["period"] as? [String: Any])
            let mine = Self.recompute(events, since: try #require(Self.seconds(period["since"])),
                                      until: try #require(Self.seconds(period["until"])))
            let theirs = Self.reported(calibration)
            #expect((mine["scores"] as? Int ?? 0) >= 10)
            for key in mine.keys.sorted() {
                let same = NSDictionary(dictionary: [key: mine[key] as Any]).isEqual(to: [key: theirs[key] as Any])
                #expect(same, "\(since)…\(until) \(key): recomputed \(mine[key] ?? "nil") vs reported \(theirs[key] ?? "nil")")
            }
        }
    }
}
