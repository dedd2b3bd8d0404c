import Testing
@testable import HandoffCore

@Suite("SafeText: sanitising")
struct SafeTextSanitizeTests {
    @Test func plainTextIsUnchanged() {
        #expect(SafeText.sanitize("Acme Corp — Zoë Müller") == "Acme Corp — Zoë Müller")
        #expect(SafeText.sanitize("") == "")
        // The printable-ASCII pass stops at the first control, DEL or non-ASCII byte.
        #expect(SafeText.isPrintableASCII("Acme, Inc. ~ 42"))
        #expect(!SafeText.isPrintableASCII("Acme\u{7F}"))
        #expect(!SafeText.isPrintableASCII("\tAcme"))
        #expect(!SafeText.isPrintableASCII("Zoë"))
        #expect(SafeText.sanitize("Acme\u{7F}\u{1B}[2J") == "Acme")
        #expect(SafeText.sanitize(String(repeating: "a", count: 40) + "\u{1B}]0;x\u{7}") == String(repeating: "a", count: 40))
    }

    @Test func trimmingTakesEveryKindOfSpaceOffBothEnds() {
        #expect(Rules.trimmed("Acme") == "Acme")
        #expect(Rules.trimmed("  Acme Corp\t") == "Acme Corp")
        #expect(Rules.trimmed("\u{A0}Zoë\u{2003}") == "Zoë")
        #expect(Rules.trimmed("Zoë") == "Zoë")
        #expect(Rules.trimmed("é ") == "é")
        #expect(Rules.trimmed("   ") == "")
        #expect(Rules.trimmed("") == "")
        #expect(Rules.trimmed("x") == "x")
    }

    @Test func colourSequencesAreStripped() {
        #expect(SafeText.sanitize("\u{1B}[31mEvil\u{1B}[0m") == "Evil")
        #expect(SafeText.sanitize("a\u{1B}[38;2;255;0;0mb") == "ab")
        #expect(SafeText.sanitize("\u{1B}[?1049h\u{1B}[2J\u{1B}[Hx") == "x")
    }

    @Test func oscTitleAndHyperlinksAreStripped() {
        #expect(SafeText.sanitize("\u{1B}]0;pwned\u{07}Acme") == "Acme")
        #expect(SafeText.sanitize("\u{1B}]2;title\u{1B}\\Acme") == "Acme")
        #expect(SafeText.sanitize("\u{1B}]8;;http://evil\u{1B}\\click\u{1B}]8;;\u{1B}\\") == "click")
    }

    @Test func unterminatedStringSequenceRunsToTheEnd() {
        #expect(SafeText.sanitize("Acme\u{1B}]0;never ends") == "Acme")
        #expect(SafeText.sanitize("Acme\u{1B}P q#0;2;0;0;0") == "Acme")
    }

    @Test func otherEscapesAndC1AreRemoved() {
        #expect(SafeText.sanitize("\u{1B}(BAcme\u{1B}7") == "Acme")
        #expect(SafeText.sanitize("\u{9B}31mAcme") == "Acme")
        #expect(SafeText.sanitize("A\u{85}B\u{9C}C") == "ABC")
        #expect(SafeText.sanitize("trailing\u{1B}") == "trailing")
    }

    @Test func controlsAreRemovedAndLineBreaksBecomeOneSpace() {
        #expect(SafeText.sanitize("line1\nline2") == "line1 line2")
        #expect(SafeText.sanitize("a\r\nb") == "a b")
        #expect(SafeText.sanitize("a\tb") == "a b")
        #expect(SafeText.sanitize("bell\u{07}back\u{08}del\u{7F}nul\u{0}") == "bellbackdelnul")
    }

    @Test func bidiControlsAreRemoved() {
        #expect(SafeText.sanitize("admin\u{202E}txt.exe") == "admintxt.exe")
        #expect(SafeText.sanitize("\u{2066}a\u{2069}\u{200F}b\u{200E}\u{061C}") == "ab")
    }

    @Test func zeroWidthCharactersAreRemoved() {
        #expect(SafeText.sanitize("ad\u{200B}min\u{FEFF}\u{2060}") == "admin")
        #expect(SafeText.sanitize("a\u{200D}b\u{200C}c") == "abc")
    }

