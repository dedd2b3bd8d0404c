import HandoffStore

extension SQLiteStore {
    /// A file's writers are operating-system accounts: this process's is the one that acts.
    public func account() throws -> String { OSAccount.current() }
}
