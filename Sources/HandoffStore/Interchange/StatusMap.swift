import HandoffCore

/// What an import does with a lead given its CRM status: Salesforce's Lead Status
/// (`Open - Not Contacted`, `Closed - Converted`), HubSpot's Lead Status (`BAD_TIMING`,
/// `Attempted to Contact`) or Lifecycle Stage (`opportunity`). Matching ignores case and
/// punctuation. A team maps its own statuses in config.toml:
///
///     [import.status]
///     "in progress" = "queue"
///     "recycled" = "nurture"
///     "duplicate" = "skip"
public struct StatusMap: Sendable, Equatable {
    public enum Action: String, Sendable, Equatable, CaseIterable {
        /// Into the SDR queue.
        case queue
        /// Into Nurture: the CRM says the timing is wrong.
        case nurture
        /// Not imported: already converted, or not qualified. Counted in the summary.
        case skip
    }

    private var table: [String: Action]

    public static let standard = StatusMap(table: [
        "new": .queue, "open": .queue, "open not contacted": .queue, "not contacted": .queue,
        "working": .queue, "working contacted": .queue, "contacted": .queue,
        "attempted": .queue, "attempted to contact": .queue, "connected": .queue, "in progress": .queue,
        "subscriber": .queue, "lead": .queue, "marketing qualified lead": .queue, "marketingqualifiedlead": .queue,
        "sales qualified lead": .queue, "salesqualifiedlead": .queue,
        "bad timing": .nurture, "nurture": .nurture, "nurturing": .nurture,
        "converted": .skip, "closed converted": .skip, "opportunity": .skip, "open deal": .skip, "customer": .skip,
        "unqualified": .skip, "closed not converted": .skip, "disqualified": .skip,
        // HubSpot's last two lifecycle stages: an advocate who already buys, and a record
        // that is not a buyer at all (a partner, a vendor, staff).
        "evangelist": .skip, "other": .skip,
    ])

    /// Words in lowercase, split on anything that is not a letter or digit:
    /// `Closed - Not Converted` and `CLOSED_NOT_CONVERTED` are both `closed not converted`.
    static func fold(_ status: String) -> String {
        status.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }

    /// The action for a status; nil for a status nobody mapped. An empty status means a
    /// lead to work: the queue.
    public func action(for status: String) -> Action? {
        let key = Self.fold(status)
        return key.isEmpty ? .queue : table[key]
    }

    public func overriding(_ status: String, with action: Action) -> StatusMap {
        var copy = self
        copy.table[Self.fold(status)] = action
        return copy
    }

    /// The standard map with the `[import.status]` table of a config file laid over it.
    /// Other sections of the file are not the importer's business and are left alone.
    public static func standard(withConfig text: String, file: String) throws(RuleError) -> StatusMap {
        let document: TOMLTable
        do {
            document = try TOML.parse(text)
        } catch {
            throw .invalid("\(file):\(error.line): \(error.message)")
        }
        guard let section = document["import"] else { return .standard }
        guard let importTable = section.tableValue else {
            throw .invalid("\(file):\(document.line(of: "import") ?? 1): 'import' must be a table ([import.status])")
        }
        guard let value = importTable["status"] else { return .standard }
        guard let statuses = value.tableValue else {
            throw .invalid("\(file):\(importTable.line(of: "status") ?? 1): [import.status] must be a table of \"CRM status\" = \"queue\" | \"nurture\" | \"skip\"")
        }
        var map = StatusMap.standard
        for (status, value) in statuses {
            let line = statuses.line(of: status) ?? 1
            guard let word = value.stringValue else {
                throw .invalid("\(file):\(line): [import.status] \"\(status)\" must be a string (\"queue\", \"nurture\" or \"skip\"), not \(value.kindDescription)")
            }
            guard let action = Action(rawValue: word.lowercased()) else {
                throw .invalid("\(file):\(line): [import.status] \"\(status)\" = \"\(word)\": the choices are \"queue\", \"nurture\" and \"skip\"")
            }
            guard !fold(status).isEmpty else {
                throw .invalid("\(file):\(line): [import.status] has an empty status name")
            }
            map = map.overriding(status, with: action)
        }
        return map
    }
}
