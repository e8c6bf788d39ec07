import Foundation
@testable import GeoINSPIRE
import GeoCore
import GeoKit
import Testing
import TestSupport

/// Schema validation with xmllint and the official schemas in ../shared/schemas, or nil
/// (with the reason printed) when either is missing.
func xmllintValidation(of path: String, entry: String = "us-govserv-5.0-wfs.xsd", test: String) throws -> (valid: Bool, messages: String)? {
    guard let shared = Paths.shared else {
        print("SKIPPED schema validation in \(test): ../shared (with the INSPIRE schemas) is not beside the repository")
        return nil
    }
    guard let xmllint = which("xmllint") else {
        print("SKIPPED schema validation in \(test): xmllint (Debian libxml2-utils) is not installed; `make test` installs it")
        return nil
    }
    let result = try run("/usr/bin/env", ["XML_CATALOG_FILES=\(shared)/schemas/catalog.xml", xmllint, "--nonet", "--noout",
                                          "--schema", "\(shared)/schemas/validation/\(entry)", path])
    let messages = result.stderr.split(separator: "\n").filter { !$0.contains("Skipping import") }.joined(separator: "\n")
    return (result.status == 0, messages)
}

/// The `gml:pos` values of a document, in order.
func positions(in gml: String) -> [(Double, Double)] {
    gml.components(separatedBy: "<gml:pos>").dropFirst().map { part in
        let numbers = part.prefix { $0 != "<" }.split(separator: " ").compactMap { Double($0) }
        return (numbers[0], numbers[1])
    }
}

@Suite struct INSPIREExportTests {
    static let register = Paths.fixture("aed/koeln_aed_register.geojson")
    static let mapping = try! INSPIREMapping(yaml: INSPIREMappingTests.aed + "\n  hoursOfService: {field: opening_hours}\n")

