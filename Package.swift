// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "GeoKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GeoKit", targets: ["GeoKit"]),
        .library(name: "GeoCore", targets: ["GeoCore"]),
        .library(name: "GeoPROJ", targets: ["GeoPROJ"]),
        .library(name: "GeoGEOS", targets: ["GeoGEOS"]),
        .library(name: "GeoQuery", targets: ["GeoQuery"]),
        .library(name: "GeoFormats", targets: ["GeoFormats"]),
        .executable(name: "geokit", targets: ["geokit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // GeoPackage storage on the system SQLite (Debian: libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // System-library shims over the C libraries (Debian: libgeos-dev, libproj-dev).
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"]), .brew(["proj"])]
        ),
        // The system zlib, for gzip input and zipped shapefiles (Debian: zlib1g-dev).
        .systemLibrary(
            name: "CZlibShim",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // One C function: SQLite's variadic sqlite3_config, which Swift cannot call.
        .target(name: "CSQLiteSettings", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Pure Swift model and codecs; no C dependency.
        .target(name: "GeoCore"),
        // Coordinate reference systems, reprojection and geodesics over PROJ.
        .target(name: "GeoPROJ", dependencies: ["GeoCore", "CPROJ"]),
        // The GEOS toolbox (predicates, overlay, buffer, validity, prepared geometries).
        .target(name: "GeoGEOS", dependencies: ["GeoCore", "CGEOS"]),
        // The questions people ask of a layer: nearest, within a distance, what is here.
        .target(name: "GeoQuery", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS"]),
        // File formats beyond GeoJSON (GeoPackage, CSV, Shapefile), detection and the
        // streaming reader/writer protocols the batch converter uses.
        .target(name: "GeoFormats", dependencies: [
            "GeoCore", "GeoPROJ", "CSQLiteSettings", "CZlibShim",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Umbrella: `import GeoKit` re-exports every library module.
        .target(name: "GeoKit", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "GeoQuery", "GeoFormats"]),
        .executableTarget(
            name: "geokit",
            dependencies: [
                "GeoKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["GeoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoPROJTests", dependencies: ["GeoPROJ", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoGEOSTests", dependencies: ["GeoGEOS", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoQueryTests", dependencies: ["GeoQuery", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoFormatsTests", dependencies: ["GeoFormats", "GeoKit", "TestSupport"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CGEOS", "CPROJ"]),
        .testTarget(name: "geokitTests", dependencies: ["geokit", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer targets, only for `make fuzz` (GEOKIT_FUZZ=1 and -sanitize=fuzzer,address):
// without libFuzzer's main they would not link.
if Context.environment["GEOKIT_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "GeoKitFuzz", dependencies: ["GeoCore", "GeoFormats", "GeoPROJ"], path: "Tests/Fuzz/GeoKitFuzz",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}
