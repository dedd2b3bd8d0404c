import Foundation
import Testing

/// Throwaway operating-system accounts in one group, for running the built binary as real
/// people: identity on a SQLite store is the account running the process, so only real
/// accounts can show who may act as whom. Creating them needs root (CI runs as root).
final class Accounts: @unchecked Sendable {
    let group: String
    let names: [String]
    let folder: URL
    var store: String { folder.appendingPathComponent("team.sqlite").path }

    /// nil when not root: the caller says why it skips (or fails, under CI).
    init?(_ count: Int) {
        guard geteuid() == 0 else { return nil }
        let tag = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(6))
        group = "hofg\(tag)"
        names = (0..<count).map { "hof\(tag)\($0)" }
        folder = URL(fileURLWithPath: "/tmp/handoff-accounts-\(tag)")
        _ = Self.system(["/usr/sbin/groupadd", group])
        for name in names {
            _ = Self.system(["/usr/sbin/useradd", "--no-create-home", "--gid", group, "--shell", "/usr/sbin/nologin", name])
        }
        // A shared folder: setgid, so every file the store makes belongs to the group.
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = Self.system(["/bin/chown", "root:\(group)", folder.path])
        _ = Self.system(["/bin/chmod", "2770", folder.path])
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
        for name in names { _ = Self.system(["/usr/sbin/userdel", name]) }
        _ = Self.system(["/usr/sbin/groupdel", group])
    }

    /// Whether the accounts and the folder exist as asked.
    var ready: Bool {
        names.allSatisfy { Self.system(["/usr/bin/id", "-u", $0]).status == 0 }
    }

    @discardableResult
    static func system(_ arguments: [String]) -> RunResult {
        Sandbox.execute(arguments[0], Array(arguments.dropFirst()), environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin"])
    }

    /// Runs `handoff ARGS` against the shared store as `account` (nil: as root, this process),
    /// with `$USER` set to something else: the account, not the environment, is who acts.
    @discardableResult
    func run(_ arguments: [String], as account: String?, environment extra: [String: String] = [:]) -> RunResult {
        var environment = ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HANDOFF_DB": store, "USER": "lee",
                           "LOGNAME": "lee", "HOME": folder.path, "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path]
        for (key, value) in extra { environment[key] = value }
        guard let account else { return Sandbox.execute(Binary.path, arguments, environment: environment) }
        return Sandbox.execute("/usr/bin/setpriv", ["--reuid", account, "--regid", group, "--init-groups", "--", Binary.path] + arguments,
                               environment: environment)
    }
}

/// Requires root, saying so: skipped loudly on a developer's machine, a failure under CI.
func accountsOrSkip(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) -> Accounts? {
    if let accounts = Accounts(count), accounts.ready { return accounts }
    let why = "the operating-system identity tests need root to create throwaway accounts (useradd); run the suite as root to include them"
    if ProcessInfo.processInfo.environment["CI"] != nil {
        Issue.record("\(why) — under CI this is a failure", sourceLocation: sourceLocation)
    } else {
        print("SKIPPED: \(why)")
    }
    return nil
}

/// Who acts on a SQLite store is the account running handoff, mapped through the roster's
/// logins; the built binary, run as real accounts.
@Suite(.serialized) struct OSAccountIdentityTests {
    /// root founds a shared (not personal) store: lee (login root) leads, maya's login is the
    /// first account, alex's the second; the third account is on nobody's login.
    private func team(_ accounts: Accounts) -> (maya: String, alex: String, stranger: String) {
        let (maya, alex, stranger) = (accounts.names[0], accounts.names[1], accounts.names[2])
        let founded = accounts.run(["init", "--lead", "lee"], as: nil)
        #expect(founded.status == 0, "\(founded)")
        #expect(founded.stdout.contains("with lee as team lead (login root)"), "\(founded)")
        #expect(accounts.run(["team", "add", "maya", "--role", "sdr", "--login", maya], as: nil).status == 0)
        #expect(accounts.run(["team", "add", "alex", "--role", "ae", "--login", alex], as: nil).status == 0)
        return (maya, alex, stranger)
    }

