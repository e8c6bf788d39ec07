@testable import GeoINSPIRE
import GeoCore
import Testing

@Suite struct INSPIREMappingTests {
    static let aed = """
        profile: aed
        dataset: koeln-aed
        namespace: https://example.org/koeln/aed
        localId: {featureId: true}
        beginLifespanVersion: {field: last_edited}
        contact:
          streetAndNumber: {field: address}
          postCode: {field: postalcode}
          city: {constant: Köln}
        """

    @Test func readsEveryPartOfAMapping() throws {
        let mapping = try INSPIREMapping(yaml: Self.aed)
        #expect(mapping.profile == .aed && mapping.dataset == "koeln-aed" && mapping.namespace == "https://example.org/koeln/aed")
        #expect(mapping.localID == .featureID && mapping.beginLifespanVersion == .field("last_edited"))
        #expect(mapping.contact.streetAndNumber == .field("address") && mapping.contact.city == .constant("Köln"))
        #expect(Set(mapping.fieldNames) == ["last_edited", "address", "postalcode"])
    }

    @Test func jsonIsAMappingToo() throws {
        let mapping = try INSPIREMapping(yaml: #"{"profile": "generic", "dataset": "x", "namespace": "n", "serviceType": {"constant": "primaryEducation"}}"#)
        #expect(mapping.serviceType.source == .constant("primaryEducation"))
    }

    /// Each broken mapping is refused with the line and column of what is wrong.
    @Test(arguments: [
        ("profile: aed\ndataset: x\nnamespace: n\nlocalID: {field: id}\n", 4, 1, "unknown key \"localID\""),
        ("profile: aed\ndataset: x\n", 1, 1, "\"namespace\" is missing"),
        ("profile: museum\ndataset: x\nnamespace: n\n", 1, 10, "unknown profile \"museum\""),
        ("profile: aed\ndataset: x\nnamespace: https://example.org/CHANGE-ME/aed\n", 3, 12, "still the starter's CHANGE-ME"),
        ("profile: aed\ndataset: x\nnamespace: n\nserviceType: {constant: school}\n", 4, 14, "the aed profile fixes it"),
        ("profile: school\ndataset: x\nnamespace: n\n", 1, 1, "needs serviceType"),
        ("profile: aed\ndataset: \"a/b\"\nnamespace: n\n", 2, 10, "dataset \"a/b\""),
        ("profile: aed\ndataset: x\nnamespace: n\nlocalId: {field: a, constant: b}\n", 4, 10, "exactly one of"),
        ("profile: aed\ndataset: x\nnamespace: n\ncontact: {city: Köln}\n", 4, 17, "expected a mapping"),
        ("profile: aed\ndataset: [x\nnamespace: n\n", 3, 10, "not valid YAML"),
    ])
    func aBrokenMappingSaysWhereAndWhat(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try INSPIREMapping(yaml: text, file: "m.yaml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == .invalidMapping)
            #expect(error.location.file == "m.yaml")
            #expect(error.location.line == line && error.location.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func schoolTypesFollowTheDocumentedRules() {
        #expect(SchoolTypes.serviceType(of: "Grundschule") == "primaryEducation")
        #expect(SchoolTypes.serviceType(of: "Förderschule Grund-/Hauptschule") == "educationNotElsewhereClassified")
        #expect(SchoolTypes.serviceType(of: "Gymnasium") == "lowerSecondaryEducation")
        #expect(SchoolTypes.serviceType(of: "Gymnasium", hasUpperStage: true) == "upperSecondaryEducation")
        #expect(SchoolTypes.serviceType(of: "Berufskolleg") == "upperSecondaryEducation")
        #expect(SchoolTypes.serviceType(of: "Weiterbildungskolleg") == "postSecondaryNonTertiaryEducation")
        #expect(SchoolTypes.serviceType(of: "Schulkindergarten") == "earlyChildhoodEducation")
        #expect(SchoolTypes.serviceType(of: "Schule für geistig Behinderte") == "educationNotElsewhereClassified")
        #expect(SchoolTypes.serviceType(of: "FöZ mit dem SP Lernen") == "educationNotElsewhereClassified")
        #expect(SchoolTypes.serviceType(of: "Hochschule") == nil)
        #expect(SchoolTypes.serviceType(of: "Volkshochschule") == nil)
    }

    @Test func streetAndNumberSplitBeforeTheNumber() {
        #expect(INSPIREMapping.split(streetAndNumber: "Mailänder Passage 51") == ("Mailänder Passage", "51"))
        #expect(INSPIREMapping.split(streetAndNumber: "Straße des 17. Juni 135") == ("Straße des 17. Juni", "135"))
        #expect(INSPIREMapping.split(streetAndNumber: "Am Markt 3 a") == ("Am Markt", "3 a"))
        #expect(INSPIREMapping.split(streetAndNumber: "Marktplatz") == ("Marktplatz", nil))
        #expect(INSPIREMapping.split(streetAndNumber: "7 Gebirge") == ("7 Gebirge", nil))
    }

    @Test func datesBecomeXMLDateTimes() {
        #expect(INSPIREMapping.xmlDateTime("2014-01-20") == "2014-01-20T00:00:00")
        #expect(INSPIREMapping.xmlDateTime("2014-01-20 10:15") == "2014-01-20T10:15:00")
        #expect(INSPIREMapping.xmlDateTime("2014-01-20T10:15:30+01:00") == "2014-01-20T10:15:30+01:00")
        #expect(INSPIREMapping.xmlDateTime("2023-02-30") == nil)
        #expect(INSPIREMapping.xmlDateTime("20.01.2014") == nil)
    }

    @Test func aStarterReadsBackAsTheSameMapping() throws {
        var (mapping, guesses) = INSPIREMapping.starter(profile: .school, fieldNames: ["Schulnummer", "Schulform", "Straße und Hausnummer", "PLZ", "Ort"], dataset: "nrw schools")
        #expect(mapping.dataset == "nrw-schools")
        #expect(guesses["serviceType"] == "Schulform" && guesses["localId"] == "Schulnummer" && guesses["city"] == "Ort")
        #expect(throws: INSPIREError.self) { try INSPIREMapping(yaml: mapping.yaml(guesses: guesses)) }  // the namespace is a placeholder
        mapping.namespace = "https://example.org/nrw/schulen"
        #expect(try INSPIREMapping(yaml: mapping.yaml(guesses: guesses)) == mapping)
    }
}
