/// The CRM a lead came from, recognised by the record id it was imported with: the board
/// writes back only to records it can name exactly, and never guesses one.
public enum CRMSystem: String, Sendable, CaseIterable {
    case salesforce
    case hubspot

    public var name: String {
        switch self {
        case .salesforce: "Salesforce"
        case .hubspot: "HubSpot"
        }
    }

    /// What a write-back row must carry, in words: "Salesforce Lead id", "HubSpot record id".
    public var idName: String {
        switch self {
        case .salesforce: "Salesforce Lead id"
        case .hubspot: "HubSpot record id"
        }
    }

    /// The record id to update, written as the CRM's import wants it, or nil when
    /// `externalID` is not one of this CRM's: Salesforce's 18-character Lead id (a 15-character
    /// one is completed with its checksum), HubSpot's numeric Record ID.
    public func recordID(_ externalID: String?) -> String? {
        guard let externalID else { return nil }
        switch self {
        case .salesforce: return SalesforceID.lead(externalID)
        case .hubspot: return HubSpotID.record(externalID)
        }
    }
}

/// Salesforce record ids: 15 case-sensitive base-62 characters, or 18 with a 3-character
/// checksum of the letter case that makes them safe in case-insensitive tools. The first
/// three characters name the object: `00Q` is a Lead.
public enum SalesforceID {
    static let leadPrefix = "00Q"
    private static let checksumAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")

    /// The 18-character id of a Lead, or nil: not 15 or 18 letters and digits, not a Lead
    /// (`00Q…`), or an 18-character id whose checksum does not match its first 15.
    public static func lead(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 15 || scalars.count == 18,
              scalars.allSatisfy({ ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0) }),
              text.hasPrefix(leadPrefix) else { return nil }
        let base = String(String.UnicodeScalarView(scalars.prefix(15)))
        let full = base + checksum(Array(scalars.prefix(15)))
        if scalars.count == 18 {
            // Case-insensitive tools may have changed the suffix's case, never its letters.
            return String(String.UnicodeScalarView(scalars.suffix(3))).uppercased() == String(full.suffix(3)) ? full : nil
        }
        return full
    }

    /// Each block of five characters gives one checksum character: bit i set when its
    /// i-th character is an upper-case letter.
    public static func checksum(_ base: [Unicode.Scalar]) -> String {
        guard base.count >= 15 else { return "" }
        var suffix = ""
        for block in 0..<3 {
            var bits = 0
            for offset in 0..<5 where ("A"..."Z").contains(base[block * 5 + offset]) {
                bits |= 1 << offset
            }
            suffix.append(checksumAlphabet[bits])
        }
        return suffix
    }
}

/// HubSpot record ids (`hs_object_id`, "Record ID" in its exports): a positive whole number.
public enum HubSpotID {
    public static func record(_ text: String) -> String? {
        let utf8 = text.utf8
        guard (1...19).contains(utf8.count), utf8.first != UInt8(ascii: "0"),
              utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return text
    }
}

/// The CRM status a card writes back, by column: Salesforce's Lead Status picklist or
/// HubSpot's `hs_lead_status`. A team whose picklist says otherwise sets its own values in
/// config.toml (`[export.salesforce.status]`, `[export.hubspot.status]`).
public struct CRMStatusMap: Sendable, Equatable {
    public private(set) var values: [Column: String]

    /// The words issue 17 names for Salesforce (a team's picklist may call them
    /// "Working - Contacted", "Closed - Converted", …), and HubSpot's default internal values.
    public static func standard(_ crm: CRMSystem) -> CRMStatusMap {
        switch crm {
        case .salesforce:
            CRMStatusMap(values: [.queue: "Working", .handedOff: "Working", .sao: "Converted", .nurture: "Nurture",
                                  .returned: "Unqualified", .archived: "Unqualified"])
        case .hubspot:
            CRMStatusMap(values: [.queue: "IN_PROGRESS", .handedOff: "CONNECTED", .sao: "OPEN_DEAL", .nurture: "BAD_TIMING",
                                  .returned: "UNQUALIFIED", .archived: "UNQUALIFIED"])
        }
    }

    /// The map with a team's values laid over it.
    public func overriding(_ overrides: [Column: String]) -> CRMStatusMap {
        var copy = self
        for (column, value) in overrides { copy.values[column] = value }
        return copy
    }

    public func status(_ lead: Lead) -> String { values[lead.column] ?? "" }

    /// The key a column has in config.toml: `queue`, `handed_off`, `sao`, `nurture`, `returned`, `archived`.
    public static func key(_ column: Column) -> String { column.rawValue.replacingOccurrences(of: "-", with: "_") }
}

/// HubSpot's meeting outcomes (`hs_meeting_outcome`): what became of the lead's meeting.
public enum CRMMeetingOutcome {
    /// SCHEDULED, RESCHEDULED (to come, moved at least once), COMPLETED, NO_SHOW, CANCELED;
    /// nil when no meeting was booked.
    public static func value(_ meeting: Meeting?) -> String? {
        guard let meeting else { return nil }
        switch meeting.outcome {
        case nil: return meeting.reschedules > 0 ? "RESCHEDULED" : "SCHEDULED"
        case .held: return "COMPLETED"
        case .noShow: return "NO_SHOW"
        case .rescheduled: return "RESCHEDULED"
        case .canceled: return "CANCELED"
        }
    }
}
