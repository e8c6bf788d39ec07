import CLibXML2
import Foundation
import GeoCore

/// libxml2's process-wide state, behind one lock: the catalogs loaded, the network shut
/// off, and the parsed schemas by entry path.
final class LibXML2: @unchecked Sendable {
    // @unchecked: every field is used under `lock`.
    static let shared = LibXML2()
    private let lock = NSLock()
    private var catalogs: Set<String> = []
    private var schemas: [String: xmlSchemaPtr] = [:]

    private init() {
        xmlInitParser()
        xmlInitializeCatalog()
        // Local files and catalog entries only: a URL the catalog does not map is an error.
        xmlSetExternalEntityLoader { url, id, context in xmlNoNetExternalEntityLoader(url, id, context) }
    }

    /// Collects libxml2's structured errors.
    private final class Messages {
        var errors: [SchemaMessage] = []
        /// Only messages about this file are kept (schema warnings about imports are not).
        var file: String?
    }

    private static let collect: xmlStructuredErrorFunc = { user, error in
        guard let user, let error else { return }
        let messages = Unmanaged<Messages>.fromOpaque(user).takeUnretainedValue()
        let level = error.pointee.level
        guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
        let text = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
        let line = error.pointee.line > 0 ? Int(error.pointee.line) : nil
        messages.errors.append(SchemaMessage(line: line, message: text))
    }

    func validate(_ path: String, against entry: String, catalog: String) throws(INSPIREError) -> SchemaValidation {
        lock.lock()
        defer { lock.unlock() }
        if !catalogs.contains(catalog) {
            guard xmlLoadCatalog(catalog) == 0 else {
                throw INSPIREError("cannot load the XML catalog", at: SourceLocation(file: catalog), code: .schemasUnavailable)
            }
            catalogs.insert(catalog)
        }
        let schema = try parsedSchema(entry)
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            throw INSPIREError("cannot create a validation context", at: SourceLocation(file: entry), code: .schemasUnavailable)
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let messages = Messages()
        let user = Unmanaged.passUnretained(messages).toOpaque()
        xmlSchemaSetValidStructuredErrors(context, Self.collect, user)
        // The document's own syntax errors come from the parser, through the global handler.
        xmlSetStructuredErrorFunc(user, Self.collect)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let result = withExtendedLifetime(messages) { xmlSchemaValidateFile(context, path, Int32(XML_PARSE_NONET.rawValue)) }
        if result < 0 && messages.errors.isEmpty {
            messages.errors.append(SchemaMessage(line: nil, message: "the document could not be read"))
        }
        return SchemaValidation(path: path, schema: entry, isValid: result == 0, messages: messages.errors)
    }

    private func parsedSchema(_ entry: String) throws(INSPIREError) -> xmlSchemaPtr {
        if let schema = schemas[entry] { return schema }
        guard let parser = xmlSchemaNewParserCtxt(entry) else {
            throw INSPIREError("cannot read the schema", at: SourceLocation(file: entry), code: .schemasUnavailable)
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let messages = Messages()
        xmlSchemaSetParserStructuredErrors(parser, Self.collect, Unmanaged.passUnretained(messages).toOpaque())
        guard let schema = withExtendedLifetime(messages, { xmlSchemaParse(parser) }) else {
            let first = messages.errors.first.map { ": \($0)" } ?? ""
            throw INSPIREError("the schema cannot be loaded (a file the catalog does not map?)\(first)",
                               at: SourceLocation(file: entry), code: .schemasUnavailable)
        }
        schemas[entry] = schema
        return schema
    }
}
