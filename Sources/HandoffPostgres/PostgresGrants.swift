import Foundation
import HandoffCore
import HandoffStore

/// The SQL that gives a team member's database login exactly what the board needs, for the
/// store's owner to run (`handoff admin grants`): connect, read the tables, call the write
/// function. No INSERT, UPDATE or DELETE: every change goes through `handoff_append`, which
/// takes the actor from the login. LISTEN needs no grant.
public enum PostgresGrants {
    /// The store's tables and the member sequence, as the schema names them.
    static let tables = ["event", "lead", "lead_count", "member", "definition", "handoff_migration", "handoff_setting"]
    static let sequences = ["member_position_seq"]
    /// PostgreSQL keeps at most 63 bytes of a name (NAMEDATALEN - 1) and cuts the rest off.
    static let maxNameBytes = 63

    /// The script for `login` on the store in `database` (schema `schema`). Refuses names
    /// PostgreSQL would cut short and any control, format or line-separator character;
    /// every other name is quoted as an identifier, so a name cannot end the statement.
    public static func script(login: String, database: String, schema: String = "public") throws -> String {
        let role = try identifier(login, what: "login")
        let db = try identifier(database, what: "database name")
        let space = try identifier(schema, what: "schema")
        let tableList = tables.map { "\(space).\(quote($0))" }.joined(separator: ", ")
        let sequenceList = sequences.map { "\(space).\(quote($0))" }.joined(separator: ", ")
        return """
            -- Handoff: what the database login \(role) needs on the store in database \(db), schema \(space).
            -- Run it as the store's owner (the role that created the store), for example:
            --   handoff admin grants --login LOGIN --db URL | psql -v ON_ERROR_STOP=1 -d \(db) -U OWNER
            -- The login reads the board and changes it only through handoff_append, which takes the
            -- actor from the login itself (the roster maps logins to members: team add NAME --login LOGIN).
            -- LISTEN, for the board's live updates, needs no grant.
            BEGIN;
            GRANT CONNECT ON DATABASE \(db) TO \(role);
            GRANT USAGE ON SCHEMA \(space) TO \(role);
            REVOKE ALL ON TABLE \(tableList) FROM \(role);
            REVOKE ALL ON SEQUENCE \(sequenceList) FROM \(role);
            GRANT SELECT ON TABLE \(tableList) TO \(role);
            GRANT EXECUTE ON FUNCTION \(space).handoff_append(json) TO \(role);
            COMMIT;

            """
    }

    /// `name` as a quoted SQL identifier, or a one-line refusal.
    static func identifier(_ name: String, what: String) throws -> String {
        guard !name.isEmpty else { throw RuleError.invalid("the \(what) is empty") }
        guard name.utf8.count <= maxNameBytes else {
            throw RuleError.invalid("the \(what) '\(SafeText.sanitize(name))' is longer than PostgreSQL's \(maxNameBytes) bytes")
        }
        let refused = name.unicodeScalars.first { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: true
            default: false
            }
        }
        if let refused {
            let code = String(refused.value, radix: 16, uppercase: true)
            throw RuleError.invalid("the \(what) '\(SafeText.sanitize(name))' holds a control or invisible character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)): refused")
        }
        return quote(name)
    }

    /// Double quotes around `name`, its own double quotes doubled.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension PostgresStore {
    /// Why this login may read the store but not change it, naming the grant it lacks; nil
    /// when it may call `handoff_append` (every change goes through it). Asked once, when a
    /// command or the board opens, so the board opens read-only instead of refusing later.
    public func missingWriteGrant() throws -> String? {
        let allowed = try statement { session in
            try session.scalar("""
                SELECT COALESCE(has_function_privilege(session_user, to_regprocedure('handoff_append(json)'), 'EXECUTE'), false)
                """, as: Bool.self)
        }
        return allowed == true ? nil : PostgresGrants.readOnly(login: url.user)
    }
}

extension PostgresGrants {
    /// The one sentence for a login without EXECUTE on `handoff_append`.
    static func readOnly(login: String) -> String {
        let name = SafeText.sanitize(login)
        return "your login \(name) may read this store but not change it: it lacks EXECUTE on handoff_append (the store's owner grants it with `handoff admin grants --login \(name)`); nothing was changed"
    }
}
