import Foundation
import GeoCore
import TestSupport
import Testing

@Suite struct GeoJSONReaderTests {
    @Test func readsFeatureCollectionWithIDsBoundingBoxesAndNullGeometry() throws {
        let text = """
            {"type":"FeatureCollection","bbox":[6.9,50.9,7.0,51.0],"features":[
              {"type":"Feature","id":"aed-1","bbox":[6.9,50.9,6.9,50.9],"properties":{"name":"Rathaus","count":2,"ratio":0.5,"open":true,"tags":{"level":"0","list":[1,"a",null]}},"geometry":{"type":"Point","coordinates":[6.9,50.9]}},
              {"type":"Feature","id":7,"properties":null,"geometry":null}
            ]}
            """
        let document = try GeoJSON.decode(text)
        guard case .featureCollection(let collection) = document.object else {
            Issue.record("expected a FeatureCollection")
            return
        }
        #expect(collection.declaredBoundingBox == BoundingBox(minX: 6.9, minY: 50.9, maxX: 7.0, maxY: 51.0))
        #expect(collection.features.count == 2)
        let first = collection.features[0]
        #expect(first.id == .string("aed-1"))
        #expect(first.geometry == .point(Position(x: 6.9, y: 50.9)))
        #expect(first.properties.keys == ["name", "count", "ratio", "open", "tags"])
        #expect(first[property: "count"] == .integer(2))
        #expect(first[property: "ratio"] == .double(0.5))
        #expect(first[property: "tags"] == ["level": "0", "list": [1, "a", nil]])
        #expect(collection.features[1].id == .integer(7))
        #expect(collection.features[1].geometry == nil)
        #expect(collection.features[1].properties.isEmpty)
        #expect(document.crs == .crs84)
    }

    @Test func readsBareGeometryAndSingleFeature() throws {
        let geometry = try GeoJSON.decode(#"{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"type":"Polygon"}"#)
        #expect(geometry.object == .geometry(.polygon([[Position(x: 0, y: 0), Position(x: 1, y: 0), Position(x: 1, y: 1), Position(x: 0, y: 0)]])))
        let feature = try GeoJSON.decode(#"{"properties":{"a":1},"geometry":{"type":"LineString","coordinates":[[1,2,3],[4,5,6]]},"type":"Feature"}"#)
        guard case .feature(let f) = feature.object else {
            Issue.record("expected a Feature")
            return
        }
        #expect(f.geometry == .lineString([Position(x: 1, y: 2, z: 3), Position(x: 4, y: 5, z: 6)]))
        #expect(f.geometry?.hasZ == true)
    }

    @Test func unicodeEscapesAndUmlautsRoundTrip() throws {
        let text = #"{"type":"Feature","properties":{"a":"L\u00fcneburg","b":"Gießen","c":"tab\there \"quoted\" \\ \ud83d\ude91","d":"\u0001"},"geometry":null}"#
        guard case .feature(let f) = try GeoJSON.decode(text).object else {
            Issue.record("expected a Feature")
            return
        }
        #expect(f[property: "a"] == "Lüneburg")
        #expect(f[property: "b"] == "Gießen")
        #expect(f[property: "c"] == "tab\there \"quoted\" \\ 🚑")
        #expect(f[property: "d"] == "\u{01}")
        let written = try GeoJSON.encodeString(f)
        #expect(written.contains("Lüneburg"))
        #expect(written.contains("\\u0001"))
        guard case .feature(let again) = try GeoJSON.decode(written).object else {
            Issue.record("expected a Feature")
            return
        }
        #expect(again == f)
    }

    @Test func numbersUseShortestRoundTrippingText() throws {
        let values: [Double] = [0.1, 7.123456789012345, 50.93847123456789, 1e-7, 123456789.125, -0.0, 5e300, 356000.0]
        for v in values {
            let g = Geometry.point(Position(x: v, y: 1))
            let text = try GeoJSON.encodeString(g)
            #expect(text == "{\"type\":\"Point\",\"coordinates\":[\(v.description),1.0]}")
            #expect(try GeoJSON.decode(text).object == .geometry(g))
        }
        // Parsed numbers are correctly rounded, including the slow path (> 15 digits).
        let document = try GeoJSON.decode(#"{"type":"Point","coordinates":[0.30000000000000004,1.7976931348623157e308]}"#)
        #expect(document.object == .geometry(.point(Position(x: 0.30000000000000004, y: 1.7976931348623157e308))))
        // Integers beyond 2^53 stay exact.
        guard case .feature(let f) = try GeoJSON.decode(#"{"type":"Feature","properties":{"osm":9007199254740993},"geometry":null}"#).object else {
            Issue.record("expected a Feature")
            return
        }
        #expect(f[property: "osm"] == .integer(9_007_199_254_740_993))
    }

    @Test func legacyCRSMemberSetsTheLayerCRS() throws {
        let text = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[356000,5645000]}}]}"#
        let document = try GeoJSON.decode(text)
        #expect(document.crs == .epsg(25832))
        #expect(document.crsFromLegacyMember)
        #expect(document.warnings.contains { $0.message.contains("legacy \"crs\" member") })

