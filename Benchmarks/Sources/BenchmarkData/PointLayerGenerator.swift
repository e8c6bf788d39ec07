import GeoKit

/// Writes point layers over Germany's bounding box like `../shared/bench/gen_data.py`
/// (`de_points_1m.geojson`: id, kind, value; one feature per line), from a fixed seed, so
/// the benchmarks run the same without `../shared`. The numbers differ from the Python
/// generator's (another random stream) but the shape and size are the same.
public enum PointLayerGenerator {
    static let kinds = ["aed", "pharmacy", "school", "bus_stop", "bakery", "playground", "toilet", "bench"]

    /// A deterministic pseudo-random generator (SplitMix64).
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `count` point features with properties `id`, `kind`, `value` (seeded, repeatable).
    public static func features(count: Int, seed: UInt64 = 20_240_607) -> [Feature] {
        var random = SplitMix64(state: seed)
        var result: [Feature] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            let lon = ((5.87 + Double.random(in: 0..<9.17, using: &random)) * 1_000_000).rounded() / 1_000_000
            let lat = ((47.27 + Double.random(in: 0..<7.79, using: &random)) * 1_000_000).rounded() / 1_000_000
            let value = (Double.random(in: 0..<1000, using: &random) * 1000).rounded() / 1000
            result.append(Feature(geometry: .point(Position(x: lon, y: lat)),
                                  properties: ["id": .integer(Int64(i)), "kind": .string(kinds[Int(random.next() % 8)]), "value": .double(value)]))
        }
        return result
    }

    /// Writes `count` features as a GeoJSON FeatureCollection to `path` (replacing it).
    public static func write(count: Int, to path: String) throws {
        try GeoJSON.write(Layer(name: "points", crs: .crs84, inferringFieldsFrom: features(count: count)), toPath: path, overwrite: true)
    }
}
