import Foundation
import GeoCore
import Yams

extension INSPIREMapping {
    /// Reads a mapping file (YAML, or JSON).
    ///
    /// ```yaml
    /// profile: aed
    /// dataset: koeln-aed
    /// namespace: https://example.org/so/koeln/aed
    /// localId: {field: id}
    /// beginLifespanVersion: {field: last_edited}
    /// contact:
    ///   streetAndNumber: {field: address}
    ///   postCode: {field: postalcode}
    ///   city: {constant: Köln}
    /// ```
    /// - Throws: `INSPIREError` (`invalidMapping`) with the file, line and column of a
    ///   syntax error, an unknown key, a missing one or a value of the wrong kind.
    public init(contentsOfFile path: String) throws(INSPIREError) {
        try self.init(document: YAMLDocument(contentsOfFile: path, code: .invalidMapping))
    }

    /// Reads a mapping from text; `file` names it in errors.
    /// - Throws: `INSPIREError` as `init(contentsOfFile:)`.
    public init(yaml text: String, file: String = "<mapping>") throws(INSPIREError) {
        try self.init(document: YAMLDocument(text: text, file: file, code: .invalidMapping))
    }

    private init(document: YAMLDocument) throws(INSPIREError) {
        let root = document.root
        let top = try document.entries(of: root, allowed: ["profile", "dataset", "namespace", "localId", "versionId",
                                                           "beginLifespanVersion", "serviceType", "contact"], context: "mapping")
        let profileNode = try document.required(top, "profile", in: root, context: "mapping")
        let profileName = try document.text(profileNode, "profile")
        guard let profile = INSPIREProfile(rawValue: profileName) else {
            throw document.failure("unknown profile \"\(profileName)\" (known: \(INSPIREProfile.allCases.map(\.rawValue).joined(separator: ", ")))", at: profileNode)
        }
        let datasetNode = try document.required(top, "dataset", in: root, context: "mapping")
        let dataset = try document.text(datasetNode, "dataset")
        guard !dataset.isEmpty, dataset.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }), !dataset.hasPrefix(".") else {
            throw document.failure("dataset \"\(dataset)\": use letters, digits, '-', '_' and '.' (it names the output files)", at: datasetNode)
        }
        let namespaceNode = try document.required(top, "namespace", in: root, context: "mapping")
        let namespace = try document.text(namespaceNode, "namespace")
        guard !namespace.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw document.failure("namespace is empty: inspireId needs the namespace of its identifiers", at: namespaceNode)
        }
        guard !namespace.contains(Self.placeholder) else {
            throw document.failure("namespace is still the starter's \(Self.placeholder): set the namespace of your identifiers", at: namespaceNode)
        }
        self.init(profile: profile, dataset: dataset, namespace: namespace)
        if let node = top["localId"] { localID = try document.valueSource(node, "localId") }
        if let node = top["versionId"] { versionID = try document.valueSource(node, "versionId") }
        if let node = top["beginLifespanVersion"] { beginLifespanVersion = try document.valueSource(node, "beginLifespanVersion") }
        if let node = top["serviceType"] { serviceType = try Self.serviceType(node, document: document) }
        if let node = top["contact"] { contact = try Self.contact(node, document: document) }

        if let typeNode = top["serviceType"], serviceType.source.map(String.init(describing:))?.contains(Self.placeholder) == true {
            throw document.failure("serviceType is still the starter's \(Self.placeholder): name the field or the value", at: typeNode)
        }
        switch profile {
        case .none where top["serviceType"] != nil || top["contact"] != nil:
            throw document.failure("the none profile writes the source's own properties: serviceType and contact belong to GovernmentalService profiles",
                                   at: top["serviceType"] ?? top["contact"]!)
        case .aed where serviceType.source != nil:
            throw document.failure("serviceType: the aed profile fixes it (standaloneFirstAidEquipment); use the generic profile to choose", at: top["serviceType"]!)
        case .generic where serviceType.source == nil:
            throw document.failure("the generic profile needs serviceType: {constant: VALUE} or {field: NAME, values: {…}}", at: top["serviceType"] ?? root)
        case .school where serviceType.source == nil:
            throw document.failure("the school profile needs serviceType: {field: NAME} (the school type)", at: top["serviceType"] ?? root)
        default:
            break
        }
    }

    /// What a starter mapping writes where only the user can know the answer.
    static let placeholder = "CHANGE-ME"

    private static func serviceType(_ node: Node, document: YAMLDocument) throws(INSPIREError) -> ServiceTypeMapping {
        let entries = try document.entries(of: node, allowed: ["field", "constant", "values", "upperSecondaryWhen"], context: "serviceType")
        var mapping = ServiceTypeMapping()
        switch (entries["field"], entries["constant"]) {
        case (let field?, nil): mapping.source = .field(try document.text(field, "serviceType.field"))
        case (nil, let constant?): mapping.source = .constant(try document.text(constant, "serviceType.constant"))
        default: throw document.failure("serviceType: give either field or constant", at: node)
        }
        if let values = entries["values"] {
            guard let pairs = values.mapping else { throw document.failure("serviceType.values: expected source value: service type", at: values) }
            for (key, value) in pairs {
                let source = try document.text(key, "serviceType.values")
                guard mapping.values[source] == nil else { throw document.failure("serviceType.values: \"\(source)\" is given twice", at: key) }
                mapping.values[source] = try document.text(value, "serviceType.values.\(source)")
            }
        }
        if let stage = entries["upperSecondaryWhen"] {
            let parts = try document.entries(of: stage, allowed: ["field", "contains"], context: "upperSecondaryWhen")
            let field = try document.text(try document.required(parts, "field", in: stage, context: "upperSecondaryWhen"), "upperSecondaryWhen.field")
            let words = try document.texts(try document.required(parts, "contains", in: stage, context: "upperSecondaryWhen"), "upperSecondaryWhen.contains")
            mapping.upperSecondaryWhen = .init(field: field, words: words)
        }
        return mapping
    }

    private static func contact(_ node: Node, document: YAMLDocument) throws(INSPIREError) -> ContactMapping {
        let keys = ["streetAndNumber", "street", "houseNumber", "postCode", "city", "email", "telephone", "website", "hoursOfService"]
        let entries = try document.entries(of: node, allowed: keys, context: "contact")
        func source(_ key: String) throws(INSPIREError) -> ValueSource? {
            guard let value = entries[key] else { return nil }
            return try document.valueSource(value, "contact.\(key)")
        }
        let mapping = ContactMapping(
            streetAndNumber: try source("streetAndNumber"), street: try source("street"), houseNumber: try source("houseNumber"),
            postCode: try source("postCode"), city: try source("city"), email: try source("email"),
            telephone: try source("telephone"), website: try source("website"), hoursOfService: try source("hoursOfService"))
        if mapping.streetAndNumber != nil && (mapping.street != nil || mapping.houseNumber != nil) {
            throw document.failure("contact: give streetAndNumber or street and houseNumber, not both", at: node)
        }
        return mapping
    }
}
