import Foundation
import GeoKit
import TestSupport
import Testing

/// The synchronous batch cursor: `nextBatch(maxCount:)` hands over the same features as
/// `next()`, in the same order, for every built-in format.
@Suite struct BatchCursorTests {
    @Test func batchesAreTheFeaturesInOrder() throws {
        let layer = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson")).carryingIDsAsField()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for format in VectorFormat.allCases {
            let path = directory + "/aed." + format.fileExtension
            try LayerIO.write(layer, toPath: path, format: format, overwrite: false)
            let one = try format.driver.openSource(path: path, layer: nil, options: FormatReadOptions())
            var single: [Feature] = []
            while let f = try one.next() { single.append(f) }
            // Batches of an odd size, across the GeoPackage reader's own buffer.
            let batched = try format.driver.openSource(path: path, layer: nil, options: FormatReadOptions())
            var batches: [[Feature]] = []
            while true {
                let batch = try batched.nextBatch(maxCount: 50)
                if batch.isEmpty { break }
                batches.append(batch)
            }
            #expect(batches.map(\.count) == [50, 50, 21], "\(format)")
            #expect(batches.flatMap { $0 } == single && single.count == 121, "\(format)")
            #expect(try batched.nextBatch(maxCount: 10).isEmpty && (try batched.next()) == nil)
            #expect(try format.driver.openSource(path: path, layer: nil, options: FormatReadOptions()).nextBatch(maxCount: 0).isEmpty)
        }
        // A GeoPackage larger than the reader's buffer of 4,096 rows.
        var random = RandomStream(seed: 21)
        let many = Layer(name: "many", crs: .crs84, features: (0..<10_000).map { i in
            Feature(geometry: .point(Position(x: 6 + random.next(), y: 50 + random.next())), properties: ["n": .integer(Int64(i))])
        }, fields: [Field(name: "n", type: .integer)])
        try GeoPackageWriter.write(many, toPath: directory + "/many.gpkg")
        let reader = try GeoPackageReader(path: directory + "/many.gpkg")
        var numbers: [Int64] = []
        while case let batch = try reader.nextBatch(maxCount: 3_000), !batch.isEmpty {
            numbers += batch.compactMap { $0[property: "n"]?.integerValue }
        }
        #expect(numbers == Array(0..<10_000).map(Int64.init) && reader.featuresRead == 10_000)
    }
}
