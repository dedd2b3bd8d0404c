/// A named filter (config.toml's `[views]`): its name, and the query `/` would take.
/// The board opens the first nine on keys 1 to 9, in the order the file gives them.
public struct SavedView: Sendable, Equatable {
    public var name: String
    public var query: String

    public init(name: String, query: String) {
        self.name = name
        self.query = query
    }
}
