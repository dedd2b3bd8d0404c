import HandoffCore

/// `[no_show]`: the no-show policy (`RulePolicy`).
///
///     [no_show]
///     limit = 2     # no-shows on one lead before booking it again is refused; 0: no limit
///
/// Without the table or the key the limit is 2. A no-show or a cancellation always takes
/// a reason code.
extension Config {
    public static let noShowKeys = ["limit"]
    public static let noShowLimitRange: ClosedRange<Int> = 0...100

    static func readNoShow(_ table: SettingsTable) throws(ConfigError) -> RulePolicy {
        try table.refuseUnknownKeys(noShowKeys, what: "expected limit")
        var policy = RulePolicy.standard
        if let value = table.table["limit"] {
            guard let limit = value.intValue, noShowLimitRange.contains(limit) else {
                let found = value.intValue.map(String.init) ?? value.kindDescription
                throw table.fail("limit", "[no_show] limit must be a whole number of no-shows from 0 (no limit) to \(noShowLimitRange.upperBound), not \(found)")
            }
            policy = RulePolicy(noShowLimit: limit, outcomeReasonRequired: true)
        }
        return policy
    }
}
