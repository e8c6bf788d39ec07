import Foundation
import GeoKit
import TestSupport
import Testing

/// A format added from outside GeoFormats: one WKT geometry per line in a `.wktl` file,
/// recognised by its first word. It is read by `convert`, `info` and the stores with no
/// change to GeoFormats, which is what the GML and PostGIS drivers will do.
struct WKTLinesDriver: FormatDriver {
    var name: String { "wktl" }
    var fileExtensions: [String] { ["wktl"] }
    var storesTables: Bool { false }

    func recognizes(head: [UInt8], path: String) -> Bool {
        path.hasSuffix(".wktl") && String(decoding: head.prefix(12), as: UTF8.self).uppercased().hasPrefix("POINT")
    }

    func openSource(path: String, layer: String?, options: FormatReadOptions) throws(ReadError) -> any FeatureSource {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ReadError(format: "wktl", location: SourceLocation(file: path), message: "cannot open the file", code: .cannotOpen)
        }
        var features: [Feature] = []
        for (i, line) in text.split(separator: "\n").enumerated() {
            do { features.append(Feature(id: .integer(Int64(i + 1)), geometry: try WKT.decode(String(line)), properties: ["line": .integer(Int64(i + 1))])) } catch {
                var placed = error
                placed.location = SourceLocation(file: path, line: i + 1, column: error.location.column)
                throw placed
            }
        }
        return Lines(features: features, name: ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
    }

    func makeSink(path: String, layer: LayerSchema, overwrite: Bool) throws(WriteError) -> any FeatureSink {
        LineWriter(path: path)
    }

    /// Writes one WKT line per feature when finished.
    final class LineWriter: FeatureSink {
        let path: String
        var lines: [String] = []
        init(path: String) { self.path = path }
        func write(_ feature: Feature) throws(WriteError) { lines.append(feature.geometry.map(WKT.encode) ?? "") }
        func finish() throws(WriteError) {
            do { try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw WriteError(file: path, message: "\(error)")
            }
        }
    }

    final class Lines: FeatureSource {
        var features: [Feature]
        let layerName: String
        init(features: [Feature], name: String) { self.features = features.reversed(); layerName = name }
        var crs: CRSReference? { .crs84 }
        var declaredFields: [Field]? { [Field(name: "line", type: .integer)] }
        var warnings: [ReadWarning] { [] }
        func next() throws(ReadError) -> Feature? { features.popLast() }
    }
}

@Suite(.serialized) struct FormatRegistryTests {
    @Test func aRegisteredFormatIsReadEverywhere() async throws {
        let registry = FormatRegistry.shared
        #expect(registry.register(WKTLinesDriver()))
        #expect(!registry.register(RenamedDriver(name: "gpkg")), "a built-in format cannot be replaced")
        #expect(registry.driver(named: "GPKG")?.storesTables == true && registry.driver(named: "wktl") != nil)
        #expect(registry.driver(forFileExtensionOf: "x.geojson.gz")?.name == "geojson" && registry.driver(forFileExtensionOf: "a.wktl")?.name == "wktl")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "POINT (6.95 50.94)\nPOINT (6.96 50.93)\n".write(toFile: directory + "/dom.wktl", atomically: true, encoding: .utf8)
        #expect(try registry.identify(path: directory + "/dom.wktl").name == "wktl")
        // A file no format reads still says why, in the built-in detector's words.
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: URL(fileURLWithPath: directory + "/x.bin"))
        #expect(throws: ReadError.self) { try registry.identify(path: directory + "/x.bin") }

        // Whole-layer reads (what nearest, within, at, join and split use).
        #expect(try LayerIO.read(path: directory + "/dom.wktl").layer.features.count == 2)
        let summary = try LayerSummary(reading: directory + "/dom.wktl")
        #expect(summary.featureCount == 2 && summary.name == "dom")
        var conversion = Conversion(inputs: [directory], output: directory + "/out.gpkg")
        conversion.targetCRS = "EPSG:25832"
        let converted = try conversion.run().summary
        #expect(converted.featuresWritten == 2 && converted.failed.isEmpty, "\(converted.failures)")
        // Written by the registered driver, chosen by the output's extension.
        let written = try Conversion(inputs: [Paths.fixture("aed/koeln_osm_aed.geojson")], output: directory + "/aed.wktl").run().summary
        let text = try String(contentsOfFile: directory + "/aed.wktl", encoding: .utf8)
        #expect(written.featuresWritten == 22 && text.split(separator: "\n").count == 22 && text.hasPrefix("POINT ("), "\(written.failures)")
        let stores = try FeatureStores.open(path: directory + "/dom.wktl")
        #expect(try await stores[0].count(matching: FeatureQuery(predicate: try FeaturePredicate(parsing: "line = 2"))) == 1)
    }

    /// A conversion detects each input's format once, when it lists the inputs, and opens
    /// the input with that driver without asking a detector again.
    @Test func aConversionDetectsEachInputOnce() throws {
        #expect(FormatRegistry.shared.register(WKTLinesDriver()))
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Paths.fixture("aed/koeln_osm_aed.geojson"), toPath: directory + "/a.geojson")
        try "POINT (6.95 50.94)\n".write(toFile: directory + "/b.wktl", atomically: true, encoding: .utf8)
        var plan = try Conversion(inputs: [directory], output: directory + "/out/").plan()
        #expect(plan.inputs.map(\.formatName) == ["geojson", "wktl"])
        // The input's recorded driver is what opens it: a text that the built-in detector
        // takes for CSV (and fails as one) is read as WKT lines when the plan says so.
        try "POINT (6.95 50.94)\nPOINT (7 51)\n".write(toFile: directory + "/c.txt", atomically: true, encoding: .utf8)
        plan.inputs = [ConversionInput(path: directory + "/c.txt", formatName: "wktl")]
        plan.mode = .oneFile
        var conversion = Conversion(inputs: [], output: directory + "/c.geojson")
        conversion.jobs = 1
        let report = conversion.run(plan)
        #expect(report.summary.featuresWritten == 2 && report.summary.failed.isEmpty, "\(report.summary.failures)")
        #expect(throws: ReadError.self) { try LayerIO.read(path: directory + "/c.txt") }
    }
}

/// A driver that tries to take a built-in name.
struct RenamedDriver: FormatDriver {
    var name: String
    var fileExtensions: [String] { [] }
    var storesTables: Bool { true }
    func recognizes(head: [UInt8], path: String) -> Bool { false }
    func openSource(path: String, layer: String?, options: FormatReadOptions) throws(ReadError) -> any FeatureSource {
        throw ReadError(format: name, location: SourceLocation(file: path), message: "never")
    }
    func makeSink(path: String, layer: LayerSchema, overwrite: Bool) throws(WriteError) -> any FeatureSink {
        throw WriteError(file: path, message: "never")
    }
}
