// swift-tools-version: 6.0
import PackageDescription

// Examples of GeoKit as a library, one executable per use case. Depends on the root
// package by path, so that the library itself never resolves anything from here.
let package = Package(
    name: "GeoKitExamples",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "GeoKit", path: "..")],
    targets: [
        .executableTarget(name: "DescribeLayer", dependencies: [.product(name: "GeoKit", package: "GeoKit")]),
        .executableTarget(name: "NearestDefibrillator", dependencies: [.product(name: "GeoKit", package: "GeoKit")]),
        .executableTarget(name: "BatchConvert", dependencies: [.product(name: "GeoKit", package: "GeoKit")]),
        .executableTarget(name: "QueryStore", dependencies: [.product(name: "GeoKit", package: "GeoKit")]),
        .executableTarget(name: "ExportINSPIRE", dependencies: [.product(name: "GeoKit", package: "GeoKit")]),
        .executableTarget(name: "ServeDefibrillators", dependencies: [
            .product(name: "GeoKit", package: "GeoKit"), .product(name: "GeoServer", package: "GeoKit"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
