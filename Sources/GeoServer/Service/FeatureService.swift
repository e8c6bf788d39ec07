import Foundation
import GeoCore
import GeoPROJ
import GeoQuery

/// An OGC API – Features service over feature stores: Part 1 (core, GeoJSON, HTML,
/// OpenAPI 3.0), Part 2 (CRS), Part 3 (CQL2 text filters and queryables), and a nearest
/// endpoint with geodesic distances. It answers ``ServiceRequest``s with
/// ``ServiceResponse``s and knows nothing of sockets: ``FeatureServer`` puts it on HTTP.
///
/// ```swift
/// let service = try FeatureService(collections: [
///     ServedCollection(id: "aed", store: try GeoPackageStore(path: "aed.gpkg"), title: "Defibrillators"),
/// ])
/// let answer = await service.respond(to: ServiceRequest(target: "/collections/aed/items?limit=5"))
/// ```
///
/// Read-only and stateless: every answer depends only on the request and the stores, so
/// any number of requests run at once and several instances can share one data source.
public final class FeatureService: Sendable {
    /// What the service says about itself and the limits it keeps.
    public struct Configuration: Sendable {
        /// The title of the landing page.
        public var title: String
        /// The description of the landing page.
        public var description: String
        /// The language of the service's own texts (`Content-Language`), a BCP 47 tag.
        public var language: String
        /// Features in a page when the request gives no `limit`.
        public var defaultLimit: Int
        /// The largest page; a larger `limit` is served as this.
        public var maximumLimit: Int
        /// The most features the nearest endpoint returns.
        public var maximumNearest: Int
        /// Links of the whole service (`license`, `describedby`), shown on the landing page
        /// and on `/collections`.
        public var links: [ServiceLink]

        /// Creates a configuration.
        /// - Parameters:
        ///   - title: the landing page's title.
        ///   - description: the landing page's description.
        ///   - language: the language of the texts, a BCP 47 tag.
        ///   - defaultLimit: features in a page without `limit` (10).
        ///   - maximumLimit: the largest page (10,000).
        ///   - maximumNearest: the most features the nearest endpoint returns (100).
        ///   - links: links of the whole service.
        public init(title: String = "GeoKit feature service", description: String = "Open geodata served by GeoKit as OGC API – Features.",
                    language: String = "en", defaultLimit: Int = 10, maximumLimit: Int = 10_000, maximumNearest: Int = 100,
                    links: [ServiceLink] = []) {
            self.title = title
            self.description = description
            self.language = language
            self.defaultLimit = defaultLimit
            self.maximumLimit = maximumLimit
            self.maximumNearest = maximumNearest
            self.links = links
        }
    }

    /// The collections, in the order of `/collections`.
    public let collections: [ServedCollection]
    /// The configuration.
    public let configuration: Configuration
    let crsList: ServiceCRSList
    let nearestIndexes: NearestIndexes
    private let positions: [String: Int]

    /// Creates a service.
    /// - Parameters:
    ///   - collections: the collections; their ids must be unique and URL-safe.
    ///   - configuration: titles and limits.
    /// - Throws: `ServiceProblem` (status 500) for a duplicate or unsafe id, a bad
    ///   limit, or a storage CRS that PROJ does not know.
    public init(collections: [ServedCollection], configuration: Configuration = Configuration()) throws(ServiceProblem) {
        var positions: [String: Int] = [:]
        for (position, collection) in collections.enumerated() {
            guard ServedCollection.isValidIdentifier(collection.id) else {
                throw ServiceProblem(status: 500, title: "Invalid collection id", detail: "\"\(collection.id)\" has characters other than letters, digits, _, - and .")
            }
            guard positions.updateValue(position, forKey: collection.id) == nil else {
                throw ServiceProblem(status: 500, title: "Invalid collection id", detail: "two collections are called \"\(collection.id)\"")
            }
        }
        guard configuration.defaultLimit >= 1, configuration.maximumLimit >= configuration.defaultLimit, configuration.maximumNearest >= 1 else {
            throw ServiceProblem(status: 500, title: "Invalid configuration", detail: "limits must be at least 1, and the default no more than the maximum")
        }
        do {
            crsList = try ServiceCRSList(storageCRSs: collections.compactMap(\.store.schema.crs))
        } catch {
            throw ServiceProblem(status: 500, title: "Unknown CRS", detail: "a collection's CRS is unknown to PROJ: \(error)")
        }
        self.collections = collections
        self.configuration = configuration
        self.positions = positions
        nearestIndexes = NearestIndexes(count: collections.count)
    }

