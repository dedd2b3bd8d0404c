import Testing
@testable import HandoffCore

/// What the rules take for an email address: one `@`, not first, and a dot after it, with
/// no white space. Printable ASCII takes a byte scan; anything else the scalar path.
@Suite("Rules: email addresses")
struct EmailAddressTests {
    @Test(arguments: [
        ("pat@acme.test", true), ("p@a.b", true), ("first.last+tag@sub.acme.co.uk", true),
        ("@acme.test", false), ("pat@acme", false), ("pat@@acme.test", false), ("pat@acme@x.test", false),
        ("pat.acme.test", false), ("", false), ("pat@acme.", true), ("pat@.test", true),
        ("pat at acme", false), ("pat @acme.test", false), ("pat@acme.test\t", false),
        ("zoë@exämple.de", true), ("zoë@exämple", false), ("zoë@@exämple.de", false), ("zoë @exämple.de", false),
        ("pat@acme.test\u{7F}", true), ("pat\u{A0}@acme.test", false),
    ])
    func addresses(_ text: String, _ valid: Bool) {
        #expect(Rules.isEmailAddress(text) == valid, "\(text.debugDescription)")
    }
}
