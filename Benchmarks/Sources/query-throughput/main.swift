// Times GeoQuery for BENCHMARKS.md; every figure is the best of five runs.
//   query-throughput AED.geojson QUERIES.geojson [COUNT]
//       index build, then the nearest AED (exact geodesic metres) for COUNT query
//       positions (default 100,000): one query at a time, in one batch call, through
//       GEOS's STRtree, and on all cores.
//   query-throughput batch AED.geojson QUERIES.geojson
//       only the batch call, for perf and callgrind.
//   query-throughput join POINTS.geojson ROOFS.geojson
//       point-in-polygon join of every point.
import Dispatch
import Foundation
import GeoKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func bestOfFive(_ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<5 { best = min(best, try seconds(body)) }
    return best
}

func report(_ what: String, _ count: Int, _ time: Double, _ extra: String = "") {
    print(String(format: "%@ for %d positions: %.3f s (%.0f queries/s)%@", what, count, time, Double(count) / time, extra))
}

func readQueries(_ path: String, count: Int) throws -> [Position] {
    var reader = try GeoJSONFeatureReader(path: path)
    var queries: [Position] = []
    while queries.count < count, let f = try reader.next() {
        if case .point(let p)? = f.geometry { queries.append(p) }
    }
    return queries
}

func runJoin(points: String, roofs: String) throws {
    let left = try GeoJSON.readLayer(atPath: points)
    let right = try GeoJSON.readLayer(atPath: roofs)
    var matched = 0
    let t = try bestOfFive {
        let result = try left.spatialJoin(right, predicate: .within)
        matched = result.layer.features.count - result.unmatchedCount
    }
    print(String(format: "point-in-polygon join %d points × %d roofs: %.3f s (%d matched)", left.features.count, right.features.count, t, matched))
}

func runNearest(aedPath: String, queryPath: String, count: Int, batchOnly: Bool) throws {
    let aeds = try GeoJSON.readLayer(atPath: aedPath)
    let queries = try readQueries(queryPath, count: count)
    var index: GeoIndex?
    let build = try bestOfFive { index = try GeoIndex(aeds) }
    let geoIndex = index!
    var mean = 0.0
    let batch = bestOfFive {
        mean = geoIndex.nearest(to: queries).reduce(0) { $0 + $1.distance } / Double(queries.count)
    }
    report("nearest AED in one batch call, one core", queries.count, batch, String(format: ", mean %.1f m", mean))
    if batchOnly { return }
    print(String(format: "index build over %d AEDs: %.1f ms", aeds.features.count, build * 1000))
    let single = try bestOfFive {
        for q in queries { _ = try geoIndex.nearest(to: q) }
    }
    report("nearest AED one query at a time, one core", queries.count, single)
    let workers = ProcessInfo.processInfo.activeProcessorCount
    let chunk = (queries.count + workers - 1) / workers
    let all = bestOfFive {
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            for q in queries[(part * chunk)..<min(queries.count, (part + 1) * chunk)] { _ = try? geoIndex.nearest(to: q) }
        }
    }
    report("nearest AED one query at a time, \(workers) cores", queries.count, all, String(format: ", %.2fx one core", single / all))
    let allBatched = bestOfFive {
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            _ = geoIndex.nearest(to: Array(queries[(part * chunk)..<min(queries.count, (part + 1) * chunk)]))
        }
    }
    report("nearest AED in one batch call per core, \(workers) cores", queries.count, allBatched, String(format: ", %.2fx one core", batch / allBatched))
    // The same queries through GEOS's STRtree (planar degrees), as the issue asks to compare.
    let geometries = aeds.features.compactMap(\.geometry)
    var strtree: STRtree?
    let strBuild = try bestOfFive { strtree = try STRtree(geometries) }
    let strQuery = try bestOfFive {
        for q in queries { _ = try strtree!.nearest(to: .point(q)) }
    }
    report(String(format: "GEOS STRtree (GeoGEOS wrapper, planar degrees, build %.1f ms)", strBuild * 1000), queries.count, strQuery)
}

let arguments = CommandLine.arguments
switch (arguments.count, arguments.count > 1 ? arguments[1] : "") {
case (4, "join"):
    try runJoin(points: arguments[2], roofs: arguments[3])
case (4, "batch"):
    try runNearest(aedPath: arguments[2], queryPath: arguments[3], count: 100_000, batchOnly: true)
case (3, _), (4, _):
    try runNearest(aedPath: arguments[1], queryPath: arguments[2], count: arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000, batchOnly: false)
default:
    print("usage: query-throughput AED.geojson QUERIES.geojson [COUNT] | batch AED QUERIES | join POINTS ROOFS")
}