    /// The collection with this id.
    public func collection(id: String) -> ServedCollection? {
        positions[id].map { collections[$0] }
    }

    /// Answers one request. Never throws: a bad request gets a 4xx problem document, a
    /// failing store a 500 one, each saying what and where.
    public func respond(to request: ServiceRequest) async -> ServiceResponse {
        var response: ServiceResponse
        do throws(ServiceProblem) {
            guard request.method == "GET" || request.method == "HEAD" else {
                throw ServiceProblem(status: 405, title: "Method not allowed", detail: "\(request.method) is not allowed; this service is read-only (GET, HEAD)")
            }
            response = try await route(request)
        } catch {
            response = error.response(instance: request.path)
        }
        response.headers.append(.init("Content-Language", configuration.language))
        if let file = response.file {
            // A download's size is known only now: the file may have been replaced.
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
            response.headers.append(.init("Content-Length", String(size)))
            if request.method == "HEAD" { response.file = nil }
        } else if request.method == "HEAD" {
            response.headers.append(.init("Content-Length", String(response.body.count)))
            response.body = []
        }
        return response
    }

    private func route(_ request: ServiceRequest) async throws(ServiceProblem) -> ServiceResponse {
        let parts = request.segments
        let format = try ResponseFormat.of(request)
        switch parts.count {
        case 0:
            try allowOnly([], in: request)
            return landingPage(request, format: format)
        case 1 where parts[0] == "conformance":
            try allowOnly([], in: request)
            return conformance(request, format: format)
        case 1 where parts[0] == "api":
            try allowOnly([], in: request)
            return openAPI(request, format: format)
        case 1 where parts[0] == "collections":
            try allowOnly([], in: request)
            return collectionsPage(request, format: format)
        case 2... where parts[0] == "collections":
            guard let collection = collection(id: parts[1]) else {
                throw .notFound("no collection \"\(parts[1].prefix(80))\"; the collections are listed at /collections")
            }
            switch parts.count {
            case 2:
                try allowOnly([], in: request)
                return try await collectionPage(collection, request, format: format)
            case 3 where parts[2] == "items":
                return try await items(of: collection, request, format: format)
            case 4 where parts[2] == "items":
                try allowOnly(["crs"], in: request)
                return try await item(parts[3], of: collection, request, format: format)
            case 3 where parts[2] == "queryables":
                try allowOnly([], in: request)
                return queryables(of: collection, request, format: format)
            case 3 where parts[2] == "nearest":
                return try await nearest(in: collection, request, format: format)
            case 4 where parts[2] == "downloads":
                try allowOnly([], in: request)
                return try download(parts[3], of: collection)
            default:
                break
            }
        default:
            break
        }
        throw .notFound("no resource at \(request.path.prefix(200)); the service's paths are described at /api")
    }

    /// 400 for any parameter but `f` and those named.
    func allowOnly(_ names: Set<String>, in request: ServiceRequest) throws(ServiceProblem) {
        for parameter in request.query where parameter.name != "f" && !names.contains(parameter.name) {
            let allowed = (names.sorted() + ["f"]).joined(separator: ", ")
            throw .invalidParameter(parameter.name, "not a parameter of \(request.path) (parameters: \(allowed))")
        }
    }

    /// A file of the collection's downloads, by its name in the URL.
    func download(_ name: String, of collection: ServedCollection) throws(ServiceProblem) -> ServiceResponse {
        guard let download = collection.downloads.first(where: { $0.name == name }) else {
            throw .notFound("no download \"\(name.prefix(80))\" in collection \"\(collection.id)\"")
        }
        guard FileManager.default.isReadableFile(atPath: download.path) else {
            throw ServiceProblem(status: 500, title: "Download gone", detail: "collection \"\(collection.id)\": \(download.name) can no longer be read")
        }
        var response = ServiceResponse(contentType: download.mediaType, body: [],
                                       headers: [.init("Content-Disposition", "attachment; filename=\"\(download.name)\"")])
        response.file = download.path
        return response
    }

    /// A store failure as a 500 problem, or a query the store refused as a 400.
    func storeProblem(_ error: ReadError, collection: ServedCollection) -> ServiceProblem {
        if error.code == .invalidQuery {
            return ServiceProblem(status: 400, title: "Invalid query", detail: error.message)
        }
        return ServiceProblem(status: 500, title: "Store failure", detail: "collection \"\(collection.id)\": \(error.message)")
    }
}
