/// What an import does with a lead given its CRM status (Lead Status, Lifecycle Stage):
/// the standard map in the store's importer and a team's `[import.status]` settings both
/// speak in these words.
public enum CRMStatusAction: String, Sendable, Equatable, CaseIterable {
    /// Into the SDR queue.
    case queue
    /// Into Nurture: the CRM says the timing is wrong.
    case nurture
    /// Not imported: already converted, or not qualified. Counted in the summary.
    case skip
}
