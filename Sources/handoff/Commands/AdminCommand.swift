import ArgumentParser
import Foundation
import HandoffPostgres

/// What a team's database administrator runs: the SQL each teammate's login needs.
struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "For the database administrator of a PostgreSQL store.",
        subcommands: [Grants.self]
    )

    struct Grants: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the SQL that gives a database login exactly what a teammate needs.",
            discussion: """
                Prints SQL for the store's owner (the database role that created the store) to run, \
                for example:

                  handoff admin grants --login maya --db postgres://lee@db.example.com/team \\
                    | psql -v ON_ERROR_STOP=1 -h db.example.com -U lee -d team

                The login gets CONNECT on the database, USAGE on the schema, SELECT on the store's \
                tables and EXECUTE on handoff_append, the server-side function every change goes \
                through; any other privilege it had on those tables is revoked. It gets no INSERT, \
                UPDATE or DELETE: the server takes the actor from the login (session_user), maps it \
                through the roster's logins, and refuses events the member's role may not append. \
                LISTEN, for live boards, needs no grant. Create the login first (CREATE ROLE maya \
                LOGIN PASSWORD '…') and put it on the roster (handoff team add maya --role sdr \
                --login maya). Nothing is sent to the server: this only prints.
                """
        )

        @Option(help: ArgumentHelp("The teammate's database login (role name), exactly as PostgreSQL spells it.", valueName: "LOGIN"))
        var login: String

        @Option(help: ArgumentHelp("The store's schema.", valueName: "SCHEMA"))
        var schema: String = "public"

        @Option(name: .long, help: ArgumentHelp("The store: postgres://user@host:port/dbname (its database name is used). Default $HANDOFF_DB.", valueName: "URL"))
        var db: String?

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let target = db ?? environment["HANDOFF_DB"] ?? ""
            guard PostgresURL.isPostgres(target) else {
                throw CLIFailure(code: 2, message: "admin grants is for a PostgreSQL store: give --db postgres://user@host:port/dbname (or $HANDOFF_DB)")
            }
            // Only the database name is read: no password is looked up and nothing connects.
            var quiet = environment
            quiet["PGPASSWORD"] = nil
            quiet["PGPASSFILE"] = "/dev/null"
            let url = try PostgresURL(target, environment: quiet)
            print(try PostgresGrants.script(login: login, database: url.database, schema: schema), terminator: "")
        }
    }
}