    @Test func eachAccountActsAsItsOwnMemberAndNoOneElse() throws {
        guard let accounts = accountsOrSkip(3) else { return }
        let (maya, _, _) = team(accounts)
        // maya's account acts as maya, with no --as at all ($USER says lee: it does not count).
        let added = accounts.run(["lead", "add", "--company", "Acme", "--contact", "Dana"], as: maya)
        #expect(added.status == 0, "\(added)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = accounts.run(["lead", "show", id], as: maya)
        #expect(shown.stdout.contains("\(maya)") == false, "the log records the member, not the account: \(shown)")
        #expect(shown.stdout.contains("maya"), "\(shown)")
        // Naming herself is fine; naming anyone else is refused with who she is.
        let edited = accounts.run(["lead", "edit", id, "--contact", "Dana Lee", "--as", "maya"], as: maya)
        #expect(edited.status == 0, "\(edited)")
        #expect(edited.stdout.contains("by maya"), "\(edited)")
        let asLead = accounts.run(["team", "add", "nia", "--role", "sdr", "--as", "lee"], as: maya)
        #expect(asLead.status == 5, "\(asLead)")
        #expect(asLead.stderr.contains("you are logged in as \(maya) (maya); you cannot act as lee"), "\(asLead)")
        let viaEnvironment = accounts.run(["lead", "add", "--company", "X", "--contact", "Y"], as: maya,
                                          environment: ["HANDOFF_USER": "lee"])
        #expect(viaEnvironment.status == 5, "\(viaEnvironment)")
        #expect(viaEnvironment.stderr.contains("you cannot act as lee"), "\(viaEnvironment)")
        // Nothing the refused commands asked for was written.
        let team = accounts.run(["team", "list"], as: maya).stdout
        #expect(!team.contains("nia"), "\(team)")
        #expect(accounts.run(["lead", "list"], as: maya).stdout.contains("X ") == false)
        // Root founded the store and is lee, and only lee.
        let rootAsMaya = accounts.run(["lead", "add", "--company", "Z", "--contact", "Z", "--as", "maya"], as: nil)
        #expect(rootAsMaya.status == 5, "\(rootAsMaya)")
        #expect(rootAsMaya.stderr.contains("you are logged in as root (lee); you cannot act as maya"), "\(rootAsMaya)")
    }

    @Test func anAccountOnNoLoginMayReadButNotChange() throws {
        guard let accounts = accountsOrSkip(3) else { return }
        let (_, _, stranger) = team(accounts)
        #expect(accounts.run(["lead", "add", "--company", "Acme", "--contact", "Dana"], as: accounts.names[0]).status == 0)
        let listed = accounts.run(["lead", "list"], as: stranger)
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.stdout.contains("Acme"), "\(listed)")
        let added = accounts.run(["lead", "add", "--company", "Nope", "--contact", "N"], as: stranger)
        #expect(added.status == 5, "\(added)")
        #expect(added.stderr.contains("you are logged in as \(stranger), who is on no member's login: the board is read-only for you"), "\(added)")
        let asMaya = accounts.run(["lead", "add", "--company", "Nope", "--contact", "N", "--as", "maya"], as: stranger)
        #expect(asMaya.status == 5, "\(asMaya)")
        #expect(asMaya.stderr.contains("you cannot act as maya"), "\(asMaya)")
        #expect(!accounts.run(["lead", "list"], as: stranger).stdout.contains("Nope"))
        // A team lead gives the account a login, and from then on it acts.
        #expect(accounts.run(["team", "add", "nia", "--role", "sdr", "--login", stranger], as: nil).status == 0)
        let joined = accounts.run(["lead", "add", "--company", "Welcome", "--contact", "W"], as: stranger)
        #expect(joined.status == 0, "\(joined)")
        #expect(accounts.run(["lead", "list", "--format", "json"], as: stranger).stdout.contains("\"nia\""))
    }

    @Test func aPersonalStoreLetsItsCreatorBeAnyoneAndNobodyElse() throws {
        guard let accounts = accountsOrSkip(2) else { return }
        let (creator, other) = (accounts.names[0], accounts.names[1])
        let founded = accounts.run(["init", "--lead", "lee", "--personal"], as: creator)
        #expect(founded.status == 0, "\(founded)")
        #expect(founded.stdout.contains("a personal store, where \(creator) may act as any member"), "\(founded)")
        #expect(accounts.run(["team", "add", "maya", "--role", "sdr"], as: creator).status == 0)
        let asMaya = accounts.run(["lead", "add", "--company", "Acme", "--contact", "Dana", "--as", "maya"], as: creator)
        #expect(asMaya.status == 0, "\(asMaya)")
        // Another account in the group can write the file, but the client will not let it act.
        let intruder = accounts.run(["lead", "add", "--company", "Nope", "--contact", "N", "--as", "maya"], as: other)
        #expect(intruder.status == 5, "\(intruder)")
        #expect(intruder.stderr.contains("you are logged in as \(other), who is on no member's login; you cannot act as maya"), "\(intruder)")
        let intruderAsLead = accounts.run(["team", "add", "eve", "--role", "lead", "--as", "lee"], as: other)
        #expect(intruderAsLead.status == 5, "\(intruderAsLead)")
        // Root is not the creator either.
        #expect(accounts.run(["lead", "add", "--company", "Root", "--contact", "R", "--as", "maya"], as: nil).status == 5)
        let board = accounts.run(["lead", "list"], as: creator).stdout
        #expect(board.contains("Acme") && !board.contains("Nope") && !board.contains("Root"), "\(board)")
        #expect(!accounts.run(["team", "list"], as: creator).stdout.contains("eve"))
    }
}
