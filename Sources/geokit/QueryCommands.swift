import ArgumentParser
import Foundation
import GeoKit

/// Options shared by the query commands: the layer, the position and its CRS.
struct QueryOptions: ParsableArguments {
    @Argument(help: "The layer: any file convert reads (GeoJSON, GeoJSON text sequence, CSV, GeoPackage, Shapefile, also zipped or gzipped; '-' for GeoJSON on standard input).")
    var layer: String

    @Option(name: .customLong("layer"), help: "The table of a GeoPackage (or shapefile of a zip) that holds several.")
    var table: String?

    @Option(help: "The position, LON,LAT (x,y in --crs).")
    var at: String?

    @Option(help: "An address instead of --at (e.g. \"Rüttenscheider Str. 12, 45128 Essen\"), looked up in --addresses.")
    var address: String?

    @OptionGroup var addressIndex: AddressIndexOptions

    @Option(help: "CRS of --at (default: longitude/latitude, OGC:CRS84).")
    var crs: String?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var output: OutputOptions

    /// Checks that exactly one of --at and --address is given, and that it reads.
    func validatePosition() throws {
        switch (at, address) {
        case (nil, nil): throw ValidationError("give the position with --at LON,LAT or an address with --address")
        case (.some, .some): throw ValidationError("give either --at or --address, not both")
        case (.some, nil): _ = try position()
        case (nil, .some(let text)):
            if crs != nil { throw ValidationError("--crs is the CRS of --at; an --address needs none") }
            guard addressIndex.addresses != nil else { throw ValidationError("--address needs the house coordinates to look it up in: --addresses FILE") }
            _ = try addressIndex.fields()
            do { _ = try PostalAddress(parsing: text) } catch { throw ValidationError("\(error)") }
        }
    }

    /// The position asked for and its CRS: --at as given, or the best match of --address
    /// in longitude/latitude (printed to standard error, with how well it matched).
    func resolvedPosition(command: String) throws -> (Position, CRSReference) {
        guard let address else { return (try position(), reference()) }
        guard let match = try addressIndex.index(command: command).locate(address).first else {
            throw CLIError("no street in \(addressIndex.addresses!) is close to \"\(address)\"")
        }
        printError("geokit \(command): \(address) → \(match.address) (\(match.quality), score \(String(format: "%.3f", match.score))) at \(NeighborPrinter.coordinates(match.geographicPosition))")
        return (match.geographicPosition, .crs84)
    }

    func position() throws -> Position {
        let at = at ?? ""
        let parts = at.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else {
            throw ValidationError("--at must be LON,LAT (two numbers separated by a comma), got \"\(at)\"")
        }
        return Position(x: x, y: y)
    }

    func reference() -> CRSReference { crs.map(CRSReference.init(parsing:)) ?? .crs84 }

    func index() throws -> GeoIndex {
        output.apply()
        return try GeoIndex(try readLayer(layer, layer: table))
    }

    /// Runs a query, printing failures as one line and exiting 1.
    func run(command: String, _ body: (GeoIndex, Position, CRSReference) throws -> [Neighbor]) throws {
        let results: [Neighbor]
        do {
            let (position, crs) = try resolvedPosition(command: command)
            let index = try index()
            results = try body(index, position, crs)
        } catch let error as ValidationError {
            throw error
        } catch where error is ReadError || error is CLIError {
            printError("geokit: \(cliMessage(for: error))")
            throw ExitCode(1)
        } catch {
            // Errors of the index and the query name the layer they are about.
            printError("geokit: \(layer)\(table.map { " (\($0))" } ?? ""): \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        print(json ? try NeighborPrinter.json(results) : NeighborPrinter.text(results))
    }
}

/// Parses "500m", "2km", "2.5 km" or plain metres.
func metres(_ text: String) throws -> Double {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    let (number, factor): (Substring, Double) = t.hasSuffix("km") ? (t.dropLast(2), 1000) : t.hasSuffix("m") ? (t.dropLast(), 1) : (Substring(t), 1)
    guard let v = Double(number.trimmingCharacters(in: .whitespaces)), v >= 0, v.isFinite else {
        throw ValidationError("a distance must be like 500m or 2km, got \"\(text)\"")
    }
    return v * factor
}

struct NearestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nearest",
        abstract: "The features nearest to a position, with distances in metres on the ellipsoid.",
        discussion: "Example: geokit nearest aed.geojson --at 6.9583,50.9413 -k 3 --within 2km"
    )

    @OptionGroup var query: QueryOptions

    @Option(name: .short, help: "How many features.")
    var k = 1

    @Option(help: "Only features within this distance (e.g. 500m, 2km).")
    var within: String?

    @Flag(help: "Only defibrillators open and public now (OSM opening_hours and access tags).")
    var openNow = false

    @Option(help: "Only those open and public at this time (ISO 8601, e.g. 2026-11-23T03:00 or with an offset).")
    var atTime: String?

    @Option(help: "Time zone for --open-now/--at-time and opening hours.")
    var timeZone = "Europe/Berlin"

    @Option(help: "Public holidays for PH in opening_hours: DE (nationwide) or a Land, e.g. DE-NW, DE-BY.")
    var holidays = "DE"

