import Foundation
import GeoCore
import Yams

/// A YAML (or JSON) file read into nodes that remember their line and column, and the
/// checks every GeoINSPIRE settings file shares: a key nobody knows is an error (a typo
/// must not be ignored), a missing required key names its mapping's position.
struct YAMLDocument {
    let file: String
    let root: Node
    let code: INSPIREError.Code

    /// Reads and parses a file.
    init(contentsOfFile path: String, code: INSPIREError.Code) throws(INSPIREError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw INSPIREError("cannot read the file (\(error.localizedDescription))", at: SourceLocation(file: path), code: code)
        }
        try self.init(text: text, file: path, code: code)
    }

    /// Parses text.
    init(text: String, file: String, code: INSPIREError.Code) throws(INSPIREError) {
        self.file = file
        self.code = code
        let parsed: Node?
        do { parsed = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw Self.error(from: error, file: file, code: code)
        } catch {
            throw INSPIREError("not valid YAML: \(error)", at: SourceLocation(file: file), code: code)
        }
        guard let parsed, parsed.mapping != nil else {
            throw INSPIREError("expected a mapping of keys to values at the top", at: SourceLocation(file: file, line: 1, column: 1), code: code)
        }
        root = parsed
    }

    private static func error(from error: YamlError, file: String, code: INSPIREError.Code) -> INSPIREError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return INSPIREError("not valid YAML: \(what)", at: SourceLocation(file: file, line: mark.line, column: mark.column), code: code)
        default:
            return INSPIREError("not valid YAML: \(error)", at: SourceLocation(file: file), code: code)
        }
    }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    func failure(_ message: String, at node: Node) -> INSPIREError {
        INSPIREError(message, at: location(of: node), code: code)
    }

    /// The entries of a mapping node by key, refusing keys outside `allowed`.
    func entries(of node: Node, allowed: [String], context: String) throws(INSPIREError) -> [String: Node] {
        guard let mapping = node.mapping else { throw failure("\(context): expected a mapping of keys to values", at: node) }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw failure("\(context): a key must be text", at: key) }
            guard allowed.contains(name) else {
                throw failure("\(context): unknown key \"\(name)\" (known: \(allowed.joined(separator: ", ")))", at: key)
            }
            guard result[name] == nil else { throw failure("\(context): \"\(name)\" is given twice", at: key) }
            result[name] = value
        }
        return result
    }

    /// A text value.
    func text(_ node: Node, _ context: String) throws(INSPIREError) -> String {
        guard let scalar = node.scalar else { throw failure("\(context): expected text", at: node) }
        return scalar.string
    }

    /// A list of texts (a single text counts as a list of one).
    func texts(_ node: Node, _ context: String) throws(INSPIREError) -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else { throw failure("\(context): expected a list of texts", at: node) }
        var result: [String] = []
        for item in sequence { result.append(try text(item, context)) }
        return result
    }

    /// A `{field: …}`, `{constant: …}` or `{featureId: true}` node.
    func valueSource(_ node: Node, _ context: String) throws(INSPIREError) -> ValueSource {
        let entries = try entries(of: node, allowed: ["field", "constant", "featureId"], context: context)
        guard entries.count == 1, let (key, value) = entries.first else {
            throw failure("\(context): expected exactly one of {field: NAME}, {constant: TEXT} or {featureId: true}", at: node)
        }
        switch key {
        case "field":
            let name = try text(value, context)
            guard !name.isEmpty else { throw failure("\(context): the field name is empty", at: value) }
            return .field(name)
        case "constant":
            return .constant(try text(value, context))
        default:
            guard value.bool == true else { throw failure("\(context): featureId takes true", at: value) }
            return .featureID
        }
    }

    /// A required entry.
    func required(_ entries: [String: Node], _ key: String, in node: Node, context: String) throws(INSPIREError) -> Node {
        guard let value = entries[key] else { throw failure("\(context): \"\(key)\" is missing", at: node) }
        return value
    }
}
