import ArgumentParser
import Foundation
import GeoKit

struct CRSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crs",
        abstract: "Describe a coordinate reference system: name, type, axes, area of use and WKT2.",
        discussion: "Accepts EPSG:25832, 25832, OGC URIs and URNs, OGC:CRS84, WKT, PROJJSON, PROJ strings, or a file holding one of them (a Shapefile's .prj; `@FILE` also works)."
    )

    @Argument(help: "The CRS, e.g. EPSG:25832, or a file such as path/to/file.prj.")
    var definition: String

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() throws {
        var text = definition
        // A file (a Shapefile's .prj) is read as gdalsrsinfo reads it: with or without the @.
        let named = definition.hasPrefix("@") ? String(definition.dropFirst()) : definition
        var isFolder: ObjCBool = false
        var fromFile = false
        if definition.hasPrefix("@") || (FileManager.default.fileExists(atPath: named, isDirectory: &isFolder) && !isFolder.boolValue) {
            let path = named
            guard let data = FileManager.default.contents(atPath: path) else {
                printError("geokit crs: \(path): cannot read the file")
                throw ExitCode(1)
            }
            text = String(decoding: data, as: UTF8.self)
            fromFile = true
        }
        let crs: CRS
        // Text from a file is data: it may not make PROJ open other files.
        do { crs = try fromFile ? CRS(declaredByData: text) : CRS(text) } catch {
            printError("geokit crs: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        let matches = crs.authority == nil ? crs.identify() : []
        if json {
            let summary = CRSSummary(crs: crs, matches: matches)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        print("\(crs.identifier): \(crs.name)")
        print("  type:        \(crs.kind.rawValue)")
        for (i, axis) in crs.axes.enumerated() {
            print("  axis \(i + 1):      \(axis.name) (\(axis.abbreviation)), \(axis.direction), \(axis.unit)")
        }
        if crs.isNorthingFirst { print("  note:        the authority lists northing/latitude first; GeoKit keeps x = longitude/easting") }
        if let area = crs.areaOfUse {
            let b = area.bounds
            print("  area of use: \(area.name)")
            print("               \(b.minX), \(b.minY) – \(b.maxX), \(b.maxY) (degrees)")
        }
        for m in matches.prefix(3) { print("  identified:  \(m.authority):\(m.code) (confidence \(m.confidence)%)") }
        print("")
        print(crs.wkt)
    }
}

/// The JSON form of `geokit crs --json`.
struct CRSSummary: Encodable {
    let identifier: String
    let name: String
    let authority: String?
    let code: String?
    let type: String
    let axes: [CRS.Axis]
    let northingFirst: Bool
    let areaOfUse: Area?
    let identified: [Match]
    let wkt: String
    let projJSON: String

    struct Area: Encodable {
        let name: String
        let bbox: [Double]
    }

    struct Match: Encodable {
        let authority: String
        let code: String
        let confidence: Int
    }

    init(crs: CRS, matches: [CRS.Identification]) {
        identifier = crs.identifier
        name = crs.name
        authority = crs.authority
        code = crs.code
        type = crs.kind.rawValue
        axes = crs.axes
        northingFirst = crs.isNorthingFirst
        areaOfUse = crs.areaOfUse.map { Area(name: $0.name, bbox: [$0.bounds.minX, $0.bounds.minY, $0.bounds.maxX, $0.bounds.maxY]) }
        identified = matches.map { Match(authority: $0.authority, code: $0.code, confidence: $0.confidence) }
        wkt = crs.wkt
        projJSON = crs.projJSON
    }
}
