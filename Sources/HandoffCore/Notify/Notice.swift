import Foundation

/// Something that landed for one member: a meeting handed to them, their lead returned, a
/// dispute to rule on… Derived from the log (and the clock, for the SLA ladder's warnings
/// and breaches), never logged itself.
public struct Notice: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A meeting booked with me as its AE.
        case handedToYou
        /// A meeting moved to me from another AE.
        case reassignedToYou
        /// My lead (I am its SDR) came back from the AE.
        case returned
        /// A return disputed: mine to rule on (team lead), or my return (AE), or my lead's (SDR).
        case disputed
        /// The dispute on my lead or my return was ruled on.
        case ruled
        /// The meeting of my lead (or with me) was logged: held, no-show, rescheduled, canceled.
        case outcome
        /// The SLA ladder warns, or the clock ran out, on a card of mine.
        case slaWarning
        case slaBreach
    }

    public var kind: Kind
    public var lead: LeadID
    /// Who made it happen; nil for a clock's warning or breach.
    public var by: String?
    /// When it happened: the event's time, or the moment the clock crossed its mark.
    public var at: Date
    /// The event behind it; 0 for one derived from the clock alone.
    public var seq: Int64
    /// One line, as the status line and the list say it: `L-7 handed to you by sam`. Built
    /// from stored text (the company, names), so shown only through `SafeText`.
    public var text: String

    public init(kind: Kind, lead: LeadID, by: String?, at: Date, seq: Int64, text: String) {
        self.kind = kind
        self.lead = lead
        self.by = by
        self.at = at
        self.seq = seq
        self.text = text
    }

    /// Newer first: by time, then by the log's order.
    public static func newerFirst(_ a: Notice, _ b: Notice) -> Bool {
        a.at != b.at ? a.at > b.at : a.seq > b.seq
    }
}

/// What the member last looked at (`n` on the board): the newest event they were shown, and
/// when. Events after `seq`, and clock notices after `at`, are new to them.
public struct SeenMark: Sendable, Equatable {
    public var seq: Int64
    public var at: Date

    public init(seq: Int64, at: Date) {
        self.seq = seq
        self.at = at
    }
}

/// What a read of the log found for one member (`BoardStore.notices(for:after:)`).
public struct NoticeRead: Sendable, Equatable {
    /// Newest first, at most `NoticeFeed.cap`.
    public var notices: [Notice]
    /// The newest event read: the next read starts after it.
    public var through: Int64

    /// The most events read for one member at once.
    public static let window: Int64 = 20_000

    public init(notices: [Notice], through: Int64) {
        self.notices = notices
        self.through = through
    }
}
