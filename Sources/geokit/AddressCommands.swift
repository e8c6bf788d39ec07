import ArgumentParser
import Foundation
import GeoKit

/// The address layer (`--addresses`) and how to read its fields.
struct AddressIndexOptions: ParsableArguments {
    @Option(help: "A layer of house coordinates (e.g. the Länder's Hauskoordinaten): points with street and house-number fields.")
    var addresses: String?

    @Option(help: "The table of an --addresses GeoPackage (zip) with several.")
    var addressesLayer: String?

    @Option(help: "The fields of --addresses when their names are not recognised: role=field pairs, e.g. street=STRNAME,number=HNR,suffix=ZUSATZ,postcode=PLZ,place=ORT,address=ANSCHRIFT,code=STRSCHL.")
    var addressesFields: String?

    func fields() throws -> AddressFields? {
        guard let addressesFields else { return nil }
        var fields = AddressFields()
        for pair in addressesFields.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw ValidationError("--addresses-fields takes role=field pairs, got \"\(pair)\"") }
            switch parts[0] {
            case "street": fields.street = parts[1]
            case "number": fields.houseNumber = parts[1]
            case "suffix": fields.houseNumberSuffix = parts[1]
            case "postcode": fields.postcode = parts[1]
            case "place": fields.place = parts[1]
            case "address": fields.combined = parts[1]
            case "code": fields.streetCode = parts[1]
            default: throw ValidationError("--addresses-fields: unknown role \"\(parts[0])\" (street, number, suffix, postcode, place, address, code)")
            }
        }
        guard fields.namesAStreet else { throw ValidationError("--addresses-fields must name a street= or an address= field") }
        return fields
    }

    @Flag(help: "Save the index beside --addresses (FILE.addressindex), so that later commands start without building it.")
    var saveIndex = false

    /// The index of --addresses: a saved index given directly or found beside the layer
    /// (when it is up to date and no --addresses-fields is given), else built from the
    /// layer, with a note of what was left out (and saved with --save-index).
    func index(command: String) throws -> AddressIndex {
        guard let addresses else { throw ValidationError("give the house coordinates with --addresses FILE") }
        if addresses.hasSuffix(".addressindex") { return try AddressIndex(contentsOf: addresses) }
        let saved = AddressIndex.savedPath(forLayerAt: addresses, layer: addressesLayer)
        if !saveIndex, addressesFields == nil, FileManager.default.fileExists(atPath: saved) {
            do {
                return try AddressIndex(contentsOf: saved, source: addresses)
            } catch {
                printError("geokit \(command): warning: \(error); building the index from \(addresses) (--save-index saves it again)")
            }
        }
        let layer = try readLayer(addresses, layer: addressesLayer, option: "--addresses-layer")
        do {
            let index = try AddressIndex(layer: layer, fields: try fields())
            if index.skippedCount > 0 {
                printError("geokit \(command): \(addresses): \(index.skippedCount) of \(layer.features.count) features have no street or no position and are not searched")
            }
            if saveIndex {
                try index.save(to: saved, source: addresses)
                printError("geokit \(command): saved the index of \(index.count) addresses to \(saved)")
            }
            return index
        } catch let error as QueryError {
            throw CLIError("\(addresses): \(error)")
        }
    }
}

