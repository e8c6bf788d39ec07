// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that an app importing GeoKit never resolves
// the benchmark harness. Run with `make bench` (release builds).
let package = Package(
    name: "GeoKitBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "GeoKit", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Deterministic synthetic layers, so the benchmarks run without ../shared.
        .target(name: "BenchmarkData", dependencies: [.product(name: "GeoKit", package: "GeoKit")]),
        .executableTarget(
            name: "GeoJSONBenchmarks",
            dependencies: [
                "BenchmarkData",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GeoKit", package: "GeoKit"),
            ],
            path: "Benchmarks/GeoJSONBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Wall-clock MB/s on one large file, printed as a table row for BENCHMARKS.md.
        .executableTarget(
            name: "geojson-throughput",
            dependencies: ["BenchmarkData", .product(name: "GeoKit", package: "GeoKit")]
        ),
        // Reprojection and geodesic throughput, for BENCHMARKS.md.
        .executableTarget(
            name: "proj-throughput",
            dependencies: ["BenchmarkData", .product(name: "GeoKit", package: "GeoKit")]
        ),
        // GEOS operations throughput, for BENCHMARKS.md.
        .executableTarget(
            name: "geos-throughput",
            dependencies: [.product(name: "GeoKit", package: "GeoKit")]
        ),
        // GeoPackage store queries (box page, id, filtered count), for BENCHMARKS.md.
        .executableTarget(
            name: "store-queries",
            dependencies: [.product(name: "GeoKit", package: "GeoKit"), .product(name: "GeoPostGIS", package: "GeoKit")]
        ),
        // Address lookups and batch geocoding, for BENCHMARKS.md.
        .executableTarget(
            name: "address-throughput",
            dependencies: [.product(name: "GeoKit", package: "GeoKit")]
        ),
        // Nearest-AED queries, for BENCHMARKS.md.
        .executableTarget(
            name: "query-throughput",
            dependencies: [.product(name: "GeoKit", package: "GeoKit")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
