/// How one role is drawn.
public struct RoleStyle: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: Color = .default, background: Color = .default,
        bold: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = RoleStyle()
}

/// A named set of role styles. The only place a colour is chosen; views only name roles.
public struct Theme: Hashable, Sendable {
    public let name: String
    public let description: String
    public let styles: [ThemeRole: RoleStyle]

    public init(name: String, description: String = "", styles: [ThemeRole: RoleStyle]) {
        self.name = name
        self.description = description
        self.styles = styles
    }

    public subscript(role: ThemeRole) -> RoleStyle {
        styles[role] ?? .plain
    }

    /// The role's look with the drawing style's own emphasis added on top.
    public func resolve(_ style: Style) -> RoleStyle {
        var resolved = self[style.role]
        resolved.bold = resolved.bold || style.bold
        resolved.underline = resolved.underline || style.underline
        resolved.reverse = resolved.reverse || style.reverse
        return resolved
    }

    /// False for `mono`: the terminal's colours are left alone entirely.
    public var usesColor: Bool {
        styles.values.contains { $0.foreground != .default || $0.background != .default }
    }
}

extension Theme {
    /// The built-in themes, in the order `--theme` lists them.
    public static let builtinNames = ["default", "light", "high-contrast", "mono"]

    /// The TOML text a built-in theme is made from (identical to `themes/NAME.toml`).
    public static func builtinSource(named name: String) -> String? {
        BuiltinThemeSources.all[name]
    }

    public static func builtin(named name: String) -> Theme? {
        guard let source = builtinSource(named: name) else { return nil }
        let base = name == "default" ? nil : builtinDefault
        return try? ThemeParser.parse(source, file: "<built-in \(name)>", base: base)
    }

    /// Also the base every user theme inherits missing roles from.
    public static let builtinDefault: Theme = {
        let source = BuiltinThemeSources.all["default"] ?? ""
        return (try? ThemeParser.parse(source, file: "<built-in default>", base: nil))
            ?? Theme(name: "default", styles: [:])
    }()

    public static let mono: Theme = builtin(named: "mono") ?? Theme(name: "mono", styles: [:])
}
