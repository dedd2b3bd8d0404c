import Foundation
import Testing
@testable import HandoffCore

/// Issue 13, class 6: one sanitiser for every human-facing output, errors included, and
/// JSON that escapes every control and format character.
@Suite("sanitised output: messages and JSON")
struct SafeOutputTests {
    @Test func messagesKeepTheirLinesAndLoseTheirEscapes() {
        let name = "mallory\u{1B}]0;owned\u{07}\u{1B}[31m"
        let message = "handoff: \(name) is not on the team\n  line 2: \u{202E}evil\u{9B}2J"
        #expect(SafeText.sanitizeLines(message) == "handoff: mallory is not on the team\n  line 2: evil")
        #expect(SafeText.sanitizeLines("plain\nlines") == "plain\nlines")
    }

    @Test func jsonEscapesC1BidiSeparatorsAndFormatCharacters() {
        let json = #"{"company":"A\#u{85}B\#u{9B}31mC\#u{202E}D\#u{2066}E\#u{2028}F\#u{200B}G\#u{FEFF}H\#u{7F}I\#u{E0041}"}"#
        let escaped = SafeText.escapingForJSON(json)
        #expect(escaped == #"{"company":"A\u0085B\u009b31mC\u202eD\u2066E\u2028F\u200bG\ufeffH\u007fI\udb40\udc41"}"#)
        // Ordinary text, emoji sequences included, is left as it is.
        let plain = #"{"company":"Société Générale 日本 👨‍👩‍👧 🇫🇷"}"#
        #expect(SafeText.escapingForJSON(plain) == #"{"company":"Société Générale 日本 👨\u200d👩\u200d👧 🇫🇷"}"#)
        // Structural whitespace of pretty-printed JSON stays.
        #expect(SafeText.escapingForJSON("{\n  \"a\": \"é\"\n}") == "{\n  \"a\": \"é\"\n}")
    }

    /// Found by the fuzzer (Fuzz/Targets/Text.swift): U+070F joins the space after it into
    /// one cluster, and padding came out a cell short, shifting every column after it.
    @Test func aPrependedMarkDoesNotSwallowThePadding() {
        let text = "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{070F}"
        #expect(SafeText.width(of: SafeText.pad(text, toWidth: 48)) == 48)
        #expect(SafeText.width(of: "\u{0600} ") == 1)
        #expect(SafeText.width(of: "\u{0D4E}a") == 2)
        #expect(SafeText.width(of: "\u{070F}日") == 2)
    }
}
