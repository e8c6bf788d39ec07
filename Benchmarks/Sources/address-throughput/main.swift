// Times the address index for BENCHMARKS.md; every figure is the best of five runs.
//   address-throughput HAUSKOORDINATEN.geojson[.gz] QUERIES.txt [COUNT]
//       index build over the layer, then COUNT one-line addresses (default 100,000)
//       made from the layer (85 % as written, 10 % with "Straße" spelled out, 5 % with
//       two letters of the street swapped), written to QUERIES.txt for the peer: single
//       lookups on one core, then batch geocoding of the same rows as a layer.
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

/// The query texts: deterministic, from the layer's own addresses.
func queries(from index: AddressIndex, count: Int) -> [(text: String, kind: String)] {
    let features = index.layer.features
    var result: [(String, String)] = []
    var i = 0
    while result.count < count {
        let feature = features[(i * 7919) % features.count]
        i += 1
        guard let address = index.fields.address(of: feature), let number = address.houseNumber, !address.street.hasPrefix("#") else { continue }
        var street = address.street
        var kind = "as written"
        if i % 20 == 0, street.count >= 9 {
            var letters = Array(street)
            let m = letters.count / 2
            letters.swapAt(m, m + 1)
            street = String(letters)
            kind = "typo"
        } else if i % 10 == 0, street.hasSuffix("str.") {
            street = street.dropLast(4) + "straße"
            kind = "Straße"
        }
        result.append(("\(street) \(number)", kind))
    }
    return result
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: address-throughput HAUSKOORDINATEN.geojson[.gz] QUERIES.txt [COUNT]")
    exit(2)
}
let count = arguments.count > 3 ? Int(arguments[3])! : 100_000
var layer: Layer!
let read = try seconds { layer = try LayerIO.read(path: arguments[1]).layer }
print(String(format: "read %d house coordinates: %.3f s", layer.features.count, read))
var index: AddressIndex!
let build = try bestOfFive { index = try AddressIndex(layer: layer) }
print(String(format: "index build over %d addresses: %.3f s", index.count, build))

let savedPath = NSTemporaryDirectory() + "/geokit-bench.addressindex"
let save = try bestOfFive { try index.save(to: savedPath) }
var loaded: AddressIndex!
let load = try bestOfFive { loaded = try AddressIndex(contentsOf: savedPath) }
let savedSize = (try FileManager.default.attributesOfItem(atPath: savedPath)[.size] as? NSNumber)?.intValue ?? 0
print(String(format: "saved index: written in %.3f s, read in %.3f s (%d addresses, %.1f MB)", save, load, loaded.count, Double(savedSize) / 1e6))
try? FileManager.default.removeItem(atPath: savedPath)

let texts = queries(from: index, count: count)
try texts.map(\.text).joined(separator: "\n").write(toFile: arguments[2], atomically: true, encoding: .utf8)
for kind in ["as written", "Straße", "typo", nil] as [String?] {
    let subset = texts.filter { kind == nil || $0.kind == kind }.map(\.text)
    var found = 0
    let time = try bestOfFive {
        found = 0
        for text in subset where try !index.locate(text).isEmpty { found += 1 }
    }
    print(String(format: "single lookups, %@: %d in %.3f s (%.0f lookups/s), %d found", kind ?? "all", subset.count, time, Double(subset.count) / time, found))
}
let rows = Layer(name: "rows", features: texts.map { Feature(geometry: nil, properties: ["adresse": .string($0.text)]) },
                 fields: [Field(name: "adresse", type: .string)])
var result: Geocoding!
let batch = try bestOfFive { result = try index.geocode(rows) }
print(String(format: "batch geocoding of %d rows: %.3f s (%.0f rows/s), %d placed (%@)", rows.features.count, batch,
             Double(rows.features.count) / batch, result.matchedCount,
             MatchQuality.allCases.map { "\($0): \(result.matchCounts[$0, default: 0])" }.joined(separator: ", ")))
