import Foundation
import GeoCore
import Yams

/// What the ISO 19139 record of a data set needs and the data cannot say: title,
/// abstract, the responsible organisation, the licence and access constraints, lineage.
///
/// Read from a small YAML file:
/// ```yaml
/// title: Defibrillatoren in Köln
/// abstract: Standorte öffentlich zugänglicher Defibrillatoren (AED) in Köln.
/// organisation: Stadt Köln, Amt für Informationsverarbeitung
/// email: opendata@stadt-koeln.de
/// licence: {name: Datenlizenz Deutschland – Zero – Version 2.0, url: https://www.govdata.de/dl-de/zero-2-0}
/// lineage: Aus dem AED-Register der Stadt Köln (2017) mit GeoKit nach INSPIRE umgesetzt.
/// ```
public struct MetadataDescription: Sendable, Hashable {
    /// The data set's title.
    public var title: String
    /// What the data set holds.
    public var abstract: String
    /// The responsible organisation (the record's contact and the data's point of contact).
    public var organisation: String
    /// The organisation's e-mail address.
    public var email: String
    /// The licence's name.
    public var licenceName: String
    /// The licence's URL, when it has one.
    public var licenceURL: String?
    /// The limitation on public access, a value of INSPIRE's `LimitationsOnPublicAccess`
    /// code list (`noLimitations` by default).
    public var accessConstraints: String
    /// How the data came to be.
    public var lineage: String
    /// The metadata and data language, ISO 639-2/B (`ger` by default).
    public var language: String
    /// The ISO 19115 topic category; nil takes the profile's.
    public var topicCategory: String?
    /// The data set's publication date, `YYYY-MM-DD`; nil takes the export's day.
    public var publicationDate: String?

    /// Creates a description.
    public init(title: String, abstract: String, organisation: String, email: String, licenceName: String, licenceURL: String? = nil,
                accessConstraints: String = "noLimitations", lineage: String, language: String = "ger",
                topicCategory: String? = nil, publicationDate: String? = nil) {
        self.title = title
        self.abstract = abstract
        self.organisation = organisation
        self.email = email
        self.licenceName = licenceName
        self.licenceURL = licenceURL
        self.accessConstraints = accessConstraints
        self.lineage = lineage
        self.language = language
        self.topicCategory = topicCategory
        self.publicationDate = publicationDate
    }

    /// The ISO 19115 topic categories.
    static let topicCategories: Set<String> = [
        "farming", "biota", "boundaries", "climatologyMeteorologyAtmosphere", "economy", "elevation", "environment",
        "geoscientificInformation", "health", "imageryBaseMapsEarthCover", "intelligenceMilitary", "inlandWaters",
        "location", "oceans", "planningCadastre", "society", "structure", "transportation", "utilitiesCommunication",
    ]

    /// The values of INSPIRE's `LimitationsOnPublicAccess` code list.
    static let accessLimitations: Set<String> = [
        "noLimitations", "INSPIRE_Directive_Article13_1a", "INSPIRE_Directive_Article13_1b", "INSPIRE_Directive_Article13_1c",
        "INSPIRE_Directive_Article13_1d", "INSPIRE_Directive_Article13_1e", "INSPIRE_Directive_Article13_1f",
        "INSPIRE_Directive_Article13_1g", "INSPIRE_Directive_Article13_1h",
    ]

    /// Reads a metadata file (YAML or JSON).
    /// - Throws: `INSPIREError` (`invalidMetadata`) with the line and column of what is
    ///   wrong or missing.
    public init(contentsOfFile path: String) throws(INSPIREError) {
        try self.init(document: YAMLDocument(contentsOfFile: path, code: .invalidMetadata))
    }

    /// Reads metadata from text; `file` names it in errors.
    /// - Throws: `INSPIREError` as `init(contentsOfFile:)`.
    public init(yaml text: String, file: String = "<metadata>") throws(INSPIREError) {
        try self.init(document: YAMLDocument(text: text, file: file, code: .invalidMetadata))
    }

    private init(document: YAMLDocument) throws(INSPIREError) {
        let root = document.root
        let keys = ["title", "abstract", "organisation", "email", "licence", "accessConstraints", "lineage", "language",
                    "topicCategory", "publicationDate"]
        let entries = try document.entries(of: root, allowed: keys, context: "metadata")
        func required(_ key: String) throws(INSPIREError) -> String {
            let node = try document.required(entries, key, in: root, context: "metadata")
            let value = try document.text(node, key).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty, XMLText.isAllowed(value) else { throw document.failure("\(key) is empty or holds a control character", at: node) }
            guard !value.contains(INSPIREMapping.placeholder) else { throw document.failure("\(key) is still the starter's \(INSPIREMapping.placeholder)", at: node) }
            return value
        }
        func optional(_ key: String) throws(INSPIREError) -> (String, Node)? {
            guard let node = entries[key] else { return nil }
            return (try document.text(node, key), node)
        }
        let (title, abstract, organisation, email) = (try required("title"), try required("abstract"), try required("organisation"), try required("email"))
        let licenceNode = try document.required(entries, "licence", in: root, context: "metadata")
        let licenceParts = try document.entries(of: licenceNode, allowed: ["name", "url"], context: "licence")
        let licenceName = try document.text(try document.required(licenceParts, "name", in: licenceNode, context: "licence"), "licence.name")
        let licenceURL = try licenceParts["url"].map { node throws(INSPIREError) in try document.text(node, "licence.url") }
        self.init(title: title, abstract: abstract, organisation: organisation, email: email, licenceName: licenceName, licenceURL: licenceURL, lineage: try required("lineage"))
        if let (value, node) = try optional("accessConstraints") {
            guard Self.accessLimitations.contains(value) else {
                throw document.failure("accessConstraints \"\(value)\" is not a LimitationsOnPublicAccess value (noLimitations, INSPIRE_Directive_Article13_1a … 1h)", at: node)
            }
            accessConstraints = value
        }
        if let (value, node) = try optional("language") {
            guard value.count == 3, value.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
                throw document.failure("language \"\(value)\": give an ISO 639-2/B code (ger, eng, fre…)", at: node)
            }
            language = value
        }
        if let (value, node) = try optional("topicCategory") {
            guard Self.topicCategories.contains(value) else {
                throw document.failure("topicCategory \"\(value)\" is not an ISO 19115 topic category (health, society, structure…)", at: node)
            }
            topicCategory = value
        }
        if let (value, node) = try optional("publicationDate") {
            guard value.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil, INSPIREMapping.xmlDateTime(value) != nil else {
                throw document.failure("publicationDate \"\(value)\": give a date as YYYY-MM-DD", at: node)
            }
            publicationDate = value
        }
    }
}
