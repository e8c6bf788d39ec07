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
