import Foundation
@testable import GeoINSPIRE
import GeoCore
import Testing
import TestSupport

@Suite struct ISOMetadataTests {
    static let description = """
        title: Defibrillatoren in Köln
        abstract: Standorte öffentlich zugänglicher Defibrillatoren (AED) in Köln & Umgebung.
        organisation: Stadt Köln
        email: opendata@example.org
        licence: {name: "Datenlizenz Deutschland – Zero – Version 2.0", url: "https://www.govdata.de/dl-de/zero-2-0"}
        lineage: Aus dem AED-Register der Stadt Köln (2017).
        publicationDate: 2017-06-01
        """

    func record(conformity: Bool?) throws -> (record: ISOMetadataRecord, path: String) {
        let folder = try temporaryDirectory()
        let check = try INSPIREExporter(mapping: INSPIREExportTests.mapping).check(path: INSPIREExportTests.register)
        let extent = try #require(check.extent)
        let record = ISOMetadataRecord(description: try MetadataDescription(yaml: Self.description), mapping: INSPIREExportTests.mapping,
                                       crsCode: "EPSG:4258", extent: extent, conformity: conformity)
        let path = folder + "/koeln-aed.metadata.xml"
        try record.write(toPath: path)
        return (record, path)
    }

    @Test func theRecordCarriesTheDataExtentAndValidates() throws {
        let (record, path) = try record(conformity: true)
        let layer = try GeoJSON.readLayer(atPath: INSPIREExportTests.register)
        let box = try #require(layer.boundingBox)
        #expect(record.extent == BoundingBox4258(west: box.minX, east: box.maxX, south: box.minY, north: box.maxY))
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains("<gco:Decimal>\(box.minX)</gco:Decimal>"))
        #expect(xml.contains("Köln &amp; Umgebung"))
        #expect(xml.contains("<gco:Boolean>true</gco:Boolean>"))
        #expect(xml.contains("http://inspire.ec.europa.eu/theme/us"))
        #expect(xml.contains("<gco:Date>2017-06-01</gco:Date>"))
        if let validation = try xmllintValidation(of: path, entry: "iso19139-gmd-gmx.xsd", test: #function) {
            #expect(validation.valid, "\(validation.messages)")
        }
        if let shared = Paths.shared {
            let own = try SchemaValidator(schemaFolder: shared + "/schemas").validate(path: path)
            #expect(own.isValid && own.schema.hasSuffix("iso19139-gmd-gmx.xsd"), "\(own.messages)")
        }
    }

    @Test func conformityIsStatedOnlyAsFarAsItWasChecked() throws {
        let notEvaluated = try String(contentsOfFile: record(conformity: nil).path, encoding: .utf8)
        #expect(notEvaluated.contains("<gmd:pass gco:nilReason=\"unknown\"/>") && !notEvaluated.contains("gco:Boolean"))
        let failed = try String(contentsOfFile: record(conformity: false).path, encoding: .utf8)
        #expect(failed.contains("<gco:Boolean>false</gco:Boolean>"))
    }

    @Test(arguments: [
        ("title: T\n", 1, 1, "\"abstract\" is missing"),
        (description + "\ntopicCategory: defibrillators\n", 8, 16, "not an ISO 19115 topic category"),
        (description + "\naccessConstraints: none\n", 8, 20, "LimitationsOnPublicAccess"),
        (description + "\nlanguage: Deutsch\n", 8, 11, "ISO 639-2/B"),
        (description.replacingOccurrences(of: "Stadt Köln\n", with: "CHANGE-ME\n"), 3, 15, "still the starter's"),
    ])
    func aBrokenMetadataFileSaysWhereAndWhat(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try MetadataDescription(yaml: text, file: "md.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidMetadata && error.message.contains(message), "\(error)")
            #expect(error.location.line == line && error.location.column == column, "\(error)")
        }
    }
}
