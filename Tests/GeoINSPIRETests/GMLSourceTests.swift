import Foundation
@testable import GeoINSPIRE
import GeoCore
import GeoKit
import Testing
import TestSupport

@Suite struct GMLSourceTests {
    func write(_ text: String) throws -> String {
        let path = try temporaryDirectory() + "/in.gml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func readAll(_ path: String) throws -> (source: GMLSource, features: [Feature]) {
        let source = try GMLSource(path: path)
        var features: [Feature] = []
        while let feature = try source.next() { features.append(feature) }
        return (source, features)
    }

    /// GeoKit's own INSPIRE GML reads back to the source: ids, localIds, positions.
    @Test func anINSPIREExportReadsBackToItsSource() throws {
        let target = try temporaryDirectory() + "/aed.gml"
        try INSPIREExporter(mapping: INSPIREExportTests.mapping).export(path: INSPIREExportTests.register, to: target)
        let (source, features) = try readAll(target)
        let original = try GeoJSON.readLayer(atPath: INSPIREExportTests.register)
        #expect(source.layerName == "GovernmentalService" && source.crs == .epsg(4258))
        #expect(features.count == original.features.count)
        for (read, expected) in zip(features, original.features) {
            #expect(read.geometry == expected.geometry)  // latitude first on the wire, longitude first here
            #expect(read[property: "inspireId/localId"] == .string(expected.id!.description))
            #expect(read.id == .string("GovernmentalService_\(expected.id!)"))
            #expect(read[property: "serviceType"] == .string("http://inspire.ec.europa.eu/codelist/ServiceTypeValue/standaloneFirstAidEquipment"))
        }
        #expect(features[0][property: "pointOfContact/address/postCode"] == .string("50765"))
    }

    /// GML 2 and 3.1 spellings: featureMember and featureMembers, gml:coordinates and
    /// posList, EPSG:4326 longitude first, polygons with holes, multi-surfaces, voids and
    /// references, repeated properties.
    @Test func olderSpellingsAndEveryGeometryKind() throws {
        let path = try write("""
            <?xml version="1.0"?>
            <gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml" xmlns:app="urn:app" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <gml:boundedBy><gml:Envelope srsName="EPSG:4326"><gml:lowerCorner>0 0</gml:lowerCorner><gml:upperCorner>9 9</gml:upperCorner></gml:Envelope></gml:boundedBy>
              <gml:featureMember><app:Site gml:id="s1"><app:name>Köln &amp; Bonn</app:name><app:phone>1</app:phone><app:phone>2</app:phone>
                <app:where><gml:Point srsName="EPSG:4326"><gml:coordinates>6.95,50.94</gml:coordinates></gml:Point></app:where></app:Site></gml:featureMember>
              <gml:featureMembers>
                <app:Site gml:id="s2"><app:name xsi:nil="true"/><app:kind xlink:href="http://example.org/k"/>
                  <app:where><gml:Polygon srsName="EPSG:4326"><gml:exterior><gml:LinearRing><gml:posList>0 0 4 0 4 4 0 4 0 0</gml:posList></gml:LinearRing></gml:exterior>
                    <gml:interior><gml:LinearRing><gml:posList>1 1 2 1 2 2 1 1</gml:posList></gml:LinearRing></gml:interior></gml:Polygon></app:where></app:Site>
                <app:Site gml:id="s3"><app:where><gml:MultiSurface srsName="EPSG:4326"><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>5 5 6 5 6 6 5 5</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></app:where></app:Site>
              </gml:featureMembers>
            </gml:FeatureCollection>
            """)
        let (source, features) = try readAll(path)
        #expect(source.crs == .epsg(4326) && features.count == 3)
        #expect(features[0].geometry == .point(Position(x: 6.95, y: 50.94)))
        #expect(features[0][property: "name"] == .string("Köln & Bonn"))
        #expect(features[0][property: "phone"] == .string("1") && features[0][property: "phone[2]"] == .string("2"))
        #expect(features[1][property: "name"] == .null && features[1][property: "kind"] == .string("http://example.org/k"))
        guard case .polygon(let rings) = features[1].geometry else { Issue.record("not a polygon"); return }
        #expect(rings.count == 2 && rings[0].count == 5 && rings[1][1] == Position(x: 2, y: 1))
        guard case .multiPolygon(let polygons) = features[2].geometry else { Issue.record("not a multipolygon"); return }
        #expect(polygons.count == 1 && polygons[0][0].count == 4)
    }

