import Foundation

/// A lead field an import can fill, and the column names Salesforce and HubSpot exports
/// (reports, list views, Data Loader, the REST APIs) give it.
public enum ImportField: Int, CaseIterable, Sendable {
    case externalID, firstName, lastName, fullName, email, phone, title, company, website
    case industry, source, status, lifecycleStage, owner, created, city, state, country

    /// Names as people see them in the export; matching ignores case, spaces and
    /// punctuation, so `Lead ID`, `lead_id` and `LeadId` are one name.
    var names: [String] {
        switch self {
        case .externalID: ["Lead ID", "Record ID", "Contact ID", "Id", "hs_object_id", "External ID"]
        case .firstName: ["First Name", "firstname"]
        case .lastName: ["Last Name", "lastname"]
        case .fullName: ["Full Name", "Name", "Contact", "Contact Name", "Lead Name"]
        case .email: ["Email", "Email Address", "E-mail"]
        case .phone: ["Phone", "Phone Number", "Mobile Phone", "Mobile Phone Number"]
        case .title: ["Title", "Job Title", "jobtitle"]
        case .company: ["Company", "Account", "Company Name", "Account Name", "Company / Account"]
        case .website: ["Website", "Website URL"]
        case .industry: ["Industry"]
        case .source: ["Lead Source", "Original Source", "hs_analytics_source", "Source"]
        case .status: ["Lead Status", "Status", "hs_lead_status"]
        case .lifecycleStage: ["Lifecycle Stage", "lifecyclestage"]
        case .owner: ["Lead Owner", "Contact owner", "Owner", "Owner Name", "Contact Owner Name"]
        case .created: ["Create Date", "Created Date", "createdate", "Created"]
        case .city: ["City"]
        case .state: ["State", "State/Province", "State/Region"]
        case .country: ["Country", "Country/Region"]
        }
    }

    /// `allCases`, made once.
    static let all = allCases

    /// How a message names the field when the file did not.
    public var label: String { names[0] }

    private static let byName: [String: ImportField] = {
        var table: [String: ImportField] = [:]
        for field in allCases {
            for name in field.names { table[HeaderMap.fold(name)] = field }
        }
        return table
    }()

    /// The field a column name stands for, if any.
    public init?(header: String) {
        guard let field = Self.byName[HeaderMap.fold(header)] else { return nil }
        self = field
    }
}

/// Which column of a file holds which field. Where two columns name one field (`Phone`
/// and `Mobile Phone`), the first non-empty one in the row wins.
public struct HeaderMap: Sendable {
    public let headers: [String]
    private var columns = [[Int]](repeating: [], count: ImportField.all.count)
    /// Columns no field wants, as written in the file: reported, not an error.
    public private(set) var ignored: [String] = []

    public init(headers: [String]) {
        self.headers = headers
        for (index, header) in headers.enumerated() {
            if let field = ImportField(header: header) {
                columns[field.rawValue].append(index)
            } else if !header.trimmingCharacters(in: .whitespaces).isEmpty {
                ignored.append(header)
            }
        }
    }

    /// Lowercase letters and digits only.
    public static func fold(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter {
            ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }))
    }

    public func columns(of field: ImportField) -> [Int] { columns[field.rawValue] }

    public func has(_ field: ImportField) -> Bool { !columns[field.rawValue].isEmpty }

    /// What the file must have for a lead to be made from it, in words; empty when it has it.
    public var missing: [String] {
        var missing: [String] = []
        if !has(.company) { missing.append("a company column (Company, Account or Company Name)") }
        if !has(.firstName), !has(.lastName), !has(.fullName) {
            missing.append("a name column (First Name and Last Name, or Name)")
        }
        return missing
    }
}
