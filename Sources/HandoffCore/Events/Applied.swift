/// What a command did: the event as stored, and the lead as it now stands (nil for team
/// events).
public struct Applied: Sendable {
    public var event: Event
    public var lead: Lead?

    public init(event: Event, lead: Lead?) {
        self.event = event
        self.lead = lead
    }
}