    func validate() throws {
        guard k >= 1 else { throw ValidationError("-k must be at least 1") }
        if let within { _ = try metres(within) }
        try query.validatePosition()
        if openNow && atTime != nil { throw ValidationError("give either --open-now or --at-time, not both") }
        guard TimeZone(identifier: timeZone) != nil else { throw ValidationError("unknown time zone \"\(timeZone)\"") }
        guard GermanPublicHolidays(region: holidays) != nil else {
            throw ValidationError("--holidays must be DE or a Land: \(GermanPublicHolidays.regions.joined(separator: ", "))")
        }
        if let atTime, parseTime(atTime) == nil { throw ValidationError("--at-time must be ISO 8601, e.g. 2026-11-23T03:00, got \"\(atTime)\"") }
    }

    func parseTime(_ text: String) -> Date? {
        let zone = TimeZone(identifier: timeZone) ?? .current
        for format in ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mmXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    func run() throws {
        let limit = try within.map(metres)
        guard openNow || atTime != nil else {
            try query.run(command: "nearest") { index, p, crs in try index.nearest(to: p, crs: crs, count: k, within: limit) }
            return
        }
        let date = atTime.flatMap(parseTime) ?? Date()
        let zone = TimeZone(identifier: timeZone)!
        var unknown: [AvailableNeighbors.Unknown] = []
        try query.run(command: "nearest") { index, p, crs in
            let calendar = GermanPublicHolidays(region: holidays)!
            let result = try index.nearestAvailable(to: p, at: date, timeZone: zone, crs: crs, count: k, within: limit,
                                                    isPublicHoliday: calendar.isHoliday)
            unknown = result.unknown
            return result.available
        }
        if !unknown.isEmpty && !query.json {
            print("nearer, availability unknown:")
            for entry in unknown.prefix(10) {
                let n = entry.neighbor, why = entry.reason
                print("   \(NeighborPrinter.distance(n.distance))  feature \(n.featureIndex)  \(NeighborPrinter.label(n.feature))  (\(why))")
            }
        }
    }
}

struct WithinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "within",
        abstract: "Every feature within a distance of a position, nearest first.",
        discussion: "Example: geokit within schools.geojson --at 6.9583,50.9413 --within 500m"
    )

    @OptionGroup var query: QueryOptions

    @Option(name: [.customLong("within"), .customLong("distance")], help: "The distance, e.g. 500m or 2km.")
    var distance: String

    func validate() throws {
        _ = try metres(distance)
        try query.validatePosition()
    }

    func run() throws {
        let limit = try metres(distance)
        try query.run(command: "within") { index, p, crs in try index.features(within: limit, of: p, crs: crs) }
    }
}

struct AtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "at",
        abstract: "The polygons that contain a position (e.g. the roof at an address).",
        discussion: "With --within, the nearest feature within that distance when no polygon contains the position."
    )

    @OptionGroup var query: QueryOptions

    @Option(name: [.customLong("within"), .customLong("fallback")], help: "When no polygon contains the position, the nearest feature within this distance (e.g. 20m).")
    var fallback: String?

    func validate() throws {
        if let fallback { _ = try metres(fallback) }
        try query.validatePosition()
    }

    func run() throws {
        let limit = try fallback.map(metres)
        try query.run(command: "at") { index, p, crs in try index.features(containing: p, crs: crs, fallback: limit) }
    }
}

/// Prints query results.
enum NeighborPrinter {
    static func label(_ f: Feature) -> String { f.label }

    /// A position as a person reads it: degrees with 6 decimals (about 10 cm), metres with 2.
    static func coordinates(_ p: Position) -> String {
        let degrees = abs(p.x) <= 360 && abs(p.y) <= 90
        return degrees ? String(format: "%.6f, %.6f", p.x, p.y) : String(format: "%.2f, %.2f", p.x, p.y)
    }

    static func distance(_ d: Double) -> String {
        d >= 1000 ? String(format: "%.2f km", d / 1000) : String(format: "%.1f m", d)
    }

    static func text(_ results: [Neighbor]) -> String {
        if results.isEmpty { return "no feature found" }
        return results.enumerated().map { i, n in
            "\(i + 1). \(label(n.feature))  \(distance(n.distance)), azimuth \(String(format: "%.0f", n.azimuth))°  at \(coordinates(n.nearestPoint))  (feature \(n.featureIndex))"
        }.joined(separator: "\n")
    }

    struct Row: Encodable {
        let featureIndex: Int
        let distanceMetres: Double
        let azimuthDegrees: Double
        let nearestPoint: [Double]
        let id: String?
        let properties: JSONObject
    }

    static func json(_ results: [Neighbor]) throws -> String {
        let rows = results.map {
            Row(featureIndex: $0.featureIndex, distanceMetres: ($0.distance * 1000).rounded() / 1000, azimuthDegrees: ($0.azimuth * 100).rounded() / 100,
                nearestPoint: [$0.nearestPoint.x, $0.nearestPoint.y], id: $0.feature.id?.description, properties: $0.feature.properties)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}
