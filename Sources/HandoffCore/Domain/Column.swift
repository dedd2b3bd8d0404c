/// Where a lead stands in the closed loop. The raw values are the slugs that scripts,
/// JSON and the command line read and write.
public enum Column: String, Codable, Sendable, CaseIterable, Comparable {
    case queue
    case handedOff = "handed-off"
    case sao
    case nurture
    case returned
    /// Disqualified leads: kept in the log, hidden from the board.
    case archived

    /// The five columns of the board, in the order they are always drawn.
    public static let board: [Column] = [.queue, .handedOff, .sao, .nurture, .returned]

    public var title: String {
        switch self {
        case .queue: "SDR queue"
        case .handedOff: "Handed off"
        case .sao: "SAO"
        case .nurture: "Nurture"
        case .returned: "Returned"
        case .archived: "Archived"
        }
    }

    public static func < (lhs: Column, rhs: Column) -> Bool {
        let order = Column.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }

    /// Parses a slug as typed by a person: case-insensitive, `handed_off` and `handedoff` too.
    public init?(slug: String) {
        let folded = slug.lowercased().filter { $0.isLetter }
        guard let match = Column.allCases.first(where: { $0.rawValue.filter(\.isLetter) == folded }) else {
            return nil
        }
        self = match
    }
}

/// A team member's role. A team lead may do anything an SDR or an AE may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    case sdr
    case ae
    case lead

    public var title: String {
        switch self {
        case .sdr: "SDR"
        case .ae: "AE"
        case .lead: "team lead"
        }
    }
}

public struct Member: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    public var canWorkQueue: Bool { role == .sdr || role == .lead }
    public var canTakeMeetings: Bool { role == .ae || role == .lead }
    public var isLead: Bool { role == .lead }
}
