import Foundation
@testable import GeoINSPIRE
import GeoCore
import Testing
import TestSupport

/// GeoKit's own validator (libxml2, offline, through the catalog) against the official
/// schemas in ../shared/schemas; xmllint is the peer it must agree with.
@Suite(.enabled(if: Paths.shared != nil, "../shared (with the INSPIRE schemas) is not beside the repository"))
struct SchemaValidatorTests {
    static var validator: SchemaValidator { try! SchemaValidator(schemaFolder: Paths.shared! + "/schemas") }

    func exported() throws -> (folder: String, gml: String) {
        let folder = try temporaryDirectory()
        let target = folder + "/koeln-aed.gml"
        try INSPIREExporter(mapping: INSPIREExportTests.mapping).export(path: INSPIREExportTests.register, to: target)
        return (folder, target)
    }

    @Test func anExportIsValid() throws {
        let (_, gml) = try exported()
        let validation = try Self.validator.validate(path: gml)
        #expect(validation.isValid && validation.messages.isEmpty, "\(validation.messages)")
        #expect(validation.schema.hasSuffix("us-govserv-5.0-wfs.xsd"))
    }

    /// Documents broken on purpose are refused with the schema's message and line, as
    /// xmllint refuses them.
    @Test(arguments: [
        ("no serviceType", #"<us-govserv:serviceType xlink:href="[^"]*" xlink:title="[^"]*"/>"#, "", "Expected is ( {http://inspire.ec.europa.eu/schemas/us-govserv/5.0}serviceType )"),
        ("a gml:id starting with a digit", #"gml:id="GovernmentalService_1""#, #"gml:id="1""#, "is not a valid value of the atomic type 'xs:ID'"),
        ("no localId", #"<base:localId>1</base:localId>"#, "", "Expected is ( {http://inspire.ec.europa.eu/schemas/base/4.0}localId )"),
    ])
    func aBrokenDocumentIsRefusedWithItsLine(what: String, pattern: String, replacement: String, message: String) throws {
        let (folder, gml) = try exported()
        var text = try String(contentsOfFile: gml, encoding: .utf8)
        let range = try #require(text.range(of: pattern, options: .regularExpression))
        let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        text.replaceSubrange(range, with: replacement)
        let broken = folder + "/broken.gml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: broken))

        let validation = try Self.validator.validate(path: broken)
        #expect(!validation.isValid, "\(what) was accepted")
        let hit = validation.messages.first { $0.message.contains(message) }
        #expect(hit != nil, "\(what): \(validation.messages)")
        // The message points at the element or its parent: within a few lines of the change.
        if let reported = hit?.line { #expect(abs(reported - line) <= 6, "\(what): line \(reported), changed \(line)") }
        if let peer = try xmllintValidation(of: broken, test: #function) { #expect(!peer.valid, "xmllint accepted \(what)") }
    }

    @Test func aDocumentNoSchemaCoversIsAnError() throws {
        let folder = try temporaryDirectory()
        let path = folder + "/plain.xml"
        try Data("<a/>".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: INSPIREError.self) { try Self.validator.validate(path: path) }
    }

    @Test func aDocumentThatIsNotXMLIsInvalidWithItsLine() throws {
        let folder = try temporaryDirectory()
        let path = folder + "/cut.gml"
        let (_, gml) = try exported()
        let text = try String(contentsOfFile: gml, encoding: .utf8)
        try Data(text.prefix(4000).utf8).write(to: URL(fileURLWithPath: path))  // cut in the middle
        let validation = try Self.validator.validate(path: path)
        #expect(!validation.isValid && validation.messages.contains { $0.line != nil })
    }
}
