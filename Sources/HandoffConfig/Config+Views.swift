import HandoffCore

/// `[views]`: named filters, one per line, in the order the board numbers them.
///
///     [views]
///     standup = "is:breach or is:aging"
///     mine_aging = "owner:maya is:aging"
extension Config {
    /// Keys 1 to 9 open them.
    public static let maxViews = 9
    public static let maxViewNameLength = 32

    static func readViews(_ views: SettingsTable) throws(ConfigError) -> [SavedView] {
        var result: [SavedView] = []
        for (name, value) in views.table {
            let shown = Shown.text(name)
            guard result.count < maxViews else {
                throw views.fail(name, "[views] holds at most \(maxViews) views (keys 1 to 9); '\(shown)' is the \(result.count + 1)th")
            }
            guard !name.isEmpty, name.count <= maxViewNameLength,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == " " }) else {
                throw views.fail(name, "[views] '\(shown)': a view's name is 1 to \(maxViewNameLength) letters, digits, '_', '-' or spaces")
            }
            guard let text = value.stringValue else {
                throw views.fail(name, "[views] \(shown) must be a query in quotes, e.g. \"is:breach or is:aging\", not \(value.kindDescription)")
            }
            let query: FilterQuery
            do {
                query = try FilterQuery.parse(text)
            } catch {
                throw views.fail(name, "[views] \(shown): \(error.message)")
            }
            guard !query.alternatives.isEmpty else { throw views.fail(name, "[views] \(shown) is empty: give it a query") }
            result.append(SavedView(name: name, query: text))
        }
        return result
    }
}