    /// Each broken document is a ReadError with its line.
    @Test(arguments: [
        ("<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\">\n<wfs:member><a gml:id=\"x\"><b>1</b></a></wfs:member>\n<wfs:member><a><b>2</c></a></wfs:member>\n</wfs:FeatureCollection>", 3, "not well-formed XML"),
        ("<html xmlns:gml=\"http://www.opengis.net/gml/3.2\"><body/></html>", 1, "not a GML feature collection"),
        ("<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\">\n<wfs:member><a><g><gml:Point srsName=\"urn:ogc:def:crs:EPSG::999999\"><gml:pos>1 2</gml:pos></gml:Point></g></a></wfs:member></wfs:FeatureCollection>", 2, "is not a CRS PROJ knows"),
        ("<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\">\n<wfs:member><a><g><gml:Point srsName=\"EPSG:4326\"><gml:pos>1 2</gml:pos></gml:Point></g></a></wfs:member>\n<wfs:member><a><g><gml:Point srsName=\"EPSG:25832\"><gml:pos>1 2</gml:pos></gml:Point></g></a></wfs:member></wfs:FeatureCollection>", 3, "differs from the layer's"),
        ("<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\">\n<wfs:member><a><g><gml:Point><gml:pos>1 nan</gml:pos></gml:Point></g></a></wfs:member></wfs:FeatureCollection>", 2, "is not a finite number"),
    ])
    func aBrokenDocumentSaysWhere(text: String, line: Int, message: String) throws {
        let path = try write(text)
        do {
            _ = try readAll(path)
            Issue.record("read: \(text)")
        } catch let error as ReadError {
            #expect(error.message.contains(message), "\(error)")
            #expect(error.location.line == line && error.location.file == path, "\(error)")
        }
    }


    /// Essen's WFS pages: an ESRI code in an EPSG URN and swapped axes; the three pages
    /// read as one layer agree with the published EPSG:25832 house coordinates.
    @Test(.enabled(if: Paths.shared != nil, "../shared is not beside the repository"))
    func essensWFSPagesReadAsOneLayerInTheRightPlace() throws {
        let folder = Paths.shared! + "/data/essen_hauskoordinaten/wfs_gml_pages"
        let source = try GMLSource(paths: ["000.gml", "001.gml", "002.gml"].map { folder + "/" + $0 })
        var features: [Feature] = []
        while let feature = try source.next() { features.append(feature) }
        #expect(features.count == 3000 && source.crs == .other("ESRI:102329"))
        #expect(source.warnings.contains { $0.message.contains("read as ESRI:102329") })
        #expect(source.warnings.contains { $0.message.contains("read swapped") })
        let toUTM = try Transformer(from: "ESRI:102329", to: "EPSG:25832")
        // The published file lists the same objects in the same order: read it only as far
        // as needed.
        let wanted = Dictionary(features.compactMap { f in f[property: "OBJECTID"]?.stringValue.map { ($0, f) } }, uniquingKeysWith: { a, _ in a })
        let reference = try VectorFormat.geojson.openSource(path: Paths.shared! + "/data/essen_hauskoordinaten/hauskoordinaten_essen_2022-10-05_25832.geojson.gz")
        var compared = 0, read = 0
        while compared < wanted.count, read < 20_000, let published = try reference.next() {
            read += 1
            guard let id = published[property: "objectid"]?.stringValue, case .point(let p)? = wanted[id]?.geometry,
                  case .point(let q)? = published.geometry else { continue }
            let utm = try toUTM.transform(p)
            #expect(abs(utm.x - q.x) < 0.01 && abs(utm.y - q.y) < 0.01, "OBJECTID \(id): \(utm) against \(q)")
            compared += 1
        }
        #expect(compared > 2900)
        if GDAL.tools(for: #function) != nil { #expect(try GDAL.summary(of: folder + "/000.gml")?.count == 1000) }
    }
}
