import Foundation
import GeoKit
import TestSupport
import Testing

/// The batch converter as a library call: a folder of open data into one GeoPackage,
/// files, merges; bad inputs reported with typed errors while the rest is converted.
@Suite struct ConversionTests {
    /// A folder like a portal's: two layers, a broken file, a licence note.
    static func makeFolder() throws -> String {
        let directory = try temporaryDirectory()
        let folder = directory + "/opendata"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.fixture("aed/koeln_aed_register.geojson"), toPath: folder + "/aed.geojson")
        try "name;lon;lat\nDom;6.958;50.941\nRathaus;6.959;50.938\n".write(toFile: folder + "/places.csv", atomically: true, encoding: .utf8)
        try "{\"type\": \"FeatureCollection\", \"features\": [\n{\"type\": \"Feature\"".write(toFile: folder + "/broken.geojson", atomically: true, encoding: .utf8)
        try "Datenlizenz Deutschland – Zero".write(toFile: folder + "/LICENSE.txt", atomically: true, encoding: .utf8)
        return directory
    }

    @Test func aFolderBecomesOneGeoPackageInETRS89() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var conversion = Conversion(inputs: [directory + "/opendata"], output: directory + "/all.gpkg")
        conversion.targetCRS = "EPSG:25832"
        let plan = try conversion.plan()
        #expect(plan.mode == .tablePerInput && plan.format.name == "gpkg" && plan.inputs.count == 3)
        let events = EventLog()
        let summary = conversion.run(plan) { events.add($0) }.summary
        #expect(summary.inputs == 3 && summary.featuresWritten == 121 + 2 && summary.outputs == [directory + "/all.gpkg"])
        #expect(summary.failed == [directory + "/opendata/broken.geojson"])
        #expect(summary.failures.first?.error is ReadError, "\(summary.failures)")
        #expect(summary.ignored == [directory + "/opendata/LICENSE.txt"] && summary.ignoredFiles.first?.reason == .noTableWithCoordinates)
        #expect(events.finished == 3 && events.written == 123 && events.failed == [directory + "/opendata/broken.geojson"])
        let layers = try GeoPackage.layers(atPath: directory + "/all.gpkg")
        #expect(layers.map(\.name).sorted() == ["aed", "places"] && layers.allSatisfy { $0.crs == .epsg(25832) })
        // The GeoJSON ids are kept as an id field in the table.
        let aed = try GeoPackage.readLayer(atPath: directory + "/all.gpkg", layer: "aed")
        #expect(aed.features.first?.properties["id"] == .integer(1) && aed.features.count == 121)
    }

    @Test func filtersSelectionsMergesAndSteps() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var filtered = Conversion(inputs: [directory + "/opendata/aed.geojson"], output: directory + "/innenstadt.csv")
        filtered.filter = try FeaturePredicate(parsing: "city_district = 'Innenstadt'")
        filtered.selectedFields = ["name", "address"]
        let summary = try filtered.run().summary
        let expected = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson")).features
            .filter { $0[property: "city_district"]?.stringValue == "Innenstadt" }.count
        #expect(summary.featuresWritten == expected && summary.skippedByFilter == 121 - expected && expected > 0)
        let header = try String(contentsOfFile: directory + "/innenstadt.csv", encoding: .utf8).split(separator: "\n").first
        #expect(header.map(String.init) == "x,y,name,address", "\(header ?? "")")

        // A field the input does not have is an error with its code, not an empty output.
        var unknown = filtered
        unknown.filter = try FeaturePredicate(parsing: "stadtteil = 'Deutz'")
        unknown.output = directory + "/none.csv"
        let failed = try unknown.run().summary
        #expect((failed.failures.first?.error as? ConversionError)?.code == .unknownField && !FileManager.default.fileExists(atPath: directory + "/none.csv"))

        // Two inputs merged into one layer that says where each feature came from.
        var merged = Conversion(inputs: [directory + "/opendata/aed.geojson", directory + "/opendata/places.csv"], output: directory + "/merged.geojson")
        merged.merge = true
        #expect(try merged.run().summary.featuresWritten == 123)
        let layer = try GeoJSON.readLayer(atPath: directory + "/merged.geojson")
        #expect(Set(layer.features.compactMap { $0[property: "source_file"]?.stringValue }) == ["aed.geojson", "places.csv"])

        // A step changes each batch: a bow-tie polygon is repaired and counted.
        let bowtie = Layer(name: "bowtie", crs: .crs84, inferringFieldsFrom: [Feature(geometry: .polygon([[
            Position(x: 0, y: 0), Position(x: 1, y: 1), Position(x: 1, y: 0), Position(x: 0, y: 1), Position(x: 0, y: 0),
        ]]))])
        try GeoJSON.write(bowtie, toPath: directory + "/bowtie.geojson")
        var repair = Conversion(inputs: [directory + "/bowtie.geojson"], output: directory + "/fixed.geojson")
        repair.steps = [MakeValidStep()]
        #expect(try repair.run().summary.repaired == 1)
        #expect(try GeoJSON.readLayer(atPath: directory + "/fixed.geojson").features.first?.geometry?.isValid() == true)
    }

    @Test func plansThatCannotWorkAreErrorsWithCodes() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let two = [directory + "/opendata/aed.geojson", directory + "/opendata/places.csv"]
        #expect { try Conversion(inputs: two, output: directory + "/both.geojson").plan() } throws: { ($0 as? ConversionError)?.code == .severalInputsForOneFile }
        var safe = Conversion(inputs: [two[0]], output: directory + "/aed.gpkg")
        safe.spreadsheetSafe = true
        #expect { try safe.plan() } throws: { ($0 as? ConversionError)?.code == .spreadsheetSafeNeedsCSV }
        // Several inputs into a folder: a file each, named after the inputs.
        let folder = try Conversion(inputs: two, output: directory + "/out").plan()
        #expect(folder.mode == .filePerInput(outputPaths: [directory + "/out/aed.geojson", directory + "/out/places.geojson"]))
        // A shapefile without .prj cannot be reprojected without a source CRS.
        for ext in ["shp", "shx", "dbf"] {
            try FileManager.default.copyItem(atPath: Paths.fixture("shapefile/koeln_stadtbezirk.\(ext)"), toPath: directory + "/noprj.\(ext)")
        }
        var reproject = Conversion(inputs: [directory + "/noprj.shp"], output: directory + "/noprj.gpkg")
        reproject.targetCRS = "EPSG:4326"
        #expect((try reproject.run().summary.failures.first?.error as? ConversionError)?.code == .unknownSourceCRS)
        reproject.sourceCRS = "EPSG:25832"
        #expect(try reproject.run().summary.failed.isEmpty)
        let missing = try Conversion(inputs: [directory + "/nowhere"], output: directory + "/x.gpkg").run().summary
        #expect((missing.failures.first?.error as? ConversionError)?.code == .noSuchInput)
    }
}

