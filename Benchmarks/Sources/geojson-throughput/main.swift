// Times GeoKit's GeoJSON reader and writer on one file and prints MB/s and peak memory,
// for BENCHMARKS.md:  geojson-throughput FILE   (default: a generated 1M-point file)
import BenchmarkData
import Foundation
import GeoKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

var path = CommandLine.arguments.dropFirst().first ?? ""
if path.isEmpty {
    path = NSTemporaryDirectory() + "geokit-points-1m.geojson"
    if !FileManager.default.fileExists(atPath: path) { try PointLayerGenerator.write(count: 1_000_000, to: path) }
}
let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
let mode = CommandLine.arguments.dropFirst(2).first ?? "all"

if mode == "stream" || mode == "all" {
    var count = 0
    let t = try seconds {
        var reader = try GeoJSONFeatureReader(path: path)
        while try reader.next() != nil { count += 1 }
    }
    print(String(format: "stream  %8d features  %6.2f s  %7.1f MB/s  peak RSS %6.0f MB", count, t, megabytes / t, peakResidentMB()))
}
if mode == "read" || mode == "write" || mode == "all" {
    var layer = Layer(name: "", features: [], fields: [])
    let t = try seconds { layer = try GeoJSON.readLayer(atPath: path) }
    if mode != "write" {
        print(String(format: "read    %8d features  %6.2f s  %7.1f MB/s  peak RSS %6.0f MB", layer.features.count, t, megabytes / t, peakResidentMB()))
    }
    if mode == "write" || mode == "all" {
        let out = NSTemporaryDirectory() + "geokit-throughput-out.geojson"
        let w = try seconds { try GeoJSON.write(layer, toPath: out, overwrite: true) }
        let outMB = Double((try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0) / 1e6
        print(String(format: "write   %8d features  %6.2f s  %7.1f MB/s  (%.0f MB written)", layer.features.count, w, outMB / w, outMB))
        try? FileManager.default.removeItem(atPath: out)
    }
}
