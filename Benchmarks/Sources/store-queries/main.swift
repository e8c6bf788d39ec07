// Times GeoPackageStore for BENCHMARKS.md (release build):
//   store-queries POINTS.gpkg [QUERIES]
//   store-queries POINTS.geojson [QUERIES]   the same through LayerStore (in memory)
//   store-queries 'postgresql://…?table=T' [QUERIES]   the same through PostGISStore
// Three questions a server asks, each QUERIES times (default 2,000) one after another,
// then from 8 concurrent tasks: a page of 100 features in a box of 0.2° × 0.1° (a town)
// at a random place in the layer, a feature by a random id, and the count of
// `kind = 'aed' AND value > 500` in such a box. Prints median and 90th-percentile
// latency and queries per second; then the same count over the whole layer (no box).
import Dispatch
import Foundation
import GeoKit
import GeoPostGIS

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: store-queries POINTS.gpkg [QUERIES]")
    exit(2)
}
let opened = DispatchTime.now().uptimeNanoseconds
let store: any FeatureStore
if PostGISLocation.isURL(arguments[1]) {
    store = try await PostGISStore.open(PostGISLocation(arguments[1]))
} else if arguments[1].hasSuffix(".gpkg") {
    store = try GeoPackageStore(path: arguments[1], connections: 8)
} else {
    store = LayerStore(try GeoJSON.readLayer(atPath: arguments[1]))
}
let openSeconds = Double(DispatchTime.now().uptimeNanoseconds - opened) / 1e9
let queryCount = arguments.count > 2 ? Int(arguments[2]) ?? 2_000 : 2_000
let extent = store.schema.extent ?? BoundingBox(minX: 5.87, minY: 47.27, maxX: 15.04, maxY: 55.06)
let featureCount = store.schema.featureCount ?? 1

/// A repeatable stream of numbers in 0..<1 (a linear congruential generator).
struct Stream {
    var state: UInt64 = 20_261_201
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
}
var stream = Stream()
let boxes = (0..<queryCount).map { _ in
    let x = extent.minX + stream.next() * (extent.maxX - extent.minX - 0.2)
    let y = extent.minY + stream.next() * (extent.maxY - extent.minY - 0.1)
    return BoundingBox(minX: x, minY: y, maxX: x + 0.2, maxY: y + 0.1)
}
let ids = (0..<queryCount).map { _ in FeatureID.integer(1 + Int64(stream.next() * Double(featureCount))) }
let filter = try FeaturePredicate(parsing: "kind = 'aed' AND value > 500")

func milliseconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

/// Runs `query(i)` for every i, one after another or spread over `tasks` tasks; returns
/// each latency in ms and the wall time in s.
func measure(tasks: Int, _ query: @escaping @Sendable (Int) async throws -> Int) async throws -> (latencies: [Double], wall: Double, results: Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let parts = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
        for task in 0..<tasks {
            group.addTask {
                var latencies: [Double] = []
                var results = 0
                for i in stride(from: task, to: queryCount, by: tasks) {
                    let begin = DispatchTime.now().uptimeNanoseconds
                    results += try await query(i)
                    latencies.append(milliseconds(since: begin))
                }
                return (latencies, results)
            }
        }
        var all: [([Double], Int)] = []
        for try await part in group { all.append(part) }
        return all
    }
    return (parts.flatMap(\.0).sorted(), milliseconds(since: start) / 1000, parts.reduce(0) { $0 + $1.1 })
}

func report(_ name: String, _ run: (latencies: [Double], wall: Double, results: Int), tasks: Int) {
    let median = run.latencies[run.latencies.count / 2], p90 = run.latencies[run.latencies.count * 9 / 10]
    print(String(format: "%@, %d task%@: median %.3f ms, p90 %.3f ms, %.0f queries/s (%.1f results per query)",
                 name, tasks, tasks == 1 ? "" : "s", median, p90, Double(run.latencies.count) / run.wall, Double(run.results) / Double(run.latencies.count)))
}

print("\(arguments[1]): \(featureCount) features, \(queryCount) queries each; \(type(of: store)) opened in \(String(format: "%.2f", openSeconds)) s")
for tasks in [1, 2, 8] {
    report("box page of 100", try await measure(tasks: tasks) { i in
        try await store.features(matching: FeatureQuery(boundingBox: boxes[i], limit: 100)).features.count
    }, tasks: tasks)
    report("feature by id", try await measure(tasks: tasks) { i in
        try await store.feature(id: ids[i]) == nil ? 0 : 1
    }, tasks: tasks)
    report("filtered count in a box", try await measure(tasks: tasks) { i in
        try await store.count(matching: FeatureQuery(boundingBox: boxes[i], predicate: filter))
    }, tasks: tasks)
}
var whole: [Double] = []
var matched = 0
for _ in 0..<5 {
    let begin = DispatchTime.now().uptimeNanoseconds
    matched = try await store.count(matching: FeatureQuery(predicate: filter))
    whole.append(milliseconds(since: begin))
}
print(String(format: "filtered count over the whole layer: median %.1f ms (%d matched)", whole.sorted()[2], matched))
