import Foundation
@testable import GeoINSPIRE
import GeoCore
import GeoKit
import Testing
import TestSupport

/// INSPIRE's alternative GeoJSON encoding: longitude first, flat properties, identifiers
/// as URIs, code list values as title and href; GDAL and GeoKit read it.
@Suite struct INSPIREGeoJSONTests {
    @Test func theKölnRegisterAsINSPIREGeoJSON() throws {
        let folder = try temporaryDirectory()
        let exporter = try INSPIREExporter(mapping: INSPIREExportTests.mapping, encoding: .geojson)
        let published = try INSPIREPublication(exporting: INSPIREExportTests.register, with: exporter, into: folder,
                                               description: try MetadataDescription(yaml: ISOMetadataTests.description))
        #expect(published.gmlPath.hasSuffix("koeln-aed.geojson") && published.check.exportableCount == 121)
        let layer = try GeoJSON.readLayer(atPath: published.gmlPath)
        let source = try GeoJSON.readLayer(atPath: INSPIREExportTests.register)
        #expect(layer.features.count == 121)
        for (written, original) in zip(layer.features, source.features) {
            #expect(written.geometry == original.geometry)  // longitude first, the source's numbers
            #expect(written[property: "inspireId"] == .string("https://example.org/koeln/aed/\(original.id!)"))
            #expect(written[property: "serviceType"]?.objectValue?["href"] == .string("http://inspire.ec.europa.eu/codelist/ServiceTypeValue/standaloneFirstAidEquipment"))
        }
        #expect(layer.features[0][property: "pointOfContact.address.locatorDesignator"] == .string("51"))
        #expect(layer.features[0][property: "beginLifespanVersion"] == .string("2014-01-20T00:00:00"))
        let record = try String(contentsOfFile: try #require(published.metadataPath), encoding: .utf8)
        #expect(record.contains(">GeoJSON</gmx:Anchor>") && record.contains("gco:nilReason=\"unknown\""))
        if GDAL.tools(for: #function) != nil { #expect(try GDAL.summary(of: published.gmlPath)?.count == 121) }
    }

    @Test func geoJSONIsLongitudeLatitudeOnly() {
        #expect(throws: INSPIREError.self) { try INSPIREExporter(mapping: INSPIREExportTests.mapping, crs: "EPSG:25832", encoding: .geojson) }
        #expect((try? INSPIREExporter(mapping: INSPIREExportTests.mapping, crs: "EPSG:4326", encoding: .geojson)) != nil)
    }
}

/// The `none` profile: a solar cadastre, which no INSPIRE theme fits, as INSPIRE-style
/// GeoJSON with a record that states non-conformance.
@Suite struct UnharmonisedExportTests {
    static let mapping = try! INSPIREMapping(yaml: """
        profile: none
        dataset: berlin-pv
        namespace: https://example.org/berlin/solar
        localId: {field: BuildingSurface ID}
        """)
    static let sample = Paths.fixture("solar/berlin_pv_potential_sample_25833.geojson")

    @Test func aSolarCadastreKeepsItsOwnPropertiesAndStatesNonConformance() throws {
        let folder = try temporaryDirectory()
        let exporter = try INSPIREExporter(mapping: Self.mapping, encoding: .geojson)
        let published = try INSPIREPublication(exporting: Self.sample, with: exporter, into: folder,
                                               description: try MetadataDescription(yaml: ISOMetadataTests.description))
        let written = try GeoJSON.readLayer(atPath: published.gmlPath)
        let source = try LayerIO.read(path: Self.sample).layer
        let toETRS89 = try Transformer(from: "EPSG:25833", to: "EPSG:4258")
        #expect(written.features.count == 40)
        for (feature, original) in zip(written.features, source.features) {
            for (key, value) in original.properties { #expect(feature.properties[key] == value, "\(key)") }
            let id = try #require(original[property: "BuildingSurface ID"]?.stringValue)
            #expect(feature[property: "inspireId"] == .string("https://example.org/berlin/solar/\(id)"))
            #expect(feature.geometry == (try original.geometry.map { try toETRS89.transform($0) }))
        }
        let record = try String(contentsOfFile: try #require(published.metadataPath), encoding: .utf8)
        #expect(record.contains("<gco:Boolean>false</gco:Boolean>") && !record.contains("inspire.ec.europa.eu/theme"))
        if let shared = Paths.shared {
            let validation = try SchemaValidator(schemaFolder: shared + "/schemas").validate(path: published.metadataPath!)
            #expect(validation.isValid, "\(validation.messages)")
        }
    }

    @Test func theNoneProfileHasNoGMLAndNoServiceType() {
        #expect(throws: INSPIREError.self) { try INSPIREExporter(mapping: Self.mapping) }  // GML
        #expect(throws: INSPIREError.self) {
            try INSPIREMapping(yaml: "profile: none\ndataset: x\nnamespace: n\nserviceType: {constant: primaryEducation}\n")
        }
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func theMierendorffinselRoofsExportWhole() throws {
        let path = Paths.shared! + "/data/solar/berlin_mierendorffinsel_simstadt_pv_potential_roofsurfaces_25833.geojson"
        let target = try temporaryDirectory() + "/roofs.geojson"
        let check = try INSPIREExporter(mapping: Self.mapping, encoding: .geojson).export(path: path, to: target)
        let source = try LayerIO.read(path: path).layer
        #expect(check.exportableCount == source.features.count && check.isExportable, "\(check.reportLines)")
        if GDAL.tools(for: #function) != nil { #expect(try GDAL.summary(of: target)?.count == source.features.count) }
    }
}
