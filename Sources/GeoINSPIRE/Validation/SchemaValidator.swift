import CLibXML2
import Foundation
import GeoCore

/// Validates INSPIRE GML and ISO 19139 metadata against the official XML schemas, offline:
/// libxml2 reads the schemas from a local folder through its XML catalog (the official
/// URLs mapped to local files) and never reaches the network.
///
/// The folder holds `catalog.xml` and the entry schemas in `validation/` (one per kind of
/// document: `us-govserv-5.0-wfs.xsd`, `iso19139-gmd-gmx.xsd`…), as the schema bundle in
/// `../shared/schemas` does. Parsed schemas are kept for the process.
public struct SchemaValidator: Sendable {
    /// The schema folder.
    public let schemaFolder: String

    /// A validator over a schema folder.
    /// - Throws: `INSPIREError` (`schemasUnavailable`) when the folder has no `catalog.xml`.
    public init(schemaFolder: String) throws(INSPIREError) {
        guard FileManager.default.fileExists(atPath: schemaFolder + "/catalog.xml") else {
            throw INSPIREError("no catalog.xml in the schema folder", at: SourceLocation(file: schemaFolder), code: .schemasUnavailable)
        }
        self.schemaFolder = schemaFolder
    }

    /// The schema folder GeoKit finds by itself: `GEOKIT_SCHEMAS`, else `schemas` in the
    /// installed share folder (`<prefix>/share/geokit/schemas` beside `<prefix>/bin`), else
    /// `../shared/schemas` beside the working folder or beside the executable's repository.
    public static func locateSchemas() -> String? {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["GEOKIT_SCHEMAS"] { candidates.append(configured) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("share/geokit/schemas").path)
        candidates.append(FileManager.default.currentDirectoryPath + "/../shared/schemas")
        // A build folder inside a checkout: <repo>/.build/<configuration>/geokit.
        var folder = executable
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("../shared/schemas").standardized.path)
            folder.deleteLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/catalog.xml") }
    }

    /// The entry schema for a document, chosen by the namespaces it uses (read from its
    /// first 64 KB).
    /// - Throws: `INSPIREError` (`schemasUnavailable`) when no entry schema covers it.
    public func entrySchema(for path: String) throws(INSPIREError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw INSPIREError("cannot open the file", at: SourceLocation(file: path), code: .schemasUnavailable)
        }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 1 << 16)) ?? Data(), as: UTF8.self)
        let entries: [(marker: String, schema: String)] = [
            ("http://inspire.ec.europa.eu/schemas/us-govserv/5.0", "us-govserv-5.0-wfs.xsd"),
            ("http://inspire.ec.europa.eu/schemas/us-govserv/4.0", "us-govserv-4.0-wfs.xsd"),
            ("http://inspire.ec.europa.eu/schemas/bu-core2d/4.0", "bu-core2d-4.0-wfs.xsd"),
            ("http://inspire.ec.europa.eu/schemas/er-v/4.0", "er-v-4.0-wfs.xsd"),
            ("http://www.isotc211.org/2005/gmd", "iso19139-gmd-gmx.xsd"),
        ]
        for entry in entries where head.contains(entry.marker) {
            let schema = schemaFolder + "/validation/" + entry.schema
            if FileManager.default.fileExists(atPath: schema) { return schema }
        }
        throw INSPIREError("no schema for this document: it uses none of the namespaces of us-govserv 4.0/5.0, bu-core2d 4.0, er-v 4.0 or ISO 19139 gmd",
                           at: SourceLocation(file: path), code: .schemasUnavailable)
    }

    /// Validates a document against the entry schema for it.
    /// - Returns: whether it is valid, and the schema's messages with their lines.
    /// - Throws: `INSPIREError` when no schema applies or the schemas cannot be loaded.
    public func validate(path: String) throws(INSPIREError) -> SchemaValidation {
        let entry = try entrySchema(for: path)
        return try LibXML2.shared.validate(path, against: entry, catalog: schemaFolder + "/catalog.xml")
    }
}

/// The outcome of validating one document.
public struct SchemaValidation: Sendable, Hashable {
    /// The document.
    public var path: String
    /// The entry schema it was validated against.
    public var schema: String
    /// Whether the document is valid.
    public var isValid: Bool
    /// The validator's errors, in document order.
    public var messages: [SchemaMessage]

    /// The outcome as lines for people: `PATH: valid (SCHEMA)`, or a headline and each
    /// message as `PATH:LINE: message` (at most `limit`, then how many more).
    public func reportLines(limit: Int = 50) -> [String] {
        let schemaName = (schema as NSString).lastPathComponent
        if isValid { return ["\(path): valid (\(schemaName))"] }
        var lines = ["\(path): not valid against \(schemaName)"]
        lines += messages.prefix(limit).map { "\(path):\($0.line.map(String.init) ?? "?"): \($0.message)" }
        if messages.count > limit { lines.append("… and \(messages.count - limit) more") }
        return lines
    }
}

/// One message of the validator.
public struct SchemaMessage: Sendable, Hashable, CustomStringConvertible {
    /// The document's line (1-based), when known.
    public var line: Int?
    /// The message.
    public var message: String

    /// `line N: message`.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
