import Benchmark
import BenchmarkData
import Foundation
import GeoKit

/// GeoJSON read/write throughput on 100,000 generated points (~16 MB), the same shape as
/// `de_points_1m.geojson`. The 1M-point figures with peers are in BENCHMARKS.md.
let benchmarks: @Sendable () -> Void = {
    let path = NSTemporaryDirectory() + "geokit-bench-points-100k.geojson"
    if !FileManager.default.fileExists(atPath: path) {
        try? PointLayerGenerator.write(count: 100_000, to: path)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let layer = try? GeoJSON.readLayer(atPath: path)

    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("GeoJSON read layer 100k points (\(bytes / 1_000_000) MB)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try GeoJSON.readLayer(atPath: path).features.count)
        }
    }

    Benchmark("GeoJSON stream 100k points") { benchmark in
        for _ in benchmark.scaledIterations {
            var reader = try GeoJSONFeatureReader(path: path)
            var n = 0
            while try reader.next() != nil { n += 1 }
            blackHole(n)
        }
    }

    Benchmark("GeoJSON encode 100k points") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try GeoJSON.encode(layer!).count)
        }
    }
}
