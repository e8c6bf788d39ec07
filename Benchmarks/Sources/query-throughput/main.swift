// Times GeoQuery for BENCHMARKS.md:
//   query-throughput AED.geojson QUERIES.geojson [COUNT]
//   query-throughput profile AED.geojson QUERIES.geojson   (batch nearest only, for perf)
//   query-throughput join POINTS.geojson ROOFS.geojson
// index build, then the nearest AED (exact geodesic metres) for COUNT query positions
// (default 100,000), on one core and on all cores.
import Dispatch
import Foundation
import GeoKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// `query-throughput join POINTS ROOFS`: point-in-polygon join of every point.
func runJoin(points: String, roofs: String) throws {
    let left = try GeoJSON.readLayer(atPath: points)
    let right = try GeoJSON.readLayer(atPath: roofs)
    var matched = 0
    let t = try seconds {
        let result = try left.spatialJoin(right, predicate: .within)
        matched = result.layer.features.count - result.unmatchedCount
    }
    print(String(format: "point-in-polygon join %d points × %d roofs: %.3f s (%d matched)", left.features.count, right.features.count, t, matched))
}

func runBenchmarks() throws {
    let arguments = CommandLine.arguments
    if arguments.count == 4, arguments[1] == "join" {
        try runJoin(points: arguments[2], roofs: arguments[3])
        return
    }
    if arguments.count == 4, arguments[1] == "profile" {
        // For perf and callgrind: only the batch nearest call, best of ten.
        let aeds = try GeoJSON.readLayer(atPath: arguments[2])
        let queries = try GeoJSON.readLayer(atPath: arguments[3]).features.prefix(100_000).compactMap { f -> Position? in
            if case .point(let p)? = f.geometry { return p }
            return nil
        }
        let index = try GeoIndex(aeds)
        var best = Double.infinity
        for _ in 0..<10 { best = min(best, seconds { _ = index.nearest(to: queries) }) }
        print(String(format: "batch nearest, %d queries, best of 10: %.3f s (%.0f queries/s)", queries.count, best, Double(queries.count) / best))
        return
    }
    guard arguments.count >= 3 else {
        print("usage: query-throughput AED.geojson QUERIES.geojson [COUNT]")
        return
    }
    let aeds = try GeoJSON.readLayer(atPath: arguments[1])
    let count = arguments.count > 3 ? Int(arguments[3]) ?? 100_000 : 100_000
    var reader = try GeoJSONFeatureReader(path: arguments[2])
    var queries: [Position] = []
    while queries.count < count, let f = try reader.next() {
        if case .point(let p)? = f.geometry { queries.append(p) }
    }
    var index: GeoIndex?
    var build = Double.infinity
    for _ in 0..<5 { build = min(build, try seconds { index = try GeoIndex(aeds) }) }
    print(String(format: "index build over %d AEDs: %.1f ms", aeds.features.count, build * 1000))
    let geoIndex = index!
    var total = 0.0
    let single = try seconds {
        total = 0
        for q in queries { total += try geoIndex.nearest(to: q)[0].distance }
    }
    print(String(format: "nearest AED for %d positions, one core: %.3f s (%.0f queries/s), mean %.1f m", queries.count, single, Double(queries.count) / single, total / Double(queries.count)))
    var batchTotal = 0.0
    let batch = seconds {
        batchTotal = geoIndex.nearest(to: queries).reduce(0) { $0 + $1.distance }
    }
    print(String(format: "nearest AED for %d positions in one batch call, one core: %.3f s (%.0f queries/s), mean %.1f m", queries.count, batch, Double(queries.count) / batch, batchTotal / Double(queries.count)))
    // The same queries through GEOS's STRtree (planar degrees), as the issue asks to compare.
    let geometries = aeds.features.compactMap(\.geometry)
    var strtree: STRtree?
    let strBuild = try seconds { strtree = try STRtree(geometries) }
    let strQuery = try seconds {
        for q in queries { _ = try strtree!.nearest(to: .point(q)) }
    }
    print(String(format: "GEOS STRtree (GeoGEOS wrapper, planar degrees): build %.1f ms, %d nearest queries %.3f s (%.0f queries/s)",
                 strBuild * 1000, queries.count, strQuery, Double(queries.count) / strQuery))
    let fixed = queries
    let workers = ProcessInfo.processInfo.activeProcessorCount
    let chunk = (queries.count + workers - 1) / workers
    let all = seconds {
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            for q in fixed[(part * chunk)..<min(fixed.count, (part + 1) * chunk)] { _ = try? geoIndex.nearest(to: q) }
        }
    }
    print(String(format: "nearest AED for %d positions, %d cores: %.3f s (%.0f queries/s)", queries.count, workers, all, Double(queries.count) / all))
}

try runBenchmarks()
