// Times GeoKit's PROJ wrapper for BENCHMARKS.md:
//   proj-throughput [LONLAT_FILE]   (default: 1,000,000 generated points over Germany)
// 1) EPSG:4326 → EPSG:25832 on coordinate buffers, one core and all cores;
// 2) 1,000,000 geodesic inverse problems (WGS 84).
import BenchmarkData
import Foundation
import GeoKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func runBenchmarks() throws {
    var xs: [Double] = [], ys: [Double] = []
    if let path = CommandLine.arguments.dropFirst().first {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            xs.append(Double(parts[0])!)
            ys.append(Double(parts[1])!)
        }
    } else {
        for f in PointLayerGenerator.features(count: 1_000_000) {
            if case .point(let p)? = f.geometry {
                xs.append(p.x)
                ys.append(p.y)
            }
        }
    }
    let n = xs.count
    let transformer = try Transformer(from: "EPSG:4326", to: "EPSG:25832")
    for parallel in [false, true] {
        var best = Double.infinity
        for _ in 0..<3 {
            var x = xs, y = ys
            var z: [Double]? = nil
            best = min(best, try seconds { try transformer.transform(x: &x, y: &y, z: &z, parallel: parallel) })
        }
        print(String(format: "reproject %d points 4326→25832 %@: %.3f s (%.2f M points/s)", n, parallel ? "all cores" : "one core ", best, Double(n) / best / 1e6))
    }
    var total = 0.0
    let geodesic = Geodesic.wgs84
    let t = seconds {
        for i in 0..<n {
            let j = (i * 7919 + 13) % n
            total += geodesic.distance(from: Position(x: xs[i], y: ys[i]), to: Position(x: xs[j], y: ys[j]))
        }
    }
    print(String(format: "geodesic inverse x%d: %.3f s (%.2f M/s), checksum %.1f km", n, t, Double(n) / t / 1e6, total / 1000 / Double(n)))
}

try runBenchmarks()
