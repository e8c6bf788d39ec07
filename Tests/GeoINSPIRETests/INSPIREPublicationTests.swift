import Foundation
@testable import GeoINSPIRE
import GeoCore
import Testing
import TestSupport

@Suite struct INSPIREPublicationTests {
    @Test func startersAreWrittenOnceAndReadBack() throws {
        let folder = try temporaryDirectory() + "/starter"
        let written = try INSPIREPublication.writeStarters(for: INSPIREExportTests.register, profile: .aed, into: folder)
        #expect(written.files.map { ($0 as NSString).lastPathComponent } == ["mapping.yaml", "metadata.yaml"])
        #expect(written.guessedFields == 4)
        // The starters hold placeholders: reading them says so, with the line.
        #expect(throws: INSPIREError.self) { try INSPIREMapping(contentsOfFile: folder + "/mapping.yaml") }
        #expect(throws: INSPIREError.self) { try MetadataDescription(contentsOfFile: folder + "/metadata.yaml") }
        // A second run does not replace the user's mapping.
        #expect { try INSPIREPublication.writeStarters(for: INSPIREExportTests.register, profile: .aed, into: folder) } throws: { error in
            (error as? INSPIREError)?.code == .alreadyExists
        }
        #expect(try INSPIREPublication.writeStarters(for: INSPIREExportTests.register, profile: .aed, into: folder, overwrite: true).files.count == 2)
    }

    @Test func conformityFollowsTheValidation() throws {
        let description = try MetadataDescription(yaml: ISOMetadataTests.description)
        let exporter = try INSPIREExporter(mapping: INSPIREExportTests.mapping)
        let unchecked = try INSPIREPublication(exporting: INSPIREExportTests.register, with: exporter,
                                               into: try temporaryDirectory(), description: description)
        #expect(unchecked.validations.isEmpty && unchecked.isValid)
        let record = try String(contentsOfFile: try #require(unchecked.metadataPath), encoding: .utf8)
        #expect(record.contains("gco:nilReason=\"unknown\""))
        guard let shared = Paths.shared else {
            print("SKIPPED the validated publication: ../shared (with the INSPIRE schemas) is not beside the repository")
            return
        }
        let checked = try INSPIREPublication(exporting: INSPIREExportTests.register, with: exporter, into: try temporaryDirectory(),
                                             description: description, validator: try SchemaValidator(schemaFolder: shared + "/schemas"))
        #expect(checked.validations.count == 2 && checked.isValid)
        #expect(try String(contentsOfFile: checked.metadataPath!, encoding: .utf8).contains("<gco:Boolean>true</gco:Boolean>"))
    }
}