/// Collects a conversion's events from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ConversionEvent] = []

    func add(_ event: ConversionEvent) { lock.withLock { events.append(event) } }

    var finished: Int { lock.withLock { events.filter { if case .finished = $0 { true } else { false } }.count } }
    var written: Int { lock.withLock { events.reduce(0) { if case .wroteFeatures(let n) = $1 { $0 + n } else { $0 } } } }
    var failed: [String] { lock.withLock { events.compactMap { if case .failed(let name, _) = $0 { name } else { nil } } } }
}

/// `LayerSummary(reading:)`: what `geokit info` prints, as a library call.
@Suite struct LayerSummaryReadingTests {
    @Test func everyLayerOfAFileIsSummarisedAndBrokenOnesAreErrors() throws {
        let aed = try LayerSummary(reading: Paths.fixture("aed/koeln_aed_register.geojson"))
        #expect(aed.featureCount == 121 && aed.crs == "OGC:CRS84" && aed.geometryTypes == ["Point": 121])
        #expect(aed.fields.first { $0.name == "opening_hours" }.map { $0.type == .string && $0.nullCount > 0 } == true)
        let package = LayerSummary.summaries(ofFileAt: Paths.fixture("geopackage/broken_metadata.gpkg"))
        #expect(!package.summaries.isEmpty && !package.failures.isEmpty, "\(package.failures)")
        #expect(package.summaries.allSatisfy { $0.path == Paths.fixture("geopackage/broken_metadata.gpkg") })
        // What the reader noticed comes with the summary (and is not encoded with it).
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}]}"#
            .write(toFile: directory + "/clockwise.geojson", atomically: true, encoding: .utf8)
        let clockwise = try LayerSummary(reading: directory + "/clockwise.geojson")
        #expect(clockwise.warnings.contains { $0.message.contains("right-hand rule") }, "\(clockwise.warnings)")
        let encoded = String(decoding: try JSONEncoder().encode(clockwise), as: UTF8.self)
        #expect(!encoded.contains("warnings") && encoded.contains("featureCount"))
        #expect(throws: ReadError.self) { try LayerSummary(reading: Paths.fixture("bad/truncated.geojson")) }
    }
}
