import Foundation
import HandoffCore

/// One cell as the planner sees it: its text, and how a message names its column.
struct ImportCell: Sendable {
    var text: String
    /// `column 4 (Email)`, or `key "email"`.
    var column: String
    /// `Email`: the column's name as the file writes it.
    var name: String
}

/// The cells of one row by field: an array, not a dictionary, because an import looks up
/// eighteen fields in each of 100,000 rows.
struct RowCells: Sendable {
    private var cells = [ImportCell?](repeating: nil, count: ImportField.all.count)

    subscript(field: ImportField) -> ImportCell? {
        get { cells[field.rawValue] }
        set { cells[field.rawValue] = newValue }
    }

    /// The field's text, nil when the row leaves it empty.
    func text(_ field: ImportField) -> String? {
        guard let text = cells[field.rawValue]?.text, !text.isEmpty else { return nil }
        return text
    }
}

/// Turns rows into commands, one row at a time, remembering what the file already held.
struct ImportPlanner {
    let settings: ImportSettings
    var plan = ImportPlan()
    private var externalIDs: [String: RowPlace] = [:]
    private var emails: [String: RowPlace] = [:]
    private let owners: [String: String]
    /// A file has a handful of distinct statuses and owners in 100,000 rows: each is
    /// looked up once.
    private var actions: [String: StatusMap.Action?] = [:]
    private var resolvedOwners: [String: String?] = [:]

    /// Longer cells are a wrong column or a hostile file, not a lead's detail.
    static let maxCellLength = 1000

    init(settings: ImportSettings) {
        self.settings = settings
        var owners: [String: String] = [:]
        for member in settings.roster where member.canWorkQueue { owners[member.name.lowercased()] = member.name }
        self.owners = owners
    }

    /// Room for `count` rows' keys, so that they are not hashed again at every doubling.
    mutating func reserve(_ count: Int) {
        externalIDs.reserveCapacity(count)
        emails.reserveCapacity(count)
        plan.leads.reserveCapacity(count)
    }

    mutating func reject(_ place: RowPlace, _ column: String?, _ reason: String) {
        plan.rejections.append(ImportRejection(place: place, column: column, reason: reason))
    }

    /// Plans one row; `cell` gives a field's text and column (the text may be empty), nil
    /// when the file has no column for it.
    mutating func add(_ place: RowPlace, cell raw: (ImportField) -> ImportCell?) {
        add(Self.prepare(place, cell: raw))
    }

    /// What planning a row needs of that row alone: its cells cleaned and its fields
    /// normalised (or why it is rejected). Pure, so an import prepares its rows on every core.
    struct PreparedRow: Sendable {
        enum Content: Sendable {
            case rejected(ImportRejection)
            /// The cells, and the fields the rules normalised from them, or why they refused.
            case cells(RowCells, Fields)
        }

        enum Fields: Sendable {
            case valid(LeadFields)
            case refused(ImportRejection)
        }

        var place: RowPlace
        var content: Content
    }

    static func prepare(_ place: RowPlace, cell raw: (ImportField) -> ImportCell?) -> PreparedRow {
        func rejected(_ column: String?, _ reason: String) -> PreparedRow {
            PreparedRow(place: place, content: .rejected(ImportRejection(place: place, column: column, reason: reason)))
        }
        var cells = RowCells()
        for field in ImportField.all {
            guard var cell = raw(field) else { continue }
            // Refused before sanitising would quietly drop it (issue 13).
            if FieldLimits.containsNUL(cell.text) {
                return rejected(cell.column, "contains a NUL byte (U+0000), which Handoff does not store")
            }
            cell.text = Self.clean(cell.text)
            guard cell.text.utf8.count <= Self.maxCellLength || cell.text.count <= Self.maxCellLength else {
                return rejected(cell.column, "longer than \(Self.maxCellLength) characters")
            }
            cells[field] = cell
        }
        let name = cells.text(.fullName)
            ?? [cells.text(.firstName), cells.text(.lastName)].compactMap { $0 }.joined(separator: " ")
        let raw = LeadFields(
            company: cells.text(.company) ?? "", contact: name, title: cells.text(.title),
            email: cells.text(.email), phone: cells.text(.phone), source: cells.text(.source),
            externalID: cells.text(.externalID), website: cells.text(.website), industry: cells.text(.industry),
            city: cells.text(.city), state: cells.text(.state), country: cells.text(.country),
            status: cells.text(.status) ?? cells.text(.lifecycleStage), createdInCRM: cells.text(.created))
        switch Rules.normalized(raw) {
        case .success(let fields):
            return PreparedRow(place: place, content: .cells(cells, .valid(fields)))
        case .failure(let problem):
            let at = switch problem.field {
            case .company: cells[.company]
            case .contact: cells[.fullName] ?? cells[.firstName] ?? cells[.lastName]
            case .email: cells[.email]
            }
            let reason = problem.field == .contact && name.isEmpty ? "no contact name (First Name, Last Name or Name)" : problem.message
            let rejection = ImportRejection(place: place, column: at?.column, reason: reason)
            return PreparedRow(place: place, content: .cells(cells, .refused(rejection)))
        }
    }