    @Test func theKölnRegisterBecomesSchemaValidINSPIREGML() throws {
        let folder = try temporaryDirectory()
        let target = folder + "/koeln-aed.gml"
        let check = try INSPIREExporter(mapping: Self.mapping).export(path: Self.register, to: target)
        #expect(check.featureCount == 121 && check.exportableCount == 121 && check.isExportable)
        let gml = try String(contentsOfFile: target, encoding: .utf8)
        #expect(gml.contains("numberMatched=\"121\" numberReturned=\"121\""))
        #expect(gml.components(separatedBy: "<wfs:member>").count - 1 == 121)
        #expect(gml.contains("<base:localId>1</base:localId><base:namespace>https://example.org/koeln/aed</base:namespace>"))
        #expect(gml.contains("<ad:locatorDesignator>51</ad:locatorDesignator>"))
        #expect(gml.contains("ServiceTypeValue/standaloneFirstAidEquipment"))
        // xsi:schemaLocation names a schema for every namespace declared but xsi's own.
        let header = String(gml.components(separatedBy: "<wfs:FeatureCollection")[1].prefix { $0 != ">" })
        let declared = header.components(separatedBy: "xmlns:").dropFirst().compactMap { $0.split(separator: "\"").dropFirst().first }
        let located = header.components(separatedBy: "xsi:schemaLocation=\"").last!.prefix { $0 != "\"" }.split(separator: " ")
        #expect(declared.count == 10 && Set(declared.filter { $0 != "http://www.w3.org/2001/XMLSchema-instance" }) == Set(stride(from: 0, to: located.count, by: 2).map { located[$0] }))
        // Every gml:id is unique.
        let ids = gml.components(separatedBy: "gml:id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(ids.count == 242 && Set(ids).count == 242)
        // EPSG:4258 latitude first, each the source's own number.
        let source = try GeoJSON.readLayer(atPath: Self.register)
        let written = positions(in: gml)
        for (feature, pos) in zip(source.features, written) {
            guard case .point(let p) = feature.geometry else { Issue.record("not a point"); continue }
            #expect(pos.0 == p.y && pos.1 == p.x)
        }
        if let validation = try xmllintValidation(of: target, test: #function) {
            #expect(validation.valid, "\(validation.messages)")
        }
        if GDAL.tools(for: #function) != nil {
            let summary = try GDAL.summary(of: target)
            #expect(summary?.count == 121)
        }
    }

    @Test func projectedOutputIsEastingFirst() throws {
        let folder = try temporaryDirectory()
        let target = folder + "/a.gml"
        try INSPIREExporter(mapping: Self.mapping, crs: "EPSG:25832").export(path: Self.register, to: target)
        let gml = try String(contentsOfFile: target, encoding: .utf8)
        #expect(gml.contains("srsName=\"http://www.opengis.net/def/crs/EPSG/0/25832\""))
        let written = positions(in: gml)
        #expect(written.count == 121)
        #expect(written.allSatisfy { (300_000...400_000).contains($0.0) && (5_600_000...5_700_000).contains($0.1) })
        if let validation = try xmllintValidation(of: target, test: #function) { #expect(validation.valid, "\(validation.messages)") }
    }

    /// A GeoJSON file's legacy `crs` member is only known once its features are read: the
    /// export must use it, not RFC 7946's longitude/latitude.
    @Test func aProjectedGeoJSONIsReadInItsOwnCRS() throws {
        let folder = try temporaryDirectory()
        let input = folder + "/utm.geojson"
        try Data("""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[
            {"type":"Feature","id":1,"properties":{},"geometry":{"type":"Point","coordinates":[356000.5,5645000.25]}},
            {"type":"Feature","id":2,"properties":{},"geometry":{"type":"Point","coordinates":[360000,5650000]}}]}
            """.utf8).write(to: URL(fileURLWithPath: input))
        let mapping = try INSPIREMapping(yaml: "profile: aed\ndataset: utm\nnamespace: n\n")
        let target = folder + "/utm.gml"
        let check = try INSPIREExporter(mapping: mapping).export(path: input, to: target)
        #expect(check.exportableCount == 2 && !check.warnings.contains { $0.contains("names no CRS") })
        let toETRS89 = try Transformer(from: "EPSG:25832", to: "EPSG:4258")
        let expected = try toETRS89.transform([Position(x: 356000.5, y: 5645000.25), Position(x: 360000, y: 5650000)])
        let written = positions(in: try String(contentsOfFile: target, encoding: .utf8))
        #expect(written.count == 2)
        for (pos, p) in zip(written, expected) { #expect(pos.0 == p.y && pos.1 == p.x) }
    }

    @Test func anOutputCRSWithoutAnEPSGCodeIsRefused() {
        #expect(throws: INSPIREError.self) { try INSPIREExporter(mapping: Self.mapping, crs: "+proj=longlat +datum=WGS84") }
        #expect(throws: INSPIREError.self) { try INSPIREExporter(mapping: Self.mapping, crs: "EPSG:4979") }  // 3D
    }

    /// A layer with a feature that has no localId, one that repeats a localId, one without
    /// geometry and one with a control character: the export writes nothing and names each.
    @Test func unexportableFeaturesStopTheExportAndAreNamed() throws {
        let folder = try temporaryDirectory()
        let input = folder + "/bad.geojson"
        try Data("""
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"ref":"a","t":"Grundschule"},"geometry":{"type":"Point","coordinates":[7,51]}},
            {"type":"Feature","properties":{"ref":null,"t":"Grundschule"},"geometry":{"type":"Point","coordinates":[7,51]}},
            {"type":"Feature","properties":{"ref":"a","t":"Gymnasium"},"geometry":{"type":"Point","coordinates":[7,51]}},
            {"type":"Feature","properties":{"ref":"c","t":"Universität"},"geometry":{"type":"Point","coordinates":[7,51]}},
            {"type":"Feature","properties":{"ref":"d","t":"Grundschule"},"geometry":null},
            {"type":"Feature","properties":{"ref":"e\\u0001","t":"Realschule"},"geometry":{"type":"Point","coordinates":[7,51]}},
            {"type":"Feature","properties":{"ref":"f & <g>","t":"Realschule"},"geometry":{"type":"Polygon","coordinates":[[[7,51],[7.1,51],[7.1,51.1],[7,51]]]}}
            ]}
            """.utf8).write(to: URL(fileURLWithPath: input))
        let mapping = try INSPIREMapping(yaml: "profile: school\ndataset: s\nnamespace: n\nlocalId: {field: ref}\nserviceType: {field: t}\n")
        var exporter = try INSPIREExporter(mapping: mapping)
        let check = try exporter.check(path: input)
        #expect(check.featureCount == 7 && check.exportableCount == 2)
        #expect(check.problemCounts == ["localId": 3, "serviceType": 1, "serviceLocation": 1])
        #expect(check.problems.map(\.featureIndex) == [1, 2, 3, 4, 5])
        #expect(check.unmappedValues == ["Universität": 1])
        #expect(check.warnings.contains { $0.contains("1 features are lines or polygons") })

        let target = folder + "/s.gml"
        do {
            try exporter.export(path: input, to: target)
            Issue.record("exported a layer with problems")
        } catch let error as INSPIREError {
            #expect(error.code == .unmappable && error.message.contains("5 problems"))
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["bad.geojson"])

        // Leaving them out writes the two good features, one of them escaped.
        exporter.skipsUnexportable = true
        let written = try exporter.export(path: input, to: target)
        #expect(written.exportableCount == 2)
        let gml = try String(contentsOfFile: target, encoding: .utf8)
        #expect(gml.contains("numberMatched=\"2\""))
        #expect(gml.contains("<base:localId>f &amp; &lt;g&gt;</base:localId>"))
        #expect(gml.contains("gml:id=\"GovernmentalService.2\""))  // "f & <g>" is no name: by position
        if let validation = try xmllintValidation(of: target, test: #function) { #expect(validation.valid, "\(validation.messages)") }
    }
}
