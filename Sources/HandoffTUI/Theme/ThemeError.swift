/// A theme that cannot be used, with the file and line to fix:
/// `themes/foo.toml:12: unknown role 'card-selectd' (did you mean card-selected?)`.
public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as the person would type it; nil when no file is involved.
    public let file: String?
    public let line: Int?
    public let message: String

    public init(file: String?, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (file, line) {
        case let (file?, line?) where line > 0: "\(file):\(line): \(message)"
        case let (file?, _): "\(file): \(message)"
        default: message
        }
    }
}
