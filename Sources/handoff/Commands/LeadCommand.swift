import ArgumentParser
import Foundation
import HandoffCore
import HandoffStore

struct LeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lead",
        abstract: "Add, list, show and edit leads; print the AE brief.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, BriefVerb.self]
    )

    struct Fields: ParsableArguments {
        @Option(help: "Title of the contact, e.g. \"VP Operations\".") var title: String?
        @Option(help: "Email address (used to spot duplicates).") var email: String?
        @Option(help: "Phone number.") var phone: String?
        @Option(help: "Where the lead came from, e.g. webinar, outbound.") var source: String?
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a lead to the SDR queue. Prints its id, e.g. L-1."
        )

        @OptionGroup var options: StoreOptions
        @Option(help: "The company.") var company: String
        @Option(help: "The person at the company.") var contact: String
        @OptionGroup var fields: Fields
        @Option(help: "The owning SDR (default: you).") var owner: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let values = LeadFields(company: company, contact: contact, title: fields.title, email: fields.email,
                                    phone: fields.phone, source: fields.source)
            try perform(.addLead(values, owner: owner), on: nil, options: options, expecting: nil, format: format)
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a lead's contact details, or reassign it to another SDR (team leads)."
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The lead, e.g. L-7.") var id: LeadID
        @Option(help: "The company.") var company: String?
        @Option(help: "The person at the company.") var contact: String?
        @OptionGroup var fields: Fields
        @Option(help: "Reassign to this SDR.") var owner: String?
        @OptionGroup var version: VersionOption

        func run() throws {
            let store = try options.open()
            guard let lead = try store.lead(id) else { throw RuleError.notFound("no lead \(id)") }
            var values = lead.fields
            if let company { values.company = company }
            if let contact { values.contact = contact }
            if let title = fields.title { values.title = title }
            if let email = fields.email { values.email = email }
            if let phone = fields.phone { values.phone = phone }
            if let source = fields.source { values.source = source }
            let applied = try store.execute(.edit(values, owner: owner), on: id, as: try options.actor(in: store),
                                            expecting: version.expected ?? lead.version)
            try report(applied, format: .text)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List leads on the board (archived ones with --column archived)."
        )

        @OptionGroup var options: StoreOptions
        @Option(help: "Only this column: queue, handed-off, sao, nurture, returned, archived.") var column: String?
        @Option(help: "Only leads this person owns (SDR) or meets (AE).") var owner: String?
        @Option(name: .customLong("where"), help: ArgumentHelp(
            "Only leads matching a query, as the board's / filter takes it.",
            discussion: """
                Free text (company, contact, SDR, AE or id; "quote a phrase") and fields: owner:maya, ae:alex, \
                reason:no_authority, is:breach, is:warning, is:aging, is:rebook, is:dispute, is:due, age:>5d (also <, >=, <=, =), \
                source:webinar. Terms side by side must all hold; 'or' separates alternatives and 'and' binds \
                tighter: "is:breach or owner:maya is:aging" is is:breach or (owner:maya and is:aging). \
                No parentheses. Thresholds for is:breach and is:aging come from config.toml's [report]; \
                is:warning and is:breach follow the SLA ladder of its [sla] (business hours, per-step limits).
                """,
            valueName: "query")) var query: String?
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            var filter: FilterQuery?
            var thresholds = Thresholds.standard
            if let query {
                // A bad config.toml is refused before the store is touched, as for `report`.
                thresholds = try Settings.config(environment: options.environment).thresholds
                do {
                    filter = try FilterQuery.parse(query)
                } catch {
                    throw CLIFailure(code: 2, message: "--where: \(error.message)")
                }
            }
            var columns: [Column]?
            if let column {
                guard let parsed = Column(slug: column) else {
                    throw CLIFailure(code: 2, message: "--column: '\(column)' is not a column (\(Column.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                columns = [parsed]
            }
            let store = try options.open()
            // A lead that cannot be read is named on stderr; the others are listed (exit 1).
            let damaged = DamagedLeads()
            var leads = try store.leads(LeadQuery(columns: columns, owner: owner), damaged: damaged)
            if let filter {
                let now = try options.clock()()
                leads = leads.filter { filter.matches($0, now: now, thresholds: thresholds) }
            }
            switch format {
            case .json:
                try printJSON(leads.map { LeadDocument($0, events: nil) })
            case .text:
                let now = try options.clock()()
                for lead in leads {
                    var markers: [String] = []
                    if lead.rebook { markers.append("rebook") }
                    if lead.disputeOpen { markers.append("dispute") }
                    if lead.revisitDue(now: now) { markers.append("revisit due") }
                    let cells = [lead.id.description, lead.column.rawValue, safe(lead.company), safe(lead.contact),
                                 safe(lead.cardOwner), "\(lead.daysInColumn(now: now))d"] + (markers.isEmpty ? [] : ["[" + markers.joined(separator: ", ") + "]"])
                    print(cells.joined(separator: "\t"))
                }
            }
            try DamagedLeads.refuse(damaged, doing: "listed \(leads.count) lead\(leads.count == 1 ? "" : "s")")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a lead: fields, scorecard, meeting, disposition, credit and its timeline."
        )

        @OptionGroup var options: StoreOptions
        @Argument(help: "The lead, e.g. L-7.") var id: LeadID
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() throws {
            let store = try options.open()
            guard let lead = try store.lead(id) else { throw RuleError.notFound("no lead \(id)") }
            let events = try store.history(of: id)
            let viewer = try options.calibrationViewer(of: store, reading: lead)
            switch format {
            case .json:
                try printJSON(LeadDocument(lead, events: events, viewer: viewer))
            case .text:
                let team = try store.team()
                print(LeadText.render(lead, events: events, definition: team.definition, now: try options.clock()(), viewer: viewer))
            }
        }
    }
}