        var reader = GeoJSONFeatureReader(bytes: Array(text.utf8))
        _ = try reader.next()
        let streamedCRS = reader.crs
        #expect(streamedCRS == .epsg(25832))
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("solar/berlin_pv_potential_sample_25833.geojson"))
        #expect(layer.crs == .epsg(25833))
        #expect(layer.features.count == 40)
    }

    @Test func crsReferenceSpellings() {
        for text in ["EPSG:25832", "25832", "urn:ogc:def:crs:EPSG::25832", "urn:ogc:def:crs:EPSG:6.6:25832",
                     "http://www.opengis.net/def/crs/EPSG/0/25832", "epsg:25832"] {
            #expect(CRSReference(parsing: text) == .epsg(25832), "\(text)")
        }
        for text in ["OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"] {
            #expect(CRSReference(parsing: text) == .crs84, "\(text)")
        }
        #expect(CRSReference(parsing: "ESRI:102329") == .other("ESRI:102329"))
        #expect(CRSReference.epsg(25832).uri == "http://www.opengis.net/def/crs/EPSG/0/25832")
        #expect(CRSReference.epsg(25832).urn == "urn:ogc:def:crs:EPSG::25832")
    }

    @Test func streamingReaderMatchesInMemoryReaderOnEveryFixture() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Paths.fixture(""))
            .filter { $0.hasSuffix(".geojson") && !$0.hasPrefix("bad/") }
        #expect(files.count >= 8)
        for file in files {
            let path = Paths.fixture(file)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let whole = try GeoJSON.decode(data, file: path)
            // A tiny chunk size forces features to straddle chunk boundaries.
            var reader = try GeoJSONFeatureReader(path: path, chunkSize: 7)
            var streamed: [Feature] = []
            while let f = try reader.next() { streamed.append(f) }
            #expect(streamed == whole.object.features, "\(file)")
            let streamedCRS = reader.crs
            #expect(streamedCRS == whole.crs, "\(file)")
            let layer = try GeoJSON.readLayer(atPath: path)
            #expect(layer.features == whole.object.features, "\(file)")
        }
    }

    @Test func membersInAnyOrderAndFeaturesBeforeType() throws {
        let text = #"{"features":[{"geometry":{"coordinates":[1,2],"type":"Point"},"properties":{"k":"v"},"type":"Feature"}],"name":"late","type":"FeatureCollection"}"#
        var reader = GeoJSONFeatureReader(bytes: Array(text.utf8), name: "x.geojson")
        let f = try reader.next()
        #expect(f?.geometry == .point(Position(x: 1, y: 2)))
        #expect(try reader.next() == nil)
        let name = reader.name
        #expect(name == "late")
    }

    @Test func textSequencesAndNewlineDelimitedGeoJSON() throws {
        let features = (0..<5).map { Feature(id: .integer(Int64($0)), geometry: .point(Position(x: Double($0), y: 50)), properties: ["n": .integer(Int64($0))]) }
        let directory = try temporaryDirectory()
        for style in [GeoJSONFeatureWriter.Style.textSequence, .newlineDelimited] {
            let path = directory + "/seq-\(style).geojsons"
            try GeoJSON.write(Layer(name: "seq", inferringFieldsFrom: features), toPath: path, style: style)
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
            if style == .textSequence { #expect(bytes.first == 0x1E) } else { #expect(bytes.first == UInt8(ascii: "{")) }
            var reader = try GeoJSONFeatureReader(path: path)
            var read: [Feature] = []
            while let f = try reader.next() { read.append(f) }
            #expect(read == features)
            let isSequence = reader.isSequence
            #expect(isSequence)
        }
    }

    @Test func writerRoundTripsAndWritesLegacyCRSForProjectedLayers() throws {
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("buildings/wesel_roofs_sample_25832.geojson"))
        #expect(layer.crs == .epsg(25832))
        #expect(layer.features.allSatisfy { $0.geometry?.hasZ == true })
        let directory = try temporaryDirectory()
        let path = directory + "/roofs.geojson"
        try GeoJSON.write(layer, toPath: path)
        let again = try GeoJSON.readLayer(atPath: path)
        #expect(again.features == layer.features)
        #expect(again.crs == .epsg(25832))
        #expect(again.fields == layer.fields)
        // Without --overwrite an existing target is refused and left as it was.
        #expect(throws: WriteError.self) { try GeoJSON.write(layer, toPath: path) }
        try GeoJSON.write(layer, toPath: path, overwrite: true)
    }

    @Test func fieldSchemaInference() throws {
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let types = Dictionary(uniqueKeysWithValues: layer.fields.map { ($0.name, $0.type) })
        #expect(types["osm_node_id"] == .integer)
        #expect(types["name"] == .string)
        #expect(types["comment"] == .null)
        #expect(FieldType.integer.widened(with: .real) == .real)
        #expect(FieldType.integer.widened(with: .string) == .string)
        #expect(FieldType.null.widened(with: .boolean) == .boolean)
    }
}
