// Times GeoKit's GEOS wrapper for BENCHMARKS.md:
//   geos-throughput BOUNDARY.geojson ROOFS.geojson POINTS.geojson
// 1) point-in-polygon of 100,000 points against one district polygon, plain vs prepared;
// 2) unary union of 5,000 roof polygons; 3) buffer of 10,000 points by 10 units.
import Foundation
import GeoKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func runBenchmarks() throws {
    let arguments = CommandLine.arguments
    guard arguments.count == 4 else {
        print("usage: geos-throughput BOUNDARY.geojson ROOFS.geojson POINTS.geojson")
        return
    }
    let boundary = try GeoJSON.readLayer(atPath: arguments[1]).features.compactMap(\.geometry).first!
    let box = boundary.boundingBox!
    // 100,000 deterministic points over the boundary's box (a 317 × 317 grid, jittered).
    var points: [Position] = []
    var state: UInt64 = 42
    func random() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    for _ in 0..<100_000 { points.append(Position(x: box.minX + random() * box.width, y: box.minY + random() * box.height)) }
    var inside = 0
    let plain = try seconds {
        inside = 0
        for p in points where try boundary.contains(.point(p)) { inside += 1 }
    }
    print(String(format: "point-in-polygon plain    %d points (%d inside, %d vertices): %.3f s", points.count, inside, boundary.positionCount, plain))
    let prepared = try PreparedGeometry(boundary)
    var insidePrepared = 0
    let preparedTime = try seconds {
        insidePrepared = try prepared.contains(points).filter { $0 }.count
    }
    print(String(format: "point-in-polygon prepared %d points (%d inside): %.3f s", points.count, insidePrepared, preparedTime))

    let roofs = try GeoJSON.readLayer(atPath: arguments[2]).features.prefix(5_000).compactMap(\.geometry)
    var area = 0.0
    let union = try seconds { area = try Geometry.union(of: roofs).area() }
    print(String(format: "unary union of %d roofs: %.3f s (area %.0f)", roofs.count, union, area))

    let seeds = try GeoJSON.readLayer(atPath: arguments[3]).features.prefix(10_000).compactMap(\.geometry)
    var total = 0.0
    let buffers = try seconds {
        total = 0
        for g in seeds { total += try g.buffered(by: 10).area() }
    }
    print(String(format: "buffer of %d points by 10: %.3f s (mean area %.2f)", seeds.count, buffers, total / Double(seeds.count)))
}

try runBenchmarks()
