import Foundation
import Testing
import HandoffConfig
@testable import HandoffTUI

/// A scratch folder that is removed when the test ends.
private final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}

private let repositoryThemes = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

private func themeError(_ body: () throws -> Theme) -> ThemeError? {
    do {
        _ = try body()
        return nil
    } catch let error as ThemeError {
        return error
    } catch {
        return nil
    }
}

@Suite("Themes")
struct ThemeTests {
    @Test(arguments: Theme.builtinNames)
    func builtInThemeLoadsAndDefinesEveryRole(name: String) throws {
        let source = try #require(Theme.builtinSource(named: name))
        let theme = try ThemeParser.parse(source, file: "\(name).toml", base: nil)
        #expect(theme.name == name)
        #expect(!theme.description.isEmpty)
        let missing = ThemeRole.allCases.filter { theme.styles[$0] == nil }
        #expect(missing.isEmpty, "\(name) leaves out \(missing.map(\.fileKey))")
        #expect(Theme.builtin(named: name) == theme)
    }

    @Test(arguments: Theme.builtinNames)
    func themeFileEqualsTheEmbeddedCopy(name: String) throws {
        let file = repositoryThemes.appendingPathComponent("\(name).toml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == Theme.builtinSource(named: name), "themes/\(name).toml and BuiltinThemeSources differ")
    }

    @Test func monoUsesNoColour() throws {
        let mono = try #require(Theme.builtin(named: "mono"))
        #expect(!mono.usesColor)
        #expect(mono[.cardSelected].reverse)
        #expect(Theme.builtinDefault.usesColor)
    }

    @Test func noColorPicksMonoWhateverElseIsAsked() throws {
        let theme = try Theme.resolve(
            requested: "high-contrast", configured: "light", environment: ["NO_COLOR": "1"], searchPaths: [])
        #expect(theme.name == "mono")
        // An empty NO_COLOR does not count.
        let coloured = try Theme.resolve(
            requested: "high-contrast", configured: "light", environment: ["NO_COLOR": ""], searchPaths: [])
        #expect(coloured.name == "high-contrast")
    }

    @Test func precedenceIsFlagThenConfigThenDefault() throws {
        let folder = try TemporaryFolder()
        let config = try Config.load(file: try folder.write("config.toml", "# mine\ntheme = \"light\"\n"))
        #expect(try Theme.resolve(requested: "mono", configured: config.theme, environment: [:], searchPaths: []).name == "mono")
        #expect(try Theme.resolve(requested: nil, configured: config.theme, environment: [:], searchPaths: []).name == "light")
        let none = try Config.load(file: folder.url.appendingPathComponent("absent.toml"))
        #expect(try Theme.resolve(requested: nil, configured: none.theme, environment: [:], searchPaths: []).name == "default")
    }

    @Test func configDefaultsToXDGConfigHome() throws {
        let folder = try TemporaryFolder()
        try folder.write("handoff/config.toml", "theme = \"high-contrast\"\n")
        let config = try Config.load(environment: ["XDG_CONFIG_HOME": folder.url.path])
        let theme = try Theme.resolve(
            requested: nil, configured: config.theme, environment: ["XDG_CONFIG_HOME": folder.url.path], searchPaths: [])
        #expect(theme.name == "high-contrast")
        #expect(Theme.defaultSearchPaths(environment: ["XDG_CONFIG_HOME": folder.url.path]).first
            == folder.url.appendingPathComponent("handoff/themes"))
    }

    @Test func projectThemesAreFoundFromInsideTheCheckout() {
        let sources = repositoryThemes.deletingLastPathComponent().appendingPathComponent("Sources/HandoffTUI")
        #expect(Theme.projectThemesFolder(above: sources)?.standardizedFileURL == repositoryThemes.standardizedFileURL)
        #expect(Theme.projectThemesFolder(above: URL(fileURLWithPath: "/")) == nil)
    }

