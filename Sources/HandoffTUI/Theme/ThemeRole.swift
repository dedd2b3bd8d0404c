/// What a piece of the screen is, not what colour it has: views draw with roles, themes
/// decide the colours. Files spell roles in kebab-case (`card-selected`).
public enum ThemeRole: String, CaseIterable, Hashable, Sendable {
    case background
    case title
    case columnHeader
    case columnHeaderFocused
    case columnCount
    case card
    case cardSelected
    case cardMuted
    case owner
    case markerBreach
    case markerWarning
    case markerAging
    case markerRebook
    case markerDispute
    case markerRevisit
    case status
    case statusError
    case statusSuccess
    case statusDim
    case helpKey
    case helpText
    case overlay
    case overlayTitle
    case formLabel
    case formField
    case formFieldFocused
    case formError
    case border
    case borderFocused
    case filter
    case timelineActor
    case timelineTime
    case timelineEvent
    case bar

    /// The spelling used in theme files: `cardSelected` → `card-selected`.
    public var fileKey: String {
        var result = ""
        for character in rawValue {
            if character.isUppercase {
                result += "-" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Accepts the file spelling and the Swift spelling (`card-selected`, `cardSelected`).
    public init?(fileKey: String) {
        guard let role = Self.allCases.first(where: { $0.fileKey == fileKey || $0.rawValue == fileKey }) else {
            return nil
        }
        self = role
    }
}