    /// Plans a prepared row, in the file's order: its status, whether the file or the board
    /// already has the lead, its owner.
    mutating func add(_ row: PreparedRow) {
        let place = row.place
        let cells: RowCells
        let normalized: PreparedRow.Fields
        switch row.content {
        case .rejected(let rejection):
            return plan.rejections.append(rejection)
        case .cells(let prepared, let result):
            cells = prepared
            normalized = result
        }
        let column: Column
        switch placement(cells) {
        case .into(let into):
            column = into
        case .skip(let status):
            return plan.skipped.append(ImportSkip(place: place, status: status))
        case .unknown(let status):
            let key = StatusMap.fold(status.text)
            return reject(place, status.column, "unknown status '\(status.text)': map it in config.toml, e.g. [import.status] \"\(key)\" = \"queue\" (or \"nurture\", \"skip\")")
        }
        let fields: LeadFields
        switch normalized {
        case .valid(let clean): fields = clean
        case .refused(let rejection): return plan.rejections.append(rejection)
        }
        if let duplicate = duplicate(of: fields, cells: cells) {
            return plan.duplicates.append(ImportDuplicate(place: place, reason: duplicate))
        }
        if let key = fields.externalID { externalIDs[key] = place }
        if let key = fields.email { emails[key] = place }
        plan.leads.append(PlannedLead(place: place, command: .importLead(fields, owner: owner(cells.text(.owner)), column: column)))
    }

    private enum Placement {
        case into(Column)
        case skip(String)
        case unknown(ImportCell)
    }

    /// Lead Status decides; where it is empty, Lifecycle Stage. A lifecycle stage that
    /// says the lead is already a customer or an opportunity skips it whatever the status.
    private mutating func placement(_ cells: RowCells) -> Placement {
        if let stage = cells.text(.lifecycleStage), cells.text(.status) != nil, action(for: stage) == .skip {
            return .skip(stage)
        }
        guard let status = cells.text(.status) != nil ? cells[.status] : cells[.lifecycleStage],
              !status.text.isEmpty else { return .into(.queue) }
        switch action(for: status.text) {
        case .queue: return .into(.queue)
        case .nurture: return .into(.nurture)
        case .skip: return .skip(status.text)
        case nil: return .unknown(status)
        }
    }

    private mutating func action(for status: String) -> StatusMap.Action? {
        if let known = actions[status] { return known }
        let action = settings.statuses.action(for: status)
        actions[status] = action
        return action
    }

    /// External id first, then email (both already normalised by the rules).
    private func duplicate(of fields: LeadFields, cells: RowCells) -> String? {
        if let key = fields.externalID, let first = externalIDs[key] {
            return "same \(cells[.externalID]?.name ?? "external id") as \(first)"
        }
        if let key = fields.email, let first = emails[key] {
            return "same email as \(first)"
        }
        return nil
    }

    /// The CRM owner if they are an SDR (or team lead) on the roster, else the default.
    private mutating func owner(_ crm: String?) -> String? {
        guard let crm else { return settings.owner }
        let member: String?
        if let known = resolvedOwners[crm] {
            member = known
        } else {
            member = owners[crm.lowercased()]
            resolvedOwners[crm] = member
        }
        if let member { return member }
        plan.unknownOwners[crm, default: 0] += 1
        return settings.owner
    }

    /// Sanitised like all text that reaches a terminal, trimmed, and with a spreadsheet's
    /// formula guard (a leading `'` before `=`, `+`, `-` or `@`) taken off again.
    static func clean(_ text: String) -> String {
        let value = Rules.trimmed(SafeText.sanitize(text))
        let utf8 = value.utf8
        guard utf8.first == UInt8(ascii: "'"), let next = utf8.dropFirst().first,
              Array("=+-@".utf8).contains(next) else { return value }
        return String(value.dropFirst())
    }
}
