import GeoCore
import GeoQuery

/// One collection of the service: a store, its id in URLs, the words people read about
/// it, and the links that lead beyond the API (metadata, licence, downloads).
///
/// ```swift
/// let aed = ServedCollection(id: "aed", store: try GeoPackageStore(path: "aed.gpkg"), title: "Defibrillators")
/// ```
public struct ServedCollection: Sendable {
    /// The collection id in URLs (`/collections/{id}`): letters, digits, `_`, `-` and `.`.
    public let id: String
    /// The store that answers every query.
    public let store: any FeatureStore
    /// The title people read.
    public var title: String
    /// A longer description, if any.
    public var description: String?
    /// Further links of the collection (`describedby`, `license`, `enclosure`, `tag`).
    public var links: [ServiceLink]
    /// The house coordinates that `/collections/{id}/nearest?address=` looks addresses up
    /// in; nil answers that parameter with 400.
    public var addresses: AddressIndex?
    /// Files offered for download (pre-generated INSPIRE GML and its metadata record),
    /// linked as `enclosure` and `describedby`.
    public var downloads: [ServedDownload]

    /// Creates a collection.
    /// - Parameters:
    ///   - id: the id in URLs; see ``ServedCollection/identifier(for:)`` to make one from a layer name.
    ///   - store: the store that answers the queries.
    ///   - title: the title; nil takes the layer's name.
    ///   - description: a longer description.
    ///   - links: further links.
    ///   - addresses: house coordinates for the nearest endpoint's `address` parameter.
    ///   - downloads: files offered for download.
    public init(id: String, store: any FeatureStore, title: String? = nil, description: String? = nil,
                links: [ServiceLink] = [], addresses: AddressIndex? = nil, downloads: [ServedDownload] = []) {
        self.id = id
        self.store = store
        self.title = title ?? store.schema.name
        self.description = description
        self.links = links
        self.addresses = addresses
        self.downloads = downloads
    }

    /// The links to the downloads (`enclosure` with their size, `describedby` for records)
    /// and to the INSPIRE feature concepts of the data (`tag`).
    var downloadLinks: [ServiceLink] {
        var links = downloads.map { download in
            ServiceLink(href: "/collections/\(id)/downloads/\(download.name)", rel: download.relation, type: download.mediaType,
                        title: download.relation == "describedby" ? "Metadata record (ISO 19139): \(download.name)" : "Download: \(download.name)",
                        length: download.length)
        }
        for concept in Set(downloads.compactMap(\.featureConcept)).sorted() {
            links.append(ServiceLink(href: concept, rel: "tag", type: MediaType.html, title: "INSPIRE feature concept"))
        }
        return links
    }

    /// A URL-safe id made from a layer name: letters and digits kept (umlauts and `ß`
    /// spelt out), every other run of characters one `_`, lower case; `layer` when nothing
    /// is left.
    public static func identifier(for name: String) -> String {
        var id = ""
        for character in name.lowercased() {
            switch character {
            case "ä": id += "ae"
            case "ö": id += "oe"
            case "ü": id += "ue"
            case "ß": id += "ss"
            case "a"..."z", "0"..."9", "-", ".": id.append(character)
            default: if !id.hasSuffix("_") { id.append("_") }
            }
        }
        while id.hasSuffix("_") { id.removeLast() }
        while id.hasPrefix("_") { id.removeFirst() }
        return id.isEmpty ? "layer" : id
    }

    /// Whether an id can appear in a URL path as it is.
    static func isValidIdentifier(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
            default: false
            }
        } && id != "." && id != ".."
    }
}

/// A link of an OGC API document (RFC 8288 web linking, as OGC API writes it in JSON).
public struct ServiceLink: Sendable, Hashable {
    /// The target, absolute or relative to the service's root.
    public var href: String
    /// The relation (`self`, `alternate`, `describedby`, `license`, `enclosure`, `tag`…).
    public var rel: String
    /// The media type of the target.
    public var type: String?
    /// A title people read.
    public var title: String?
    /// The size of the target in bytes (enclosures).
    public var length: Int?

    /// Creates a link.
    public init(href: String, rel: String, type: String? = nil, title: String? = nil, length: Int? = nil) {
        self.href = href
        self.rel = rel
        self.type = type
        self.title = title
        self.length = length
    }

    /// The link as a JSON object, with a relative `href` made absolute against `baseURL`.
    func json(baseURL: String) -> JSONValue {
        var object: JSONObject = ["href": .string(href.hasPrefix("/") ? baseURL + href : href), "rel": .string(rel)]
        if let type { object["type"] = .string(type) }
        if let title { object["title"] = .string(title) }
        if let length { object["length"] = .integer(Int64(length)) }
        return .object(object)
    }
}
