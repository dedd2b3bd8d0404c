import Foundation

/// Definition health (issue 17 item 2): how handoffs fared under each version of the SQL
/// definition, and whether the current version does better than the one before it.
///
/// A handoff is a `booked` event still in effect (not undone). It is *under* the version in
/// force when it was booked: the last `definition` event before it in the log, which is the
/// version its payload froze (`definitionVersion`; the rules book only against the current
/// definition, and the log audit holds every booking to it). Its meeting counts with the
/// outcome it finally got; its disposition is the one that stands (a return overturned on
/// dispute is annulled, and what the AE decided after the ruling counts instead), whenever
/// either came. Undone events never count.
///
/// Each version's figures cover its whole life, from its `definition` event to the next one
/// (the current version: to the report's time), not the report's period: a definition lives
/// for weeks or months, and a week's window would hide the comparison.
public struct DefinitionHealth: Codable, Sendable, Equatable {
    /// Every version, oldest first.
    public var versions: [DefinitionVersionHealth] = []
    /// The current version against the previous one over equal windows; nil with one version.
    public var comparison: DefinitionComparison?

    public init(versions: [DefinitionVersionHealth] = [], comparison: DefinitionComparison? = nil) {
        self.versions = versions
        self.comparison = comparison
    }

    /// Sets each version's calibration agreement (matching met/not-met pairs over pairs)
    /// from the calibration tally.
    public mutating func attachCalibration(_ agreement: (Int) -> Ratio) {
        for index in versions.indices { versions[index].calibration = agreement(versions[index].version) }
    }
}

/// One version's life and the handoffs booked under it.
public struct DefinitionVersionHealth: Codable, Sendable, Equatable {
    public var version: Int
    /// When it came into force (its `definition` event) and who made it.
    public var since: Date
    public var by: String
    /// When the next version replaced it; nil for the current version.
    public var until: Date?
    /// Days in force: to `until`, or to the report's time for the current version.
    public var days: Double
    /// The criteria's keys, required first as the definition lists them.
    public var required: [String]
    public var optional: [String]
    public var figures: DefinitionFigures
    /// Matching met/not-met pairs of calibration scores over pairs, for handoffs under this
    /// version; nil when the report has no calibration tally.
    public var calibration: Ratio?
}

/// The figures of a set of handoffs: how many, how their meetings went, how they ended.
public struct DefinitionFigures: Codable, Sendable, Equatable {
    /// Bookings in effect.
    public var handoffs = 0
    public var held = 0
    public var noShow = 0
    public var canceled = 0
    /// held ÷ (held + no-show + canceled): the handoffs whose meeting has a final outcome.
    public var showRate = Ratio.empty
    public var accepted = 0
    public var nurture = 0
    public var returned = 0
    /// accepted ÷ (accepted + nurture + returned): the handoffs with a standing disposition.
    public var acceptanceRate = Ratio.empty
    /// returned ÷ the same.
    public var returnRate = Ratio.empty
    /// Standing returns by the criterion they said failed, most frequent first; share =
    /// count ÷ returns (a return may name several criteria, or none).
    public var returnsByCriterion: [CodeCount] = []

    public init() {}
}

/// The current version and the previous one, each over the first `days` of its life,
/// `days` being the shorter of the two lives (the previous version's whole life, or the
/// current one's so far): handoffs booked in each window, with their outcomes and
/// dispositions as they stand now.
public struct DefinitionComparison: Codable, Sendable, Equatable {
    public var days: Double
    public var current: DefinitionWindow
    public var previous: DefinitionWindow
}

public struct DefinitionWindow: Codable, Sendable, Equatable {
    public var version: Int
    /// `since` included, `until` excluded.
    public var window: Period
    public var figures: DefinitionFigures
}

/// A `definition` event of the log: the version it put in force, where and when.
public struct DefinitionMark: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var actor: String
    public var definition: Definition

    public init(seq: Int64, at: Date, actor: String, definition: Definition) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.definition = definition
    }

    /// The mark of a stored `definition` event; nil for any other event.
    public init?(_ event: Event) {
        guard event.type == .definition, event.lead == nil, let definition = event.payload.definition else { return nil }
        self.init(seq: event.seq, at: event.at, actor: event.actor, definition: definition)
    }
}
