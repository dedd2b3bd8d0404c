import HandoffCore
import Synchronization

/// The no-show policy (`RulePolicy`) a store holds new commands to: config.toml's
/// `[no_show]`, set by the command line and the board when they open the store (and again
/// when the board reloads its settings). A store opened without it holds commands to
/// `.replay`, what a replayed log is held to.
public final class PolicySetting: Sendable {
    private let value = Mutex<RulePolicy>(.replay)

    public init() {}

    public var current: RulePolicy { value.withLock { $0 } }

    public func set(_ policy: RulePolicy) { value.withLock { $0 = policy } }
}

extension BoardStore {
    /// The policy new commands are decided under.
    public var policy: RulePolicy {
        get { policySetting.current }
        set { policySetting.set(newValue) }
    }
}
