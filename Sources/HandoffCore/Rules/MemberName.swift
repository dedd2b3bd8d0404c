import Foundation

/// Team members' names as people read them: one spelling per person, and no two members
/// a reader could mistake for each other.
public enum MemberName {
    /// The longest name: a name is a short handle on the board, not a sentence.
    public static let maxLength = 40

    /// NFC, without leading or trailing whitespace of any kind (a no-break space included).
    public static func normalized(_ raw: String) -> String {
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last]).precomposedStringWithCanonicalMapping
    }

    /// The name normalised, or why it cannot be a member's name: empty, too long, with
    /// whitespace or a comma inside, or with control, format or bidi characters (which
    /// hide text or reorder it on screen).
    public static func validated(_ raw: String) throws(RuleError) -> String {
        let name = normalized(raw)
        guard !name.isEmpty else { throw .invalid("a team member needs a name") }
        // Shown without what it hides: the message is printed.
        var visible = String.UnicodeScalarView()
        visible.append(contentsOf: name.unicodeScalars.filter { !isHidden($0) })
        let shown = SafeText.sanitize(String(visible))
        if let hidden = name.unicodeScalars.first(where: isHidden) {
            let code = "U+" + String(hidden.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw .invalid("team member names may not contain control, format or bidi characters (\(code)): '\(shown)'")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0 == "," }) else {
            throw .invalid("team member names are one word without spaces or commas, like the login name: '\(shown)'")
        }
        guard name.count <= maxLength else {
            throw .invalid("team member names are at most \(maxLength) characters: '\(shown)'")
        }
        return name
    }

    /// The member a new name could be taken for: the same name in another case, or one
    /// whose UTS #39 confusable skeleton is the same ("mаya" with a Cyrillic а looks like "maya").
    public static func lookalike(of name: String, among roster: some Sequence<Member>) -> Member? {
        let folded = name.lowercased()
        let skeletons = [Confusables.skeleton(name), Confusables.skeleton(folded)]
        for member in roster where member.name != name {
            if member.name.lowercased() == folded { return member }
            let theirs = [Confusables.skeleton(member.name), Confusables.skeleton(member.name.lowercased())]
            if theirs.contains(where: skeletons.contains) { return member }
        }
        return nil
    }

    /// Control (Cc), format (Cf: bidi controls, zero-width characters, the BOM), private-use,
    /// surrogate and unassigned code points.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned: true
        default: scalar.properties.isBidiControl || scalar.properties.isDefaultIgnorableCodePoint
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
