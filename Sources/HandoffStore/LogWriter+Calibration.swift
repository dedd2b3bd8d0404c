import Foundation
import HandoffCore

extension LogWriter {
    /// A calibration score is judged against the SQL definition its lead was handed off
    /// under: when that is not the current version, the rules get it from the store.
    static func addCalibrationDefinition(to context: inout RuleContext, for command: Command, lead: Lead?,
                                         _ session: some LogSession) throws {
        guard case .scoreCalibration = command, let version = lead?.calibration?.definitionVersion,
              version != context.definition.version, context.definitions[version] == nil,
              let definition = try session.definition(version: version) else { return }
        context.definitions[version] = definition
    }
}
