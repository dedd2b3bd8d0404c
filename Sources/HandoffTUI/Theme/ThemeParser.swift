import HandoffConfig
import HandoffCore

/// Turns theme TOML into a `Theme`, rejecting anything it does not understand: a typo in a
/// role name would otherwise silently leave that part of the board in the default colours.
enum ThemeParser {
    private static let topLevelKeys = ["name", "description", "roles"]
    private static let roleKeys = ["fg", "bg", "bold", "underline", "reverse"]

    /// `file` is only used in messages. Roles the text leaves out come from `base`.
    static func parse(_ text: String, file: String, base: Theme?) throws(ThemeError) -> Theme {
        let document: TOMLTable
        do {
            document = try TOML.parse(text)
        } catch {
            throw ThemeError(file: file, line: error.line, message: error.message)
        }
        return try parse(document, file: file, base: base)
    }

    /// A document already read by HandoffConfig's TOML reader (with its size and depth limits).
    static func parse(_ document: TOMLTable, file: String, base: Theme?) throws(ThemeError) -> Theme {
        func fail(_ line: Int?, _ message: String) -> ThemeError {
            ThemeError(file: file, line: line, message: message)
        }

        for key in document.keys where !topLevelKeys.contains(key) {
            throw fail(
                document.line(of: key),
                "unknown key '\(Shown.text(key))'\(Suggestion.hint(for: key, in: topLevelKeys)); a theme has name, description and [roles]")
        }
        let name = try string(document, "name", file: file) ?? fileStem(file)
        let description = try string(document, "description", file: file) ?? ""

        var styles = base?.styles ?? [:]
        if let rolesValue = document["roles"] {
            guard case .table(let roles) = rolesValue else {
                throw fail(document.line(of: "roles"), "'roles' must be a table: [roles.card] or [roles]")
            }
            for (key, value) in roles {
                let line = roles.line(of: key)
                guard let role = ThemeRole(fileKey: key) else {
                    let hint = Suggestion.hint(for: key, in: ThemeRole.allCases.map(\.fileKey))
                    throw fail(line, "unknown role '\(Shown.text(key))'\(hint)")
                }
                guard case .table(let attributes) = value else {
                    throw fail(line, "role '\(Shown.text(key))' must be a table, e.g. \(Shown.text(key)) = { fg = \"white\", bold = true }")
                }
                styles[role] = try roleStyle(attributes, role: key, file: file)
            }
        }
        return Theme(name: name, description: description, styles: styles)
    }

    private static func roleStyle(_ table: TOMLTable, role: String, file: String) throws(ThemeError) -> RoleStyle {
        var style = RoleStyle()
        for (key, value) in table {
            let line = table.line(of: key)
            switch key {
            case "fg", "bg":
                let color = try color(value, at: "\(role).\(key)", file: file, line: line)
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "bold", "underline", "reverse":
                guard let flag = value.boolValue else {
                    throw ThemeError(
                        file: file, line: line,
                        message: "\(role).\(key) must be true or false, not \(value.kindDescription)")
                }
                switch key {
                case "bold": style.bold = flag
                case "underline": style.underline = flag
                default: style.reverse = flag
                }
            default:
                throw ThemeError(
                    file: file, line: line,
                    message: "unknown key '\(Shown.text(key))' in role \(role)\(Suggestion.hint(for: key, in: roleKeys)); "
                        + "expected fg, bg, bold, underline or reverse")
            }
        }
        return style
    }

    private static func color(_ value: TOMLValue, at place: String, file: String, line: Int?) throws(ThemeError) -> Color {
        let text: String
        switch value {
        case .string(let string): text = string
        case .integer(let number): text = String(number)
        default:
            throw ThemeError(file: file, line: line, message: "\(place) must be a colour string, not \(value.kindDescription)")
        }
        guard let color = Color(parsing: text) else {
            throw ThemeError(
                file: file, line: line,
                message: "bad colour '\(Shown.text(text))' for \(place); use a name (red, bright-blue), 0–255, #rrggbb or default")
        }
        return color
    }

    private static func string(_ table: TOMLTable, _ key: String, file: String) throws(ThemeError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.stringValue else {
            throw ThemeError(file: file, line: table.line(of: key), message: "'\(key)' must be a string")
        }
        return string
    }

    private static func fileStem(_ file: String) -> String {
        let last = file.split(separator: "/").last.map(String.init) ?? file
        return last.hasSuffix(".toml") ? String(last.dropLast(5)) : last
    }
}