struct LocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Find an address in a layer of house coordinates, offline: the candidates with their positions and how well they match.",
        discussion: "Example: geokit locate \"Rüttenscheider Str. 12, 45128 Essen\" --addresses hauskoordinaten.geojson -k 3"
    )

    @Argument(help: "The address, e.g. \"Rüttenscheider Str. 12, 45128 Essen\".") var address: String
    @OptionGroup var index: AddressIndexOptions
    @Option(name: .short, help: "How many candidates.") var k = 1
    @Flag(help: "Print JSON for scripts.") var json = false

    func validate() throws {
        guard k >= 1 else { throw ValidationError("-k must be at least 1") }
        guard index.addresses != nil else { throw ValidationError("give the house coordinates with --addresses FILE") }
        _ = try index.fields()
        do { _ = try PostalAddress(parsing: address) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let addressIndex: AddressIndex, found: [AddressMatch]
        do {
            addressIndex = try index.index(command: "locate")
            found = try addressIndex.locate(address, count: k)
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("geokit locate: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
        if json {
            print(try AddressPrinter.json(found, crs: addressIndex.crs))
        } else {
            print(AddressPrinter.text(found, crs: addressIndex.crs))
        }
        if found.isEmpty {
            printError("geokit locate: no street in \(index.addresses!) is close to \"\(address)\"")
            throw ExitCode(1)
        }
    }
}

struct GeocodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocode",
        abstract: "Give every row of a layer the position of its address from a layer of house coordinates, offline.",
        discussion: """
        Each feature gets the position of its best match (in the CRS of --addresses) and the fields match_quality, match_score and match_address; rows whose address matches nothing are kept without geometry and counted.
        Example: geokit geocode schulen.csv --addresses hauskoordinaten.geojson --address-column "Straße und Hausnummer" -o schulen.gpkg
        """
    )

    @Argument(help: "The layer with addresses (CSV, GeoJSON, GeoPackage, …).") var input: String
    @Option(name: .customLong("layer"), help: "The table of an input GeoPackage (zip) with several.") var table: String?
    @OptionGroup var index: AddressIndexOptions
    @Option(name: .shortAndLong, help: "Output file; its extension chooses the format (.geojson, .gpkg, .csv, .shp, .geojsonl).") var output: String
    @Option(help: "The input column with the whole address (\"Rüttenscheider Str. 12\", with postcode and place if they are in it).") var addressColumn: String?
    @Option(help: "The input column with the street.") var streetColumn: String?
    @Option(help: "The input column with the house number.") var numberColumn: String?
    @Option(help: "The input column with the house-number suffix.") var suffixColumn: String?
    @Option(help: "The input column with the postcode.") var postcodeColumn: String?
    @Option(help: "The input column with the place.") var placeColumn: String?
    @Flag(help: "Replace an existing output file.") var overwrite = false

    func validate() throws {
        guard index.addresses != nil else { throw ValidationError("give the house coordinates with --addresses FILE") }
        _ = try index.fields()
        if addressColumn != nil && streetColumn != nil { throw ValidationError("give either --address-column or --street-column, not both") }
        if streetColumn == nil && addressColumn == nil && [numberColumn, suffixColumn, postcodeColumn, placeColumn].contains(where: { $0 != nil }) {
            throw ValidationError("--number-column and the others need --street-column (or --address-column)")
        }
        guard VectorFormat(fileExtensionOf: output) != nil else {
            throw ValidationError("the output's extension must name a format: .geojson, .gpkg, .csv, .shp or .geojsonl, got \(output)")
        }
    }

    /// The input's address fields as the options name them, or nil to detect them.
    var columns: AddressFields? {
        guard streetColumn != nil || addressColumn != nil else { return nil }
        return AddressFields(street: streetColumn, houseNumber: numberColumn, houseNumberSuffix: suffixColumn,
                             postcode: postcodeColumn, place: placeColumn, combined: addressColumn)
    }

    func run() throws {
        do {
            let addressIndex = try index.index(command: "geocode")
            // An address list without coordinates is a table to geocode, not an error.
            var tables = CSV.ReadOptions()
            tables.readsTablesWithoutCoordinates = true
            let layer = try readLayer(input, layer: table, csv: tables)
            let result: Geocoding
            do { result = try addressIndex.geocode(layer, fields: columns) } catch { throw CLIError("\(input): \(error)") }
            let warnings = try LayerIO.write(result.layer, toPath: output, format: VectorFormat(fileExtensionOf: output)!, overwrite: overwrite)
            for warning in warnings { printError("geokit geocode: \(output): warning: \(warning)") }
            printError(GeocodeReport.text(result, input: input, output: output, crs: addressIndex.crs))
            if result.replacedGeometryCount > 0 {
                printError("geokit geocode: warning: the \(result.replacedGeometryCount) geometries of \(input) are replaced by the positions of their addresses")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("geokit geocode: \(cliMessage(for: error))")
            throw ExitCode(1)
        }
    }
}

/// The summary line geocode prints.
enum GeocodeReport {
    static func text(_ result: Geocoding, input: String, output: String, crs: CRSReference?) -> String {
        let total = result.layer.features.count
        let byQuality = MatchQuality.allCases.compactMap { q in result.matchCounts[q].map { "\($0) \(q)" } }.joined(separator: ", ")
        var lines = ["geokit geocode: \(input) → \(output): \(result.matchedCount) of \(total) placed" + (byQuality.isEmpty ? "" : " (\(byQuality))")
            + ", positions in \(crs.map { "\($0)" } ?? "OGC:CRS84")"]
        if result.unmatchedCount > 0 {
            lines.append("  \(result.unmatchedCount) \(result.unmatchedCount == 1 ? "address matches" : "addresses match") no street of the index; kept without geometry")
        }
        if result.withoutAddressCount > 0 {
            lines.append("  \(result.withoutAddressCount) \(result.withoutAddressCount == 1 ? "row names" : "rows name") no street; kept without geometry")
        }
        return lines.joined(separator: "\n")
    }
}

/// Prints address candidates.
enum AddressPrinter {
    static func text(_ matches: [AddressMatch], crs: CRSReference?) -> String {
        matches.map { m in
            let score = String(format: "%.3f", m.score)
            return "\(m.quality.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0)) \(score)  \(m.address)  "
                + "\(NeighborPrinter.coordinates(m.geographicPosition))"
                + (crs.map { $0.isWGS84Geographic ? "" : "  (\(NeighborPrinter.coordinates(m.position)) in \($0))" } ?? "")
        }.joined(separator: "\n")
    }

    struct Row: Encodable {
        var address: String
        var quality: String
        var score: Double
        var longitude: Double
        var latitude: Double
        var x: Double
        var y: Double
        var crs: String?
        var featureIndex: Int
        var properties: JSONObject
    }

    static func json(_ matches: [AddressMatch], crs: CRSReference?) throws -> String {
        let rows = matches.map { m in
            Row(address: m.address, quality: m.quality.rawValue, score: (m.score * 1000).rounded() / 1000,
                longitude: m.geographicPosition.x, latitude: m.geographicPosition.y, x: m.position.x, y: m.position.y,
                crs: crs.map { "\($0)" }, featureIndex: m.featureIndex, properties: m.feature.properties)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}
