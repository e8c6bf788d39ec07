import Foundation
import GeoKit
import TestSupport
import Testing

/// What GeoKit writes, every reader (GeoKit's and GDAL's) takes back: degenerate
/// geometry is repaired or named when read, refused with the feature named when written,
/// and readers and writers share one nesting limit (issue 13, findings 4 and 8).
@Suite struct DegenerateGeometryTests {
    /// A one-feature shapefile written by GeoKit, then patched at byte `offset` with `bytes`.
    func patchedShapefile(_ geometry: Geometry, in directory: String, patches: [(offset: Int, bytes: [UInt8])]) throws -> String {
        let path = directory + "/patched.shp"
        let layer = Layer(name: "patched", inferringFieldsFrom: [Feature(geometry: geometry, properties: ["name": "one"])])
        try Shapefile.write(layer, toPath: path, overwrite: true)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        for patch in patches { data.replaceSubrange(patch.offset..<(patch.offset + patch.bytes.count), with: patch.bytes) }
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func littleEndian(_ value: Double) -> [UInt8] { withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
    func littleEndian(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

    @Test func shapefileRingsAreClosedAndBrokenShapesKeptWithoutGeometry() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Record content starts at byte 108: type, box (32), parts, points, part starts, points.
        let square = Geometry.polygon([[Position(x: 0, y: 0), Position(x: 0, y: 2), Position(x: 2, y: 2), Position(x: 2, y: 0), Position(x: 0, y: 0)]])
        let lastPoint = 108 + 4 + 32 + 8 + 4 + 4 * 16
        let open = try patchedShapefile(square, in: directory, patches: [(lastPoint, littleEndian(1.0) + littleEndian(-1.0))])
        let reading = try LayerIO.read(path: open)
        guard case .polygon(let rings)? = reading.layer.features.first?.geometry else { Issue.record("no polygon"); return }
        #expect(rings[0].count == 6 && rings[0].first == rings[0].last)
        #expect(reading.warnings.contains { $0.message.contains("unclosed rings were closed") && $0.location.featureIndex == 0 })

        // A part start moved from 2 to 1 leaves a line of one position.
        let twoLines = Geometry.multiLineString([[Position(x: 0, y: 0), Position(x: 1, y: 1)], [Position(x: 2, y: 2), Position(x: 3, y: 3)]])
        let onePoint = try patchedShapefile(twoLines, in: directory, patches: [(108 + 4 + 32 + 8 + 4, littleEndian(Int32(1)))])
        let lines = try LayerIO.read(path: onePoint)
        #expect(lines.layer.features.count == 1 && lines.layer.features[0].geometry == nil)
        #expect(lines.layer.features[0].properties["name"] == "one")
        #expect(lines.warnings.contains { $0.message.contains("a line needs two or more positions") })

        let point = try patchedShapefile(.point(Position(x: 1, y: 2)), in: directory, patches: [(112, littleEndian(Double.nan))])
        let points = try LayerIO.read(path: point)
        #expect(points.layer.features[0].geometry == nil)
        #expect(points.warnings.contains { $0.message.contains("not a finite number") })

        // What was read writes to a GeoPackage that GeoKit and GDAL read back.
        let package = directory + "/out.gpkg"
        try LayerIO.write(reading.layer, toPath: package, format: .geopackage, overwrite: true)
        #expect(try LayerIO.read(path: package).layer.features[0].geometry?.structuralProblem == nil)
        if let ogrinfo = which("ogrinfo") {
            let info = try run(ogrinfo, ["-ro", "-al", "-q", package])
            #expect(info.status == 0 && info.stdout.contains("POLYGON"), "\(info.stderr)")
        }
    }

    @Test func textFormatsRefuseNonFiniteCoordinatesWithTheirPlace() throws {
        for text in ["POINT (NaN 1)", "POINT (1 Inf)", "LINESTRING (0 0, 1e999 1)", "POINT Z (1 2 NaN)"] {
            do {
                _ = try WKT.decode(text)
                Issue.record("\(text) was read")
            } catch {
                #expect(error.message.contains("not a finite number"), "\(text): \(error)")
                #expect(error.location.column != nil)
            }
        }
        // An M value is dropped, so NaN there harms nothing.
        #expect(try WKT.decode("POINT M (1 2 NaN)") == .point(Position(x: 1, y: 2)))
        // A WKB point holding NaN x beside a real y (NaN NaN is the empty point).
        var wkb: [UInt8] = [1] + littleEndian(Int32(1)) + littleEndian(Double.nan) + littleEndian(2.0)
        #expect(throws: ReadError.self) { try WKB.decode(wkb) }
        wkb = [1] + littleEndian(Int32(1)) + littleEndian(Double.nan) + littleEndian(Double.nan)
        #expect(try WKB.decode(wkb) == .point(.empty))
    }

    @Test func everyWriterRefusesWhatNoReaderTakesBack() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var nested = Geometry.point(Position(x: 1, y: 2))
        for _ in 0..<(Geometry.maximumCollectionNesting + 1) { nested = .geometryCollection([nested]) }
        let bad: [(String, Geometry)] = [
            ("unclosed ring", .polygon([[Position(x: 0, y: 0), Position(x: 1, y: 0), Position(x: 1, y: 1), Position(x: 0, y: 1)]])),
            ("one-position line", .lineString([Position(x: 0, y: 0)])),
            ("NaN", .point(Position(x: .nan, y: 1))),
            ("nested 65 deep", nested),
        ]
        for (name, geometry) in bad {
            let layer = Layer(name: "bad", inferringFieldsFrom: [Feature(geometry: nil, properties: ["n": 1]), Feature(geometry: geometry, properties: ["n": 2])])
            for format in [VectorFormat.geopackage, .geojson, .csv, .shapefile] where !(format == .shapefile && name == "nested 65 deep") {
                let path = directory + "/bad." + format.fileExtension
                do {
                    try LayerIO.write(layer, toPath: path, format: format, overwrite: true)
                    Issue.record("\(format) wrote a \(name)")
                } catch {
                    #expect(error.code == .invalidGeometry && error.featureIndex == 1, "\(format), \(name): \(error)")
                }
                #expect(!FileManager.default.fileExists(atPath: path), "\(format), \(name): no half-written file")
            }
        }
        // At the limit, written and read back by every reader.
        var deepest = Geometry.point(Position(x: 1, y: 2))
        for _ in 0..<Geometry.maximumCollectionNesting { deepest = .geometryCollection([deepest]) }
        let layer = Layer(name: "deep", inferringFieldsFrom: [Feature(geometry: deepest)])
        for format in [VectorFormat.geopackage, .geojson, .csv] {
            let path = directory + "/deep." + format.fileExtension
            try LayerIO.write(layer, toPath: path, format: format, overwrite: true)
            #expect(try LayerIO.read(path: path).layer.features[0].geometry == deepest, "\(format)")
        }
        #expect(throws: ReadError.self) { try WKT.decode(WKT.encode(.geometryCollection([deepest]))) }
    }
}
