import ArgumentParser
import Foundation
import GeoKit

struct GeomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geom",
        abstract: "Run a GEOS operation on geometries, like GEOS's geosop.",
        discussion: """
            A and B are WKT or GeoJSON text, a file, or '-' for standard input. A text file (or \
            stdin) holds one geometry per line (WKT or GeoJSON), or a GeoJSON FeatureCollection; \
            a layer file (GeoPackage, Shapefile, CSV, zipped or gzipped) gives its geometries: \
            the operation runs once per geometry of A, against the first geometry of B. \
            Results are WKT (or GeoJSON with --geojson), true/false, or a number, one per line. \
            Measures are in CRS units. `geokit geom --list` lists the operations.
            """
    )

    // Unrecognised words are kept, so that a negative distance (`buffer A -10`) is a value.
    @Argument(parsing: .allUnrecognized, help: "OPERATION, then A [B] and the operation's arguments.")
    var words: [String] = []

    @Flag(help: "List the operations with their arguments.")
    var list = false

    @Flag(help: "Print geometries as GeoJSON instead of WKT.")
    var geojson = false

    @Option(help: "buffer: segments per quarter circle.")
    var quadsegs = 8

    @Option(help: "buffer: end cap style, round|flat|square.")
    var cap = "round"

    @Option(help: "buffer: join style, round|mitre|bevel.")
    var join = "round"

    @Option(help: "buffer: mitre ratio limit.")
    var mitreLimit = 5.0

    @Flag(help: "buffer: one side of a line only (left for positive distances).")
    var singleSided = false

    @Flag(help: "is-valid: print the reason and location instead of true/false.")
    var reason = false

    @Option(help: "make-valid: linework (default) or structure.")
    var method = "linework"

    @Option(help: "overlays: snap-round to this precision grid (CRS units).")
    var gridSize: Double?

    func validate() throws {
        if list { return }
        guard let name = words.first else { throw ValidationError("missing OPERATION (see geokit geom --list)") }
        guard let op = GeometryOperation.all.first(where: { $0.name == name }) else {
            throw ValidationError("unknown operation \"\(name)\" (see geokit geom --list)")
        }
        let needed = 1 + op.geometries + op.arguments.count
        guard words.count == needed else {
            let usage = (["A"] + (op.geometries == 2 ? ["B"] : []) + op.arguments).joined(separator: " ")
            throw ValidationError("\(name) takes \(usage)")
        }
        guard ["round", "flat", "square"].contains(cap) else { throw ValidationError("--cap must be round, flat or square") }
        guard ["round", "mitre", "bevel"].contains(join) else { throw ValidationError("--join must be round, mitre or bevel") }
        guard ["linework", "structure"].contains(method) else { throw ValidationError("--method must be linework or structure") }
    }

    func run() throws {
        if list {
            for op in GeometryOperation.all {
                let args = (["A"] + (op.geometries == 2 ? ["B"] : []) + op.arguments).joined(separator: " ")
                let hint = ["buffer": " (--quadsegs, --cap, --join, --mitre-limit, --single-sided)", "is-valid": " (--reason for why not)",
                            "make-valid": " (--method linework|structure)"][op.name] ?? ""
                print("\(op.name) \(args)".padding(toLength: 36, withPad: " ", startingAt: 0) + op.summary + hint)
            }
            return
        }
        let op = GeometryOperation.all.first { $0.name == words[0] }!
        var options = GeometryOperation.Options()
        options.buffer = BufferOptions(quadrantSegments: quadsegs,
                                       capStyle: ["round": .round, "flat": .flat, "square": .square][cap]!,
                                       joinStyle: ["round": .round, "mitre": .mitre, "bevel": .bevel][join]!,
                                       mitreLimit: mitreLimit, singleSided: singleSided)
        options.reason = reason
        options.repair = method == "structure" ? .structure(keepCollapsed: false) : .linework
        options.gridSize = gridSize
        let inputsA: [GeometryArgument.Item]
        var b: Geometry?
        do {
            inputsA = try GeometryArgument.geometries(words[1], name: "A")
            if op.geometries == 2 {
                guard let first = try GeometryArgument.geometries(words[2], name: "B").first else { throw CLIError("B: no geometry") }
                b = try first.geometry.get()
            }
        } catch {
            printError("geokit geom: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        let arguments = Array(words.dropFirst(1 + op.geometries))
        var failures = 0
        for item in inputsA {
            let label = item.label
            do {
                let a = try item.geometry.get()
                print(try format(try op.run(a, b, arguments, options)))
            } catch let error as ReadError {
                printError("geokit geom: \(label): \(error.message)\(error.location.column.map { " (column \($0))" } ?? "")")
                print("ERROR")
                failures += 1
            } catch {
                printError("geokit geom: \(label): \(cliMessage(for: error))")
                print("ERROR")
                failures += 1
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    func format(_ result: OperationResult) throws -> String {
        switch result {
        case .geometry(let g): geojson ? try GeoJSON.encodeString(g) : WKT.encode(g)
        case .boolean(let b): String(b)
        case .number(let d): d.isFinite && d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .text(let t): t
        }
    }
}
