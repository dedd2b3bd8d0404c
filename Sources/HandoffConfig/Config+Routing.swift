import HandoffCore

/// `[routing]`: how the book form and `handoff book` propose an AE.
///
///     [routing]
///     mode = "strict"        # or "flexible" (the default): the SDR may pick another AE
///     weekly_cap = 8         # bookings an AE takes a week; 0 or none: no cap
///     weights.alex = 2       # alex is proposed twice as often (default 1)
///     caps.jordan = 4        # jordan's own cap, instead of weekly_cap
extension Config {
    public static let routingKeys = ["mode", "weekly_cap", "weights", "caps"]

    static func readRouting(_ routing: SettingsTable) throws(ConfigError) -> RoutingSettings {
        try routing.refuseUnknownKeys(routingKeys, what: "expected mode, weekly_cap, weights.NAME and caps.NAME")
        var settings = RoutingSettings()
        if let value = routing.table["mode"] {
            let modes = RoutingSettings.Mode.allCases.map(\.rawValue)
            guard let word = value.stringValue else {
                throw routing.fail("mode", "[routing] mode must be \"strict\" or \"flexible\", not \(value.kindDescription)")
            }
            guard let mode = RoutingSettings.Mode(rawValue: word.lowercased()) else {
                throw routing.fail("mode", "[routing] mode = \"\(Shown.text(word))\"\(Suggestion.hint(for: word.lowercased(), in: modes)): "
                                    + "the choices are \"strict\" and \"flexible\"")
            }
            settings.mode = mode
        }
        if routing.table["weekly_cap"] != nil {
            settings.weeklyCap = try cap(routing, "weekly_cap", shown: "weekly_cap")
        }
        if let weights = try routing.table("weights", example: "weights.alex = 2") {
            for (name, value) in weights.table {
                try checkName(name, in: weights, key: "weights")
                guard let weight = value.doubleValue, weight > 0, weight <= RoutingSettings.maxWeight else {
                    let found = value.doubleValue.map { "\($0)" } ?? value.kindDescription
                    throw weights.fail(name, "[routing] weights.\(Shown.text(name)) must be a number above 0 and at most 100, not \(found)")
                }
                settings.weights[name] = weight
            }
        }
        if let caps = try routing.table("caps", example: "caps.jordan = 4") {
            for (name, _) in caps.table {
                try checkName(name, in: caps, key: "caps")
                settings.caps[name] = try cap(caps, name, shown: "caps.\(Shown.text(name))") ?? Int.max
            }
        }
        return settings
    }

    /// A weekly cap: a whole number from 0 (no cap) to 10,000.
    private static func cap(_ table: SettingsTable, _ key: String, shown: String) throws(ConfigError) -> Int? {
        let value = table.table[key]
        guard let count = value?.intValue, (0...RoutingSettings.maxCap).contains(count) else {
            let found = value?.intValue.map(String.init) ?? value?.kindDescription ?? "nothing"
            throw table.fail(key, "[routing] \(shown) must be a whole number of bookings a week from 0 (no cap) to \(RoutingSettings.maxCap), not \(found)")
        }
        return count == 0 ? nil : count
    }

    private static func checkName(_ name: String, in table: SettingsTable, key: String) throws(ConfigError) {
        guard !name.isEmpty, name.count <= 64, !name.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true }) else {
            throw table.fail(name, "[routing] \(key): '\(Shown.text(name))' is not a member's name")
        }
    }
}