    @Test func normalUnicodeIsKept() {
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(SafeText.sanitize(family) == family)
        #expect(SafeText.sanitize("株式会社 🇯🇵 e\u{301}") == "株式会社 🇯🇵 e\u{301}")
        #expect(SafeText.sanitize("👍🏽 ❤️") == "👍🏽 ❤️")
    }

    @Test func isSafeReportsWhetherSanitisingChangesText() {
        #expect(SafeText.isSafe("Acme"))
        #expect(!SafeText.isSafe("\u{1B}[2J"))
    }
}

@Suite("SafeText: display width")
struct SafeTextWidthTests {
    @Test func asciiIsOneCellEach() {
        #expect(SafeText.width(of: "Acme") == 4)
        #expect(SafeText.width(of: "") == 0)
    }

    @Test func cjkIsTwoCellsEach() {
        #expect(SafeText.width(of: "株式会社") == 8)
        #expect(SafeText.width(of: "トヨタ") == 6)
        #expect(SafeText.width(of: "한국") == 4)
        #expect(SafeText.width(of: "ＡＢ") == 4)
    }

    @Test func emojiAreTwoCells() {
        #expect(SafeText.width(of: "👍") == 2)
        #expect(SafeText.width(of: "👍🏽") == 2)
        #expect(SafeText.width(of: "👨\u{200D}👩\u{200D}👧\u{200D}👦") == 2)
        #expect(SafeText.width(of: "🇯🇵") == 2)
        #expect(SafeText.width(of: "❤️") == 2)
        #expect(SafeText.width(of: "❤") == 1)
    }

    @Test func combiningMarksTakeNoCell() {
        #expect(SafeText.width(of: "e\u{301}") == 1)
        #expect(SafeText.width(of: "Zoe\u{308}") == 3)
        #expect(SafeText.width(of: Character("\u{301}")) == 0)
        #expect(SafeText.width(of: "\u{1B}") == 0)
    }
}

@Suite("SafeText: truncating and padding")
struct SafeTextTruncateTests {
    @Test func shortTextIsUnchanged() {
        #expect(SafeText.truncate("Acme", toWidth: 10) == "Acme")
        #expect(SafeText.truncate("Acme", toWidth: 4) == "Acme")
    }

    @Test func longTextEndsInEllipsis() {
        #expect(SafeText.truncate("Acme Corporation", toWidth: 8) == "Acme Co…")
        #expect(SafeText.truncate("Acme Corporation", toWidth: 8, ellipsis: "...") == "Acme ...")
        #expect(SafeText.truncate("Acme", toWidth: 1) == "…")
        #expect(SafeText.truncate("Acme", toWidth: 0) == "")
    }

    @Test func cjkIsCutAtACharacterBoundary() {
        let name = "株式会社トヨタ自動車"
        let cut = SafeText.truncate(name, toWidth: 9)
        #expect(cut == "株式会社…")
        #expect(SafeText.width(of: cut) == 9)
        // 10 cells: the fifth ideograph would overflow, so its half is padded instead.
        let even = SafeText.truncate(name, toWidth: 10)
        #expect(even == "株式会社… ")
        #expect(SafeText.width(of: even) == 10)
    }

    @Test func neverSplitsAGraphemeOrExceedsTheWidth() {
        let samples = ["👨\u{200D}👩\u{200D}👧 family", "e\u{301}e\u{301}e\u{301}", "🇯🇵🇯🇵🇯🇵", "a株b式c"]
        for sample in samples {
            for width in 0...12 {
                let cut = SafeText.truncate(sample, toWidth: width)
                #expect(SafeText.width(of: cut) <= width, "\(sample) at \(width)")
                var kept = cut.replacing("…", with: "")
                while kept.last == " " { kept.removeLast() }
                #expect(sample.hasPrefix(kept), "\(sample) at \(width) gave \(cut)")
            }
        }
    }

    @Test func padGivesExactWidth() {
        #expect(SafeText.pad("Acme", toWidth: 6) == "Acme  ")
        #expect(SafeText.pad("株式会社トヨタ", toWidth: 7) == "株式会…")
        #expect(SafeText.pad("株式会社トヨタ", toWidth: 8) == "株式会… ")
        for width in 0...12 {
            #expect(SafeText.width(of: SafeText.pad("株式会社トヨタ自動車", toWidth: width)) == width)
        }
    }
}