    @Test func userThemesComeFirstAndInheritMissingRoles() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "themes/solar.toml",
            """
            name = "solar"
            [roles.card-selected]
            fg = "#000000"
            bg = "yellow"
            bold = true
            [roles.markerBreach]
            fg = 196
            """)
        let theme = try Theme.load(name: "solar", searchPaths: [folder.url.appendingPathComponent("themes")])
        #expect(theme[.cardSelected] == RoleStyle(foreground: .rgb(red: 0, green: 0, blue: 0), background: .named(.yellow), bold: true))
        #expect(theme[.markerBreach].foreground == .indexed(196))
        #expect(theme[.card] == Theme.builtinDefault[.card])
    }

    @Test func unknownRoleNamesFileAndLineWithASuggestion() throws {
        let folder = try TemporaryFolder()
        let text = (1...11).map { _ in "# filler" }.joined(separator: "\n") + "\n[roles.card-selectd]\nfg = \"red\"\n"
        let file = try folder.write("themes/foo.toml", text)
        let error = try #require(themeError { try Theme.load(file: file) })
        #expect(error.line == 12)
        #expect(error.description.hasSuffix("foo.toml:12: unknown role 'card-selectd' (did you mean card-selected?)"))
    }

    @Test func badColourNamesFileAndLine() throws {
        let source = "name = \"x\"\n[roles]\ncard = { fg = \"white\" }\nowner = { fg = \"#12345\" }\n"
        let error = try #require(themeError { try ThemeParser.parse(source, file: "themes/x.toml", base: nil) })
        #expect(error.description.hasPrefix("themes/x.toml:4: bad colour '#12345' for owner.fg"))
        let unknownKey = try #require(themeError {
            try ThemeParser.parse("[roles.card]\nfg = \"red\"\ncolour = \"blue\"\n", file: "t.toml", base: nil)
        })
        #expect(unknownKey.description.hasPrefix("t.toml:3: unknown key 'colour' in role card"))
        let notBool = try #require(themeError {
            try ThemeParser.parse("[roles.card]\nbold = \"yes\"\n", file: "t.toml", base: nil)
        })
        #expect(notBool.line == 2)
        let syntax = try #require(themeError { try ThemeParser.parse("name \"x\"\n", file: "t.toml", base: nil) })
        #expect(syntax.description == "t.toml:1: expected '=' after key")
        let topLevel = try #require(themeError { try ThemeParser.parse("nmae = \"x\"\n", file: "t.toml", base: nil) })
        #expect(topLevel.description.hasPrefix("t.toml:1: unknown key 'nmae' (did you mean name?)"))
    }

    @Test func unknownThemeListsWhatExists() throws {
        let error = try #require(themeError { try Theme.load(name: "defualt", searchPaths: []) })
        #expect(error.description.contains("unknown theme 'defualt'"))
        #expect(error.description.contains("did you mean default?"))
        #expect(error.description.contains("high-contrast"))
    }

    @Test func rolesUseKebabCaseInFiles() {
        #expect(ThemeRole.cardSelected.fileKey == "card-selected")
        #expect(ThemeRole(fileKey: "marker-breach") == .markerBreach)
        #expect(ThemeRole(fileKey: "markerBreach") == .markerBreach)
        #expect(ThemeRole(fileKey: "card-selectd") == nil)
    }

    @Test func styleFlagsAddToTheRole() {
        let theme = Theme.builtinDefault
        let resolved = theme.resolve(Style(.card, underline: true))
        #expect(resolved.underline)
        #expect(resolved.foreground == theme[.card].foreground)
    }
}

@Suite("Colours")
struct ColorTests {
    @Test func parsing() {
        #expect(Color(parsing: "default") == .default)
        #expect(Color(parsing: "Bright-Blue") == .named(.brightBlue))
        #expect(Color(parsing: "bright_red") == .named(.brightRed))
        #expect(Color(parsing: "208") == .indexed(208))
        #expect(Color(parsing: "#005f87") == .rgb(red: 0, green: 0x5F, blue: 0x87))
        #expect(Color(parsing: "256") == nil)
        #expect(Color(parsing: "#12345") == nil)
        #expect(Color(parsing: "purple") == nil)
        #expect(Color(parsing: "#005f87")?.description == "#005f87")
    }

    @Test func mappedDownToWhatTheTerminalHas() {
        let teal = Color.rgb(red: 0, green: 0x5F, blue: 0x87)
        #expect(teal.paletteIndex(colorCount: 256) == 24)
        #expect(Color.rgb(red: 0x30, green: 0x30, blue: 0x30).paletteIndex(colorCount: 256) == 236)
        #expect(Color.rgb(red: 255, green: 0, blue: 0).paletteIndex(colorCount: 8) == 1)
        #expect(Color.rgb(red: 250, green: 250, blue: 250).paletteIndex(colorCount: 8) == 7)
        #expect(Color.rgb(red: 250, green: 250, blue: 250).paletteIndex(colorCount: 16) == 15)
        #expect(Color.named(.brightRed).paletteIndex(colorCount: 8) == 1)
        #expect(Color.named(.brightRed).paletteIndex(colorCount: 256) == 9)
        #expect(Color.indexed(196).paletteIndex(colorCount: 8) == 1)
        #expect(Color.default.paletteIndex(colorCount: 256) == nil)
        #expect(Color.named(.red).paletteIndex(colorCount: 0) == nil)
        #expect(teal.paletteIndex(colorCount: 0x1000000) == 0x005F87)
    }
}
