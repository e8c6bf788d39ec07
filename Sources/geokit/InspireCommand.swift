import ArgumentParser
import Foundation
import GeoKit

struct InspireCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspire",
        abstract: "INSPIRE export: GovernmentalService GML (us-govserv 5.0) through a mapping file.",
        subcommands: [InspireProfilesCommand.self, InspireInitCommand.self, InspireCheckCommand.self, InspireExportCommand.self, InspireValidateCommand.self]
    )
}

struct InspireProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profiles", abstract: "List the built-in theme profiles.")

    func run() {
        for profile in INSPIREProfile.allCases { print("\(profile.rawValue)\t\(profile)") }
    }
}

struct InspireInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter mapping.yaml (fields guessed from their names) and metadata.yaml for a layer.")

    @Option(help: "The theme profile: \(INSPIREProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
    var profile: INSPIREProfile

    @Argument(help: "The layer (any format GeoKit reads).")
    var layer: String

    @Option(name: .shortAndLong, help: "The folder to write mapping.yaml and metadata.yaml into (created when missing).")
    var output: String

    @Flag(help: "Replace an existing mapping.yaml.")
    var overwrite = false

    func run() throws {
        let written = try INSPIREPublication.writeStarters(for: layer, profile: profile, into: output, overwrite: overwrite)
        print("wrote \(written.files.joined(separator: " and ")) (\(written.guessedFields) fields guessed from their names: check them; replace every CHANGE-ME)")
    }
}

extension INSPIREProfile: ExpressibleByArgument {}
extension INSPIREEncoding: ExpressibleByArgument {}

struct InspireCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a layer against a mapping without writing: unmappable features, unmapped codes, voids.",
        discussion: "Exit status 1 when an export would be refused.")

    @Argument(help: "The layer.")
    var layer: String

    @Option(help: "The mapping file (YAML or JSON).")
    var mapping: String

    @Option(help: "The output CRS to check the coordinates against.")
    var crs = "EPSG:4258"

    func run() throws {
        let exporter = try INSPIREExporter(mapping: INSPIREMapping(contentsOfFile: mapping), crs: crs)
        let check = try exporter.check(path: layer)
        for line in check.reportLines { print(line) }
        if !check.isExportable { throw ExitCode(1) }
    }
}

struct InspireExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a layer as INSPIRE GML (a WFS 2.0 FeatureCollection of us-govserv 5.0 GovernmentalServices).",
        discussion: "Writes DIR/<dataset>.gml (or .geojson), and with --metadata DIR/<dataset>.metadata.xml. Nothing is written when a feature cannot be exported as mapped.")

    @Argument(help: "The layer.")
    var layer: String

    @Option(help: "The mapping file (YAML or JSON).")
    var mapping: String

    @Option(help: "The metadata file (YAML): with it, DIR/<dataset>.metadata.xml (ISO 19139) is written too.")
    var metadata: String?

    @Option(name: .shortAndLong, help: "The output folder (created when missing).")
    var output: String

    @Option(help: "The output CRS, an EPSG code; EPSG:4258 and EPSG:4326 are written latitude first.")
    var crs = "EPSG:4258"

    @Option(help: "gml (GML 3.2.1, the default) or geojson (INSPIRE's alternative encoding, longitude first).")
    var encoding: INSPIREEncoding = .gml

    @Flag(help: "Leave out the features that cannot be exported as mapped (each is named) instead of writing nothing.")
    var skipInvalid = false

    @Flag(help: "Validate the written GML against the official schemas (offline); exit 1 when invalid.")
    var validate = false

    @Option(help: "The schema folder (catalog.xml and validation/*.xsd); default: GEOKIT_SCHEMAS, the installed schemas or ../shared/schemas.")
    var schemas: String?

    func run() throws {
        var exporter = try INSPIREExporter(mapping: INSPIREMapping(contentsOfFile: mapping), crs: crs, encoding: encoding)
        exporter.skipsUnexportable = skipInvalid
        let description = try metadata.map { path throws(INSPIREError) in try MetadataDescription(contentsOfFile: path) }
        let validator = validate ? try SchemaValidator(schemaFolder: schemas ?? SchemaValidator.locateSchemas() ?? "") : nil
        let published = try INSPIREPublication(exporting: layer, with: exporter, into: output, description: description, validator: validator)
        let kind = exporter.mapping.profile.isHarmonised ? "GovernmentalService" : "INSPIRE-style"
        print("wrote \(published.gmlPath): \(published.check.exportableCount) \(kind) features in \(exporter.crs.identifier)")
        for line in published.check.reportLines { print(line) }
        if let record = published.metadataPath {
            let conformity = !exporter.mapping.profile.isHarmonised ? "false: no INSPIRE theme fits"
                : published.validations.first.map { $0.isValid ? "true" : "false" } ?? "not evaluated"
            print("wrote \(record) (ISO 19139; conformity \(conformity))")
        }
        for validation in published.validations { _ = InspireValidateCommand.report(validation) }
        if !published.isValid { throw ExitCode(1) }
    }
}

struct InspireValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate INSPIRE GML or ISO 19139 metadata against the official XML schemas, offline.",
        discussion: "Exit status 0 when every file is valid, 1 otherwise, with the schema's messages and their lines.")

    @Argument(help: "The documents.")
    var files: [String]

    @Option(help: "The schema folder (catalog.xml and validation/*.xsd); default: GEOKIT_SCHEMAS, the installed schemas or ../shared/schemas.")
    var schemas: String?

    func run() throws {
        guard let folder = schemas ?? SchemaValidator.locateSchemas() else {
            throw CLIError("geokit inspire validate: no schema folder found: give --schemas DIR or set GEOKIT_SCHEMAS")
        }
        let validator = try SchemaValidator(schemaFolder: folder)
        var allValid = true
        for file in files {
            do {
                if !Self.report(try validator.validate(path: file)) { allValid = false }
            } catch {
                printError("geokit inspire validate: \(error)")
                allValid = false
            }
        }
        if !allValid { throw ExitCode(1) }
    }

    /// Prints a validation's outcome (valid to standard output, the rest to standard
    /// error); true when valid.
    static func report(_ validation: SchemaValidation) -> Bool {
        for line in validation.reportLines() { validation.isValid ? print(line) : printError(line) }
        return validation.isValid
    }
}
