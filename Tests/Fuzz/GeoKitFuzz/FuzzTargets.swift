// libFuzzer entry points for GeoKit's readers. Built only by `make fuzz` (GEOKIT_FUZZ=1,
// `-sanitize=fuzzer,address`); GEOKIT_FUZZ_TARGET picks the reader. Every input must end
// in a value or a thrown error: a crash, a trap, a leak or a hang is a finding.
import Foundation
import GeoCore
import GeoFormats
import GeoINSPIRE
import GeoPROJ

/// The readers that take bytes in memory, and those that take a file (written to a
/// scratch file in /dev/shm, or the temporary folder, per input).
enum FuzzTarget: String, CaseIterable {
    case geojson, geojsonseq, wkt, wkb, gpkgblob, shp, shx, dbf, csv, gzip, zip, crs, predicate, gml

    static let current: FuzzTarget = {
        guard let name = ProcessInfo.processInfo.environment["GEOKIT_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("GEOKIT_FUZZ_TARGET must be one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = base + "/geokit-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// A valid shapefile's members, for the targets that vary only one of them. Kept as
    /// byte arrays: LeakSanitizer cannot follow the tagged pointers inside a global `Data`.
    static let fixture: (shp: [UInt8], shx: [UInt8], dbf: [UInt8]) = {
        let base = ProcessInfo.processInfo.environment["GEOKIT_FUZZ_FIXTURES"] ?? "Fixtures"
        func load(_ ext: String) -> [UInt8] { FileContents.read(atPath: base + "/shapefile/koeln_stadtbezirk." + ext).map { Array($0) } ?? [] }
        return (load("shp"), load("shx"), load("dbf"))
    }()

    static let predicateFields = [Field(name: "a", type: .integer), Field(name: "b", type: .string), Field(name: "c", type: .boolean),
                                  Field(name: "d", type: .real), Field(name: "name", type: .string)]
    static let predicateRows: [JSONObject] = [
        ["a": 1, "b": "04109", "c": true, "d": 2.5, "name": "Dom"],
        ["a": .null, "b": "x%_y", "c": false, "d": -1, "name": "Straße"],
        ["b": .null, "name": ""],
    ]

    func run(_ bytes: [UInt8]) {
        switch self {
        case .geojson, .geojsonseq:
            var reader = GeoJSONFeatureReader(bytes: bytes, sequence: self == .geojsonseq)
            while (try? reader.next()) != nil {}
        case .wkt:
            _ = try? WKT.decode(String(decoding: bytes, as: UTF8.self))
        case .wkb:
            _ = try? WKB.decodeLeniently(bytes)
        case .gpkgblob:
            _ = bytes.withUnsafeBytes { try? GeoPackageGeometry.decode($0) }
        case .shp:
            readFiles(["x.shp": bytes], open: "x.shp")
        case .shx:
            readFiles(["x.shp": Self.fixture.shp, "x.shx": bytes, "x.dbf": Self.fixture.dbf], open: "x.shp")
        case .dbf:
            readFiles(["x.dbf": bytes], open: "x.dbf")
            readFiles(["x.shp": Self.fixture.shp, "x.shx": Self.fixture.shx, "x.dbf": bytes], open: "x.shp")
        case .csv:
            readFiles(["x.csv": bytes], open: "x.csv")
        case .gzip:
            readFiles(["x.geojson.gz": bytes], open: "x.geojson.gz")
        case .zip:
            readFiles(["x.zip": bytes], open: "x.zip")
        case .gml:
            // A WFS response from a stranger's server.
            FileManager.default.createFile(atPath: Self.folder + "/x.gml", contents: Data(bytes))
            defer { unlink(Self.folder + "/x.gml") }
            guard let source = try? GMLSource(path: Self.folder + "/x.gml") else { return }
            while (try? source.next()) != nil {}
        case .crs:
            _ = try? CRS(declaredByData: String(decoding: bytes, as: UTF8.self))
        case .predicate:
            // A filter as a server receives it: parsed, rendered to SQL in both dialects
            // and evaluated on values of every kind.
            guard let predicate = try? FeaturePredicate(parsing: String(decoding: bytes, as: UTF8.self)) else { return }
            for dialect in [SQLDialect.sqlite, .postgreSQL] { _ = predicate.sqlCondition(fields: Self.predicateFields, dialect: dialect) }
            for properties in Self.predicateRows { _ = predicate.matches(properties) }
            _ = predicate.fieldNames
        }
    }

    /// Writes the files, reads every feature of `open`, removes the files.
    private func readFiles(_ files: [String: [UInt8]], open name: String) {
        for (file, data) in files { FileManager.default.createFile(atPath: Self.folder + "/" + file, contents: Data(data)) }
        defer { for file in files.keys { unlink(Self.folder + "/" + file) } }
        guard let format = try? VectorFormat.identify(path: Self.folder + "/" + name),
              let source = try? format.openSource(path: Self.folder + "/" + name) else { return }
        while (try? source.next()) != nil {}
    }
}

/// libFuzzer's driver, from its runtime (linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM gives an executable its own entry point, so the driver is started from here
/// rather than from libFuzzer's `main`.
@main
enum FuzzMain {
    static func main() {
        _ = FuzzTarget.current
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzTarget.current.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
    }
}

/// The entry libFuzzer's own `main` looks for; the driver above is what runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.current.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
