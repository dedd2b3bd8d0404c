import Foundation
import Testing

/// `handoff lead list --where` takes the board's query language.
@Suite("lead list --where")
struct LeadListWhereTests {
    static func ids(_ result: RunResult) -> [String] {
        result.stdout.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) }
    }

    @Test func fieldsAndErrors() {
        let sandbox = Sandbox()
        sandbox.seedTeam()
        let webinar = sandbox.run(["lead", "add", "--company", "Acme", "--contact", "Pat", "--source", "Webinar"], as: "sam")
        let outbound = sandbox.run(["lead", "add", "--company", "Globex", "--contact", "Bo", "--source", "outbound"], as: "sue")
        let acme = webinar.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let globex = outbound.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Self.ids(sandbox.run(["lead", "list", "--where", "source:webinar"])) == [acme])
        #expect(Self.ids(sandbox.run(["lead", "list", "--where", "owner:sue or acme"])) == [acme, globex])
        #expect(Self.ids(sandbox.run(["lead", "list", "--where", "owner:sue acme"])) == [])
        #expect(Self.ids(sandbox.run(["lead", "list", "--where", "age:0d is:aging"])) == [])

        let before = sandbox.run(["doctor"]).stdout
        let bad = sandbox.run(["lead", "list", "--where", "onwer:sam"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("--where: unknown field 'onwer' — did you mean owner?"), "\(bad)")
        let hostile = sandbox.run(["lead", "list", "--where", "acme\u{1B}[2J"])
        #expect(hostile.status == 2 && hostile.stderr.contains("control character (U+001B)") && !hostile.stderr.contains("\u{1B}"), "\(hostile)")
        #expect(sandbox.run(["doctor"]).stdout == before, "a bad query changed nothing")
    }

    @Test("the demo store: return reasons and the board's markers")
    func demo() {
        let sandbox = Sandbox()
        let seeded = sandbox.run(["demo", "--seed-only", "--db", sandbox.store], as: "lee")
        #expect(seeded.status == 0, "\(seeded)")
        let returned = sandbox.run(["lead", "list", "--where", "reason:no_authority"])
        #expect(returned.status == 0, "\(returned)")
        let ids = Self.ids(returned)
        #expect(!ids.isEmpty)
        for id in ids {
            let shown = sandbox.run(["lead", "show", id, "--format", "json"]).stdout
            #expect(shown.contains("no_authority"), "\(id) has no no_authority reason")
        }
        // is:breach is the SLA ladder's breach: a meeting's outcome or disposition, a return's
        // rework, a nurture's reactivation, overdue; never a card in the queue or in SAO.
        let breaches = sandbox.run(["lead", "list", "--where", "is:breach"])
        #expect(breaches.stdout.split(separator: "\n").allSatisfy {
            $0.contains("\thanded-off\t") || $0.contains("\treturned\t") || $0.contains("\tnurture\t")
        }, "\(breaches)")
        #expect(breaches.stdout.contains("\treturned\t"), "returns left unworked past 48 h breach too")
        #expect(!Self.ids(breaches).isEmpty, "the demo has SLA breaches")
        let all = Self.ids(sandbox.run(["lead", "list"]))
        let either = Self.ids(sandbox.run(["lead", "list", "--where", "is:breach or is:aging"]))
        #expect(Set(either).isSuperset(of: Self.ids(breaches)) && either.count < all.count)
    }
}
