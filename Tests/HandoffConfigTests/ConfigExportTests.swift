import HandoffConfig
import HandoffCore
import Testing

/// `[export.salesforce.status]` / `[export.hubspot.status]`: a team's own picklist values
/// for the write-back files (issue 17 item 4).
@Suite struct ConfigExportTests {
    @Test func aTeamsValuesOverTheDefaults() throws {
        #expect(Config.standard.crmStatuses.isEmpty)
        let config = try Config.parse("""
            [export.salesforce.status]
            sao = "Closed - Converted"
            handed_off = "Working - Contacted"

            [export.hubspot.status]
            queue = "ATTEMPTED_TO_CONTACT"
            """)
        #expect(config.crmStatuses[.salesforce] == [.sao: "Closed - Converted", .handedOff: "Working - Contacted"])
        #expect(config.crmStatuses[.hubspot] == [.queue: "ATTEMPTED_TO_CONTACT"])
        let map = CRMStatusMap.standard(.salesforce).overriding(config.crmStatuses[.salesforce] ?? [:])
        #expect(map.values[.sao] == "Closed - Converted" && map.values[.nurture] == "Nurture" && map.values[.queue] == "Working")
    }

    @Test(arguments: [
        ("[export.salesforce.status]\nsaos = \"X\"\n", "config.toml:2: unknown key 'saos' in [export.salesforce.status] (did you mean sao?)"),
        ("[export.salesforce.status]\nsao = 3\n", "config.toml:2: [export.salesforce.status] sao must be the status in quotes, not an integer"),
        ("[export.hubspot.status]\nsao = \"\"\n", "config.toml:2: [export.hubspot.status] sao must be a status of 1 to 255 printable characters"),
        ("[export.hubspot.status]\nsao = \"A\\u001b[31m\"\n", "[export.hubspot.status] sao must be a status of 1 to 255 printable characters"),
        ("[export.pipedrive.status]\nsao = \"X\"\n", "unknown key 'pipedrive' in [export]"),
        ("[export.salesforce]\nstatuses = 1\n", "unknown key 'statuses' in [export.salesforce] (did you mean status?)"),
    ])
    func mistakesNameTheLine(_ text: String, _ message: String) {
        let error = #expect(throws: ConfigError.self) { try Config.parse(text) }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "")")
    }
}
