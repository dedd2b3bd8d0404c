import Foundation

/// Show rates by SDR and by AE, whatever the report's grouping, and the missed meetings by
/// reason code (issue 16: the no-show policy). Meetings count as `MeetingTally` counts
/// them: where their final time falls, with the outcome they finally got; a rate is
/// held ÷ (held + no-show + canceled), the same show rate as the rest of the report.
public struct ShowRates: Codable, Sendable, Equatable {
    /// One row per SDR (the lead's owner) and per AE (the meeting's), by name; the
    /// roster's SDRs and AEs have one even on a quiet week.
    public var bySDR: [ShowRateRow] = []
    public var byAE: [ShowRateRow] = []
    /// No-shows and cancellations by reason code, most frequent first; `unrecorded` for
    /// those logged before reasons were asked for.
    public var missedByReason: [MissedReason] = []

    public init() {}
}

public struct ShowRateRow: Codable, Sendable, Equatable {
    public var name: String
    public var held: Int
    public var noShow: Int
    public var canceled: Int
    /// held ÷ (held + no-show + canceled).
    public var showRate: Ratio
}

public struct MissedReason: Codable, Sendable, Equatable {
    /// An `OutcomeReason` code, or `unrecorded`.
    public var code: String
    public var noShow: Int
    public var canceled: Int
}

/// The running counts behind `ShowRates`.
struct ShowTally {
    static let unrecorded = "unrecorded"

    private var sdrs: [String: MeetingTally] = [:]
    private var aes: [String: MeetingTally] = [:]
    private var reasons: [String: (noShow: Int, canceled: Int)] = [:]

    /// A meeting due in the period got its final outcome.
    mutating func record(_ outcome: MeetingOutcome, reason: OutcomeReason?, sdr: String, ae: String?) {
        guard outcome != .rescheduled else { return }
        sdrs[sdr, default: MeetingTally()].record(outcome)
        if let ae { aes[ae, default: MeetingTally()].record(outcome) }
        guard outcome != .held else { return }
        let code = reason?.rawValue ?? Self.unrecorded
        var counts = reasons[code] ?? (0, 0)
        if outcome == .noShow { counts.noShow += 1 } else { counts.canceled += 1 }
        reasons[code] = counts
    }

    func rates(team: Team) -> ShowRates {
        func rows(_ tallies: [String: MeetingTally], role: Role) -> [ShowRateRow] {
            var all = tallies
            for member in team.members where member.role == role && all[member.name] == nil { all[member.name] = MeetingTally() }
            return all.map { ShowRateRow(name: $0.key, held: $0.value.held, noShow: $0.value.noShow,
                                         canceled: $0.value.canceled, showRate: $0.value.showRate) }
                .sorted { $0.name < $1.name }
        }
        var rates = ShowRates()
        rates.bySDR = rows(sdrs, role: .sdr)
        rates.byAE = rows(aes, role: .ae)
        rates.missedByReason = reasons.map { MissedReason(code: $0.key, noShow: $0.value.noShow, canceled: $0.value.canceled) }
            .sorted { ($0.noShow + $0.canceled, $1.code) > ($1.noShow + $1.canceled, $0.code) }
        return rates
    }
}

extension StandupDocument {
    /// "Show rate by SDR and AE": both tables and the reasons, in every grouping.
    static func shows(_ rates: ShowRates, clean: (String?) -> String) -> Section {
        var section = Section(title: "Show rate by SDR and AE")
        for (who, rows) in [("SDR", rates.bySDR), ("AE", rates.byAE)] where !rows.isEmpty {
            section.table([who, "show rate", "held", "no-show", "canceled"], numeric: [2, 3, 4], rows.map {
                [clean($0.name), cell($0.showRate), "\($0.held)", "\($0.noShow)", "\($0.canceled)"]
            })
        }
        if rates.missedByReason.isEmpty {
            section.line("No no-shows or cancellations in the period.")
        } else {
            section.line("No-shows and cancellations by reason:")
            section.table(["reason", "no-shows", "canceled"], numeric: [1, 2], rates.missedByReason.map {
                [clean($0.code), "\($0.noShow)", "\($0.canceled)"]
            })
        }
        return section
    }
}
