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
        .library(name: "GeoINSPIRE", targets: ["GeoINSPIRE"]),
        // The OGC API – Features server: its own product, so that `import GeoKit` never
        // pulls Hummingbird and SwiftNIO into an app.
        .library(name: "GeoServer", targets: ["GeoServer"]),
        // PostgreSQL/PostGIS as a store and a load target: its own product, so that
        // `import GeoKit` never pulls postgres-nio into an app.
        .library(name: "GeoPostGIS", targets: ["GeoPostGIS"]),
        .executable(name: "geokit", targets: ["geokit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // GeoPackage storage on the system SQLite (Debian: libsqlite3-dev).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // INSPIRE mapping and metadata files (YAML, or JSON, which is YAML too).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The HTTP server of `geokit serve` (GeoServer only). Its swift-configuration
        // support is left out: GeoKit configures the server from its own options.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's header types, named by GeoServer's HTTP adapter.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // PostgreSQL's wire protocol, async, with a connection pool (GeoPostGIS only).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // libxml2, for validating INSPIRE GML and ISO metadata against their XML schemas
        // offline (Debian: libxml2-dev).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
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
        // INSPIRE: theme profiles, the mapping file, GML 3.2.1 and ISO 19139 metadata
        // writers, and schema validation.
        .target(name: "GeoINSPIRE", dependencies: [
            "GeoCore", "GeoPROJ", "GeoGEOS", "GeoFormats", "CLibXML2",
            .product(name: "Yams", package: "Yams"),
        ]),
        // OGC API – Features (Parts 1–3), the nearest endpoint and HTML pages over any
        // `FeatureStore`, on Hummingbird.
        .target(name: "GeoServer", dependencies: [
            "GeoKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        // PostGIS: `postgresql://` URLs as stores, sources and load targets.
        .target(name: "GeoPostGIS", dependencies: [
            "GeoCore", "GeoPROJ", "GeoFormats",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // Umbrella: `import GeoKit` re-exports every library module.
        .target(name: "GeoKit", dependencies: ["GeoCore", "GeoPROJ", "GeoGEOS", "GeoQuery", "GeoFormats", "GeoINSPIRE"]),
        .executableTarget(
            name: "geokit",
            dependencies: [
                "GeoKit", "GeoServer", "GeoPostGIS",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["GeoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoPROJTests", dependencies: ["GeoPROJ", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoGEOSTests", dependencies: ["GeoGEOS", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoQueryTests", dependencies: ["GeoQuery", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoFormatsTests", dependencies: ["GeoFormats", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoINSPIRETests", dependencies: ["GeoINSPIRE", "GeoKit", "TestSupport"]),
        .testTarget(name: "GeoServerTests", dependencies: [
            "GeoServer", "GeoKit", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .testTarget(name: "GeoPostGISTests", dependencies: ["GeoPostGIS", "GeoKit", "TestSupport"]),
        .testTarget(name: "SystemLibraryTests", dependencies: ["CGEOS", "CPROJ"]),
        .testTarget(name: "geokitTests", dependencies: ["geokit", "TestSupport"], exclude: ["Clients"]),
    ],
    swiftLanguageModes: [.v6]
)

// The libFuzzer targets, only for `make fuzz` (GEOKIT_FUZZ=1 and -sanitize=fuzzer,address):
// without libFuzzer's main they would not link.
if Context.environment["GEOKIT_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "GeoKitFuzz", dependencies: ["GeoCore", "GeoFormats", "GeoPROJ", "GeoINSPIRE"], path: "Tests/Fuzz/GeoKitFuzz",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ))
}
