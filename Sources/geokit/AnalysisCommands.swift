import ArgumentParser
import Foundation
import GeoKit

/// Reads a whole layer in any format `convert` reads; a file with several layers (a
/// GeoPackage's tables, a zip's shapefiles) needs `layer`, so that no table is used by
/// accident.
func readLayer(_ path: String, layer: String? = nil, option: String = "--layer", csv: CSV.ReadOptions = CSV.ReadOptions()) throws -> Layer {
    if path != "-", layer == nil {
        let names = LayerIO.layerNames(path: path)
        if names.count > 1 {
            throw CLIError("\(path) holds \(names.count) layers (\(names.joined(separator: ", ").abbreviated())); choose one with \(option)")
        }
    }
    let reading = try LayerIO.read(path: path, format: path == "-" ? .geojson : nil, layer: layer, csv: csv)
    WarningOutput.report(reading.warnings, command: "read")
    return reading.layer
}

struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Add to each feature of LEFT the properties of the RIGHT feature it matches (a spatial join).",
        discussion: "Example: geokit join schools.geojson gemeinden.geojson --predicate within -o schools_with_gemeinde.geojson"
    )

    @Argument(help: "The left layer (every feature is kept).") var left: String
    @Argument(help: "The right layer (its properties are added).") var right: String
    @Option(help: "The table of a LEFT GeoPackage (zip) with several.") var leftLayer: String?
    @Option(help: "The table of a RIGHT GeoPackage (zip) with several.") var rightLayer: String?
    @Option(help: "within, intersects or nearest.") var predicate: String
    @Option(name: .shortAndLong, help: "Output GeoJSON file.") var output: String
    @Option(name: [.customLong("within"), .customLong("max-distance")], help: "nearest: only matches within this distance (e.g. 2km).") var maxDistance: String?
    @Option(help: "Put this before every added field name.") var prefix = ""
    @Option(help: "Append this to added field names that clash with the left layer's.") var suffix = "_right"
    @Flag(help: "Replace an existing output file.") var overwrite = false

    func validate() throws {
        guard ["within", "intersects", "nearest"].contains(predicate) else { throw ValidationError("--predicate must be within, intersects or nearest") }
        if let maxDistance { _ = try metres(maxDistance) }
    }

    func run() throws {
        do {
            let how: JoinPredicate = switch predicate {
            case "within": .within
            case "intersects": .intersects
            default: .nearest(maxDistance: try maxDistance.map(metres))
            }
            let result = try readLayer(left, layer: leftLayer, option: "--left-layer").spatialJoin(try readLayer(right, layer: rightLayer, option: "--right-layer"), predicate: how, prefix: prefix, suffix: suffix)
            try GeoJSON.write(result.layer, toPath: output, overwrite: overwrite)
            printError("geokit join: \(result.layer.features.count) features written to \(output), \(result.unmatchedCount) without a match")
        } catch {
            printError("geokit join: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
    }
}

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Write one layer per boundary polygon, with lines and polygons clipped to it.",
        discussion: "Example: geokit split roads.geojson --by gemeinden.geojson --name-field GEN -o by-gemeinde/"
    )

    @Argument(help: "The layer to split.") var layer: String
    @Option(help: "The boundary polygons.") var by: String
    @Option(name: .customLong("layer"), help: "The table of a GeoPackage (zip) LAYER with several.") var table: String?
    @Option(help: "The table of a --by GeoPackage (zip) with several.") var byLayer: String?
    @Option(help: "The boundary property that names each output file.") var nameField: String
    @Option(help: "A boundary property that tells boundaries of one name apart (e.g. AGS); added to the file name of duplicates (default: the boundary's index).") var keyField: String?
    @Option(name: .shortAndLong, help: "Output folder (created if missing).") var output: String
    @Flag(help: "Also write the boundaries that hold no feature (as empty layers).") var keepEmpty = false
    @Flag(help: "Replace existing output files.") var overwrite = false

    func run() throws {
        do {
            let boundaries = try readLayer(by, layer: byLayer, option: "--by-layer")
            let split = try readLayer(layer, layer: table).split(by: boundaries, nameField: nameField)
            let written = try split.write(intoFolder: output, boundaries: boundaries, keyField: keyField, includingEmpty: keepEmpty, overwrite: overwrite)
            let total = written.reduce(0) { $0 + $1.part.layer.features.count }
            let empty = split.parts.count - written.count
            printError("geokit split: \(written.count) files in \(output), \(total) features"
                + (empty > 0 ? ", \(empty) boundaries without features not written (--keep-empty writes them)" : "")
                + (split.outside.isEmpty ? "" : ", \(split.outside.count) features outside every boundary (the first: feature \(split.outside[0]))"))
        } catch {
            printError("geokit split: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Share of targets (e.g. schools) with a facility (e.g. an AED) within a distance.",
        discussion: "Example: geokit coverage --targets schools.geojson --facilities aed.geojson --within 300m"
    )

    @Option(help: "The targets layer.") var targets: String
    @Option(help: "The facilities layer.") var facilities: String
    @Option(help: "The table of a --targets GeoPackage (zip) with several.") var targetsLayer: String?
    @Option(help: "The table of a --facilities GeoPackage (zip) with several.") var facilitiesLayer: String?
    @Option(help: "The radius, e.g. 300m.") var within: String
    @Flag(help: "Print JSON for scripts.") var json = false

    func validate() throws { _ = try metres(within) }

    struct Report: Encodable {
        let radiusMetres: Double
        let targets: Int
        let covered: Int
        let share: Double
        let uncovered: [Int]
    }

    func run() throws {
        do {
            let targetLayer = try readLayer(targets, layer: targetsLayer, option: "--targets-layer")
            let result = try targetLayer.coverage(by: try readLayer(facilities, layer: facilitiesLayer, option: "--facilities-layer"), within: try metres(within))
            if json {
                let report = Report(radiusMetres: result.radius, targets: targetLayer.features.count, covered: result.covered.count,
                                    share: (result.share * 10_000).rounded() / 10_000, uncovered: result.uncovered)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                return
            }
            print(String(format: "%d of %d targets (%.1f %%) have a facility within %@", result.covered.count, targetLayer.features.count,
                         result.share * 100, NeighborPrinter.distance(result.radius)))
            if !result.uncovered.isEmpty {
                print("without one:")
                for i in result.uncovered.prefix(50) { print("   feature \(i)  \(NeighborPrinter.label(targetLayer.features[i]))") }
                if result.uncovered.count > 50 { print("   … and \(result.uncovered.count - 50) more (--json lists all)") }
            }
        } catch {
            printError("geokit coverage: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
    }
}
