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

    @Option(name: .shortAndLong, help: "The folder to write mapping.yaml into (created when missing).")
    var output: String

    @Flag(help: "Replace an existing mapping.yaml.")
    var overwrite = false

    func run() throws {
        let summaries = LayerSummary.summaries(ofFileAt: layer)
        if let failure = summaries.failures.first { throw CLIError("geokit inspire init: \(cliMessage(for: failure))") }
        guard let summary = summaries.summaries.first else { throw CLIError("geokit inspire init: \(layer): no layer") }
        let name = ((layer as NSString).lastPathComponent as NSString).deletingPathExtension
        let starter = INSPIREMapping.starter(profile: profile, fieldNames: summary.fields.map(\.name), dataset: name)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let path = (output as NSString).appendingPathComponent("mapping.yaml")
        if !overwrite && FileManager.default.fileExists(atPath: path) {
            throw CLIError("geokit inspire init: \(path) already exists (--overwrite replaces it)")
        }
        try Data(starter.mapping.yaml(guesses: starter.guesses).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        print("wrote \(path) (\(starter.guesses.count) fields guessed from their names: check them, and set the namespace)")
        let metadata = (output as NSString).appendingPathComponent("metadata.yaml")
        if overwrite || !FileManager.default.fileExists(atPath: metadata) {
            try Data(ISOMetadataRecord.starterYAML(title: name).utf8).write(to: URL(fileURLWithPath: metadata), options: .atomic)
            print("wrote \(metadata) (replace every CHANGE-ME)")
        }
    }
}

extension INSPIREProfile: ExpressibleByArgument {}

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
        discussion: "Writes DIR/<dataset>.gml. Nothing is written when a feature cannot be exported as mapped.")

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

    @Flag(help: "Leave out the features that cannot be exported as mapped (each is named) instead of writing nothing.")
    var skipInvalid = false

    @Flag(help: "Validate the written GML against the official schemas (offline); exit 1 when invalid.")
    var validate = false

    @Option(help: "The schema folder (catalog.xml and validation/*.xsd); default: GEOKIT_SCHEMAS, the installed schemas or ../shared/schemas.")
    var schemas: String?

    func run() throws {
        var exporter = try INSPIREExporter(mapping: INSPIREMapping(contentsOfFile: mapping), crs: crs)
        exporter.skipsUnexportable = skipInvalid
        let description = try metadata.map { path throws(INSPIREError) in try MetadataDescription(contentsOfFile: path) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let target = (output as NSString).appendingPathComponent(exporter.mapping.dataset + ".gml")
        let check = try exporter.exportGML(path: layer, to: target)
        print("wrote \(target): \(check.exportableCount) GovernmentalService features in \(exporter.crs.identifier)")
        for line in check.reportLines { print(line) }
        let validator = validate ? try SchemaValidator(schemaFolder: schemas ?? SchemaValidator.locateSchemas() ?? "") : nil
        let valid = try validator.map { validator throws in InspireValidateCommand.report(try validator.validate(path: target)) }
        if let description, let extent = check.extent {
            let recordPath = (output as NSString).appendingPathComponent(exporter.mapping.dataset + ".metadata.xml")
            // Conformity is stated only as far as it was checked.
            let record = ISOMetadataRecord(description: description, mapping: exporter.mapping, crsCode: exporter.crs.identifier,
                                           extent: extent, conformity: valid)
            try record.write(toPath: recordPath)
            print("wrote \(recordPath) (ISO 19139; conformity \(valid.map { $0 ? "true" : "false" } ?? "not evaluated"))")
            if let validator, !InspireValidateCommand.report(try validator.validate(path: recordPath)) { throw ExitCode(1) }
        }
        if valid == false { throw ExitCode(1) }
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

    /// Prints a validation's outcome; true when valid.
    static func report(_ validation: SchemaValidation) -> Bool {
        let schema = (validation.schema as NSString).lastPathComponent
        if validation.isValid {
            print("\(validation.path): valid (\(schema))")
            return true
        }
        printError("\(validation.path): not valid against \(schema)")
        for message in validation.messages.prefix(50) {
            printError("\(validation.path):\(message.line.map(String.init) ?? "?"): \(message.message)")
        }
        if validation.messages.count > 50 { printError("… and \(validation.messages.count - 50) more") }
        return false
    }
}
