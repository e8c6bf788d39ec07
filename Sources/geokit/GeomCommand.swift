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
                print("\(op.name) \(args)".padding(toLength: 36, withPad: " ", startingAt: 0) + op.summary)
            }
            return
        }
        let op = GeometryOperation.all.first { $0.name == words[0] }!
        var options = GeometryOptions()
        options.buffer = BufferOptions(quadrantSegments: quadsegs,
                                       capStyle: ["round": .round, "flat": .flat, "square": .square][cap]!,
                                       joinStyle: ["round": .round, "mitre": .mitre, "bevel": .bevel][join]!,
                                       mitreLimit: mitreLimit, singleSided: singleSided)
        options.reason = reason
        options.repair = method == "structure" ? .structure(keepCollapsed: false) : .linework
        options.gridSize = gridSize
        let inputsA: [(String, Result<Geometry, Error>)]
        var b: Geometry?
        do {
            inputsA = try GeometryInput.read(words[1], name: "A")
            if op.geometries == 2 {
                guard let first = try GeometryInput.read(words[2], name: "B").first else { throw CLIError("B: no geometry") }
                b = try first.1.get()
            }
        } catch {
            printError("geokit geom: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        let arguments = Array(words.dropFirst(1 + op.geometries))
        var failures = 0
        for (label, input) in inputsA {
            do {
                let a = try input.get()
                print(try format(try op.run(a, b, arguments, options)))
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

/// Reads the A or B argument of `geokit geom`: literal WKT/GeoJSON, a file or stdin.
enum GeometryInput {
    static func read(_ argument: String, name: String) throws -> [(String, Result<Geometry, Error>)] {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        if trimmed.first == "{" { return [(name, Result { try geometry(fromGeoJSON: trimmed) })] }
        let looksLikeWKT = trimmed.range(of: #"^(SRID=\d+;)?\s*[A-Za-z]+\s*[ZM]*\s*(\(|EMPTY)"#, options: [.regularExpression, .caseInsensitive]) != nil
        if looksLikeWKT && !FileManager.default.fileExists(atPath: trimmed) {
            return [(name, Result { () throws -> Geometry in
                do throws(ReadError) { return try WKT.decode(trimmed) } catch { throw CLIError("\(error.message) (column \(error.location.column ?? 0))") }
            })]
        }
        // A layer file (GeoPackage, Shapefile, zip, gzip, CSV) through the layer readers:
        // every feature's geometry, labelled with the file and feature.
        if argument != "-", FileManager.default.fileExists(atPath: argument) {
            let format = try VectorFormat.identify(path: argument)
            let lower = argument.lowercased()
            let plainText = [".wkt", ".txt", ".geojson", ".json"].contains(where: lower.hasSuffix) && format != .geopackage && format != .shapefile
            if !plainText {
                let layer = try readLayer(argument)
                return layer.features.enumerated().compactMap { i, f in
                    f.geometry.map { ("\(argument): feature \(i)", .success($0)) }
                }
            }
        }
        let text: String
        if argument == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: argument) else {
                throw CLIError("\(name): \"\(argument)\" is neither WKT, GeoJSON nor a readable file")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let file = argument == "-" ? "stdin" : argument
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasPrefix("{"), !body.contains("\n{") {
            // One GeoJSON document: every feature's geometry (or the geometry itself).
            do {
                let document = try GeoJSON.decode(body, file: file)
                return document.object.features.enumerated().compactMap { i, f in
                    f.geometry.map { ("\(file): feature \(i)", .success($0)) }
                }
            } catch {
                throw CLIError("\(error)")
            }
        }
        var result: [(String, Result<Geometry, Error>)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let label = "\(file):\(i + 1)"
            result.append((label, Result { () throws -> Geometry in
                if content.hasPrefix("{") { return try geometry(fromGeoJSON: content) }
                do throws(ReadError) { return try WKT.decode(content) } catch {
                    throw CLIError("\(error.message) (column \(error.location.column ?? 0))")
                }
            }))
        }
        return result
    }

    static func geometry(fromGeoJSON text: String) throws -> Geometry {
        let document = try GeoJSON.decode(text)
        guard let g = document.object.features.first?.geometry else { throw CLIError("the GeoJSON holds no geometry") }
        return g
    }
}
