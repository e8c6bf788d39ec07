import Foundation
@testable import GeoINSPIRE
import GeoCore
import GeoKit
import Testing
import TestSupport

/// The real AED and school layers of ../shared/data exported as INSPIRE GML: schema-valid
/// (xmllint and GeoKit's validator), every feature with a position written, GDAL reads
/// the same count.
@Suite(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
struct RealDataINSPIRETests {
    static let cases: [(file: String, mapping: String, expected: Int, problems: [String: Int])] = [
        ("aed/koeln_aed_register_2017.geojson", """
            profile: aed
            dataset: koeln-aed
            namespace: https://example.org/koeln/aed
            beginLifespanVersion: {field: last_edited}
            contact: {streetAndNumber: {field: address}, postCode: {field: postalcode}, city: {constant: Köln}, hoursOfService: {field: opening_hours}}
            """, 121, [:]),
        ("aed/koeln_aed_register_2017.csv", """
            profile: aed
            dataset: koeln-aed-csv
            namespace: https://example.org/koeln/aed
            localId: {field: id}
            contact: {streetAndNumber: {field: address}, postCode: {field: postalcode}, city: {constant: Köln}}
            """, 121, ["serviceLocation": 24, "localId": 1]),  // 24 rows without coordinates; id 135 twice
        ("aed/koeln_osm_emergency_defibrillator_2017.geojson",
         "profile: aed\ndataset: koeln-osm\nnamespace: https://www.openstreetmap.org/node\n", 22, [:]),
        ("aed/switzerland_osm_emergency_defibrillator_2020.geojson",
         "profile: aed\ndataset: ch-osm\nnamespace: https://www.openstreetmap.org\ncontact: {hoursOfService: {field: opening_hours}}\n", 1550, [:]),
        ("schools/nrw_schulverzeichnis_2024_25_sozialindex_geocoded.csv", """
            profile: school
            dataset: nrw-schulen
            namespace: https://example.org/nrw/schulen
            localId: {field: Schulnummer}
            serviceType: {field: Schulform, upperSecondaryWhen: {field: Amtliche Bezeichnung 3, contains: [Sekundarstufe II, Sekundarstufen I und II, Sekundarstufe I und II]}}
            contact: {streetAndNumber: {field: Straße und Hausnummer}, postCode: {field: Postleitzahl}, city: {field: Ort}, email: {field: Offizielle E-Mail-Adresse}}
            """, 5405, ["serviceLocation": 2]),
    ]

    @Test(arguments: cases.indices)
    func aRealLayerExportsAsValidINSPIRE(index: Int) throws {
        let item = Self.cases[index]
        let source = Paths.shared! + "/data/" + item.file
        var exporter = try INSPIREExporter(mapping: INSPIREMapping(yaml: item.mapping))
        exporter.skipsUnexportable = true
        let folder = try temporaryDirectory()
        let target = folder + "/out.gml"
        let check = try exporter.export(path: source, to: target)
        #expect(check.exportableCount == item.expected, "\(check.reportLines)")
        #expect(check.problemCounts == item.problems, "\(check.reportLines)")
        // Every feature is written or named (one feature can have several problems).
        #expect(check.featureCount == item.expected + Set(check.problems.map(\.featureIndex)).count)

        let own = try SchemaValidator(schemaFolder: Paths.shared! + "/schemas").validate(path: target)
        #expect(own.isValid, "\(own.messages.prefix(5))")
        if let peer = try xmllintValidation(of: target, test: #function) { #expect(peer.valid, "\(peer.messages.prefix(500))") }
        if GDAL.tools(for: #function) != nil {
            #expect(try GDAL.summary(of: target)?.count == item.expected)
        }
    }

    /// jedeschule.de's 33,145 schools of every Land: the check names what cannot be
    /// exported (school types no rule knows, empty types, ids used twice), and with those
    /// left out the rest is valid INSPIRE with unique identifiers.
    @Test func jedeschuleExportsWhatItCanAndNamesTheRest() throws {
        let source = Paths.shared! + "/data/schools/jedeschule_de_all_schools_2017.geojson.gz"
        let mapping = try INSPIREMapping(yaml: """
            profile: school
            dataset: jedeschule
            namespace: https://jedeschule.de/schule
            localId: {field: id}
            serviceType: {field: school_type}
            """)
        var exporter = try INSPIREExporter(mapping: mapping)
        exporter.skipsUnexportable = true
        let target = try temporaryDirectory() + "/jedeschule.gml"
        let check = try exporter.export(path: source, to: target)
        #expect(check.featureCount == 33_145)
        #expect(Set(check.problemCounts.keys).isSubset(of: ["serviceType", "localId"]), "\(check.problemCounts)")
        #expect(check.unmappedValues["Ganztagsschule"] == 162 && check.unmappedValues["Schule für geistig Behinderte"] == nil)
        // 1,689 ids repeat an earlier one; 2,518 types are empty or known to no rule.
        #expect(check.problemCounts == ["localId": 1_689, "serviceType": 2_518] && check.exportableCount == 28_938, "\(check.problemCounts)")
        let gml = try String(contentsOfFile: target, encoding: .utf8)
        let localIDs = gml.components(separatedBy: "<base:localId>").dropFirst().map { $0.prefix { $0 != "<" } }
        #expect(localIDs.count == check.exportableCount && Set(localIDs).count == localIDs.count)
        let own = try SchemaValidator(schemaFolder: Paths.shared! + "/schemas").validate(path: target)
        #expect(own.isValid, "\(own.messages.prefix(5))")
    }
}
