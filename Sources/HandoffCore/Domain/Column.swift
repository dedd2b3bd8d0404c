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

/// A team member. `login` is the account that authenticates them: the operating-system
/// user on a SQLite store, the database user on PostgreSQL. It defaults to the name, and a
/// member recorded before logins existed decodes with their name as login.
public struct Member: Codable, Sendable, Equatable, Hashable {
    public var name: String
    public var role: Role
    public var login: String

    public init(name: String, role: Role, login: String? = nil) {
        self.name = name
        self.role = role
        self.login = login ?? name
    }

    enum CodingKeys: String, CodingKey {
        case name, role, login
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decode(Role.self, forKey: .role)
        login = try container.decodeIfPresent(String.self, forKey: .login) ?? name
    }

    public var canWorkQueue: Bool { role == .sdr || role == .lead }
    public var canTakeMeetings: Bool { role == .ae || role == .lead }
    public var isLead: Bool { role == .lead }
}
