import GeoCore

/// The HTML pages of the service, one function per resource.
enum HTMLPages {
    static func landing(_ service: FeatureService, _ request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        page.element("p", service.configuration.description)
        page.raw("<ul>")
        page.raw("<li><a href=\"\(request.baseURL)/collections?f=html\">The collections</a> (\(service.collections.count))</li>")
        page.raw("<li><a href=\"\(request.baseURL)/conformance?f=html\">Conformance classes</a></li>")
        page.raw("<li><a href=\"\(request.baseURL)/api?f=html\">The API definition</a> (<a href=\"\(request.baseURL)/api\">OpenAPI 3.0 JSON</a>)</li>")
        for collection in service.collections where collection.store.schema.hasGeometry {
            page.raw("<li><a href=\"\(request.baseURL)/collections/\(collection.id)/nearest?f=html\">Nearest: \(HTMLDocument.escape(collection.title))</a></li>")
        }
        page.raw("</ul>")
        extraLinks(service.configuration.links, into: &page, request: request)
        return page.response(title: service.configuration.title, breadcrumbs: [("Home", "/")], service: service, request: request,
                             jsonHref: request.baseURL + "/?f=json")
    }

    static func conformance(_ service: FeatureService, _ request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        page.raw("<ul>")
        for uri in Conformance.classes { page.raw("<li><a href=\"\(uri)\">\(uri)</a></li>") }
        page.raw("</ul>")
        return page.response(title: "Conformance", breadcrumbs: [("Home", "/"), ("Conformance", "/conformance")], service: service,
                             request: request, jsonHref: request.baseURL + "/conformance?f=json")
    }

    static func openAPI(_ service: FeatureService, _ request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        page.raw("<p>The machine-readable definition is <a href=\"\(request.baseURL)/api?f=json\">OpenAPI 3.0 JSON</a>.</p>")
        let document = service.openAPIDocument(request)
        page.raw("<table><caption>Paths</caption><thead><tr><th scope=\"col\">Path</th><th scope=\"col\">What it answers</th><th scope=\"col\">Parameters</th></tr></thead><tbody>")
        for (path, item) in document.objectValue?["paths"]?.objectValue ?? [:] {
            let get = item.objectValue?["get"]?.objectValue
            let names = get?["parameters"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? []
            page.raw("<tr><td><code>\(HTMLDocument.escape(path))</code></td><td>\(HTMLDocument.escape(get?["summary"]?.stringValue ?? ""))</td><td>\(HTMLDocument.escape(names.joined(separator: ", ")))</td></tr>")
        }
        page.raw("</tbody></table>")
        return page.response(title: "API", breadcrumbs: [("Home", "/"), ("API", "/api")], service: service, request: request,
                             jsonHref: request.baseURL + "/api?f=json")
    }

    static func collections(_ service: FeatureService, _ request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        page.raw("<table><caption>Collections</caption><thead><tr><th scope=\"col\">Collection</th><th scope=\"col\">Features</th><th scope=\"col\">Stored in</th></tr></thead><tbody>")
        for collection in service.collections {
            let schema = collection.store.schema
            page.raw("<tr><td><a href=\"\(request.baseURL)/collections/\(collection.id)?f=html\">\(HTMLDocument.escape(collection.title))</a></td>")
            page.raw("<td>\(schema.featureCount.map(String.init) ?? "–")</td><td>\(HTMLDocument.escape((schema.crs ?? .crs84).identifier))</td></tr>")
        }
        page.raw("</tbody></table>")
        extraLinks(service.configuration.links, into: &page, request: request)
        return page.response(title: "Collections", breadcrumbs: [("Home", "/"), ("Collections", "/collections")], service: service,
                             request: request, jsonHref: request.baseURL + "/collections?f=json")
    }

    static func collection(_ collection: ServedCollection, _ service: FeatureService, _ request: ServiceRequest) async throws(ServiceProblem) -> ServiceResponse {
        let schema = collection.store.schema
        let base = "\(request.baseURL)/collections/\(collection.id)"
        var page = HTMLDocument()
        if let description = collection.description { page.element("p", description) }
        page.raw("<ul><li><a href=\"\(base)/items?f=html\">Browse the features</a></li>")
        page.raw("<li><a href=\"\(base)/items?f=json\">The features as GeoJSON</a></li>")
        page.raw("<li><a href=\"\(base)/queryables?f=html\">Queryables</a></li>")
        if schema.hasGeometry { page.raw("<li><a href=\"\(base)/nearest?f=html\">The features nearest to a place</a></li>") }
        page.raw("</ul>")
        var rows: [(String, String)] = [("Id", collection.id), ("Features", schema.featureCount.map(String.init) ?? "unknown"),
                                        ("Stored in", (schema.crs ?? .crs84).uri)]
        if let extent = service.geographicExtent(of: collection) {
            rows.append(("Extent (CRS84)", "\(extent.minX), \(extent.minY), \(extent.maxX), \(extent.maxY)"))
            page.raw(SVGMap.render([.polygon([[Position(x: extent.minX, y: extent.minY), Position(x: extent.maxX, y: extent.minY),
                                                Position(x: extent.maxX, y: extent.maxY), Position(x: extent.minX, y: extent.maxY),
                                                Position(x: extent.minX, y: extent.minY)]])],
                                   frame: extent, geographic: true, label: "The extent of \(collection.title)"))
        }
        page.propertyTable(rows, caption: "About this collection")
        page.propertyTable(schema.fields.map { ($0.name, $0.type.rawValue) }, caption: "Fields")
        extraLinks(collection.links, into: &page, request: request)
        return page.response(title: collection.title, breadcrumbs: [("Home", "/"), ("Collections", "/collections"), (collection.title, "/collections/\(collection.id)")],
                             service: service, request: request, jsonHref: base + "?f=json")
    }

    static func items(_ collection: ServedCollection, features: [Feature], crs: CRSReference, matched: Int, start: Int,
                      links: [ServiceLink], warnings: [ReadWarning], service: FeatureService, request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        notes(warnings, into: &page)
        let base = "\(request.baseURL)/collections/\(collection.id)"
        page.raw("<p>Features \(features.isEmpty ? 0 : start + 1)–\(start + features.count) of \(matched).</p>")
        page.raw(map(features.compactMap(\.geometry), crs: crs, service: service, collection: collection, label: "The features of this page"))
        let names = collection.store.schema.fields.map(\.name).prefix(12)
        page.raw("<table><caption>Features</caption><thead><tr><th scope=\"col\">Id</th>")
        for name in names { page.raw("<th scope=\"col\">\(HTMLDocument.escape(name))</th>") }
        page.raw("</tr></thead><tbody>")
        for feature in features {
            let id = feature.id.map { "\($0)" } ?? ""
            page.raw("<tr><td><a href=\"\(base)/items/\(PercentEncoding.encode(id))?f=html\">\(HTMLDocument.escape(id))</a></td>")
            for name in names { page.raw("<td>\(HTMLDocument.escape(text(feature.properties[name])))</td>") }
            page.raw("</tr>")
        }
        page.raw("</tbody></table><nav aria-label=\"Pages\"><ul>")
        for link in links where link.rel == "prev" || link.rel == "next" {
            page.raw("<li><a rel=\"\(link.rel)\" href=\"\(HTMLDocument.escape(request.baseURL + link.href))\">\(link.rel == "next" ? "Next page" : "Previous page")</a></li>")
        }
        page.raw("</ul></nav>")
        let json = links.first { $0.type == MediaType.geoJSON }.map { request.baseURL + $0.href }
        return page.response(title: "\(collection.title): features", breadcrumbs: [("Home", "/"), ("Collections", "/collections"),
                                                                                  (collection.title, "/collections/\(collection.id)"), ("Features", "")],
                             service: service, request: request, jsonHref: json, headers: [service.crsHeader(crs)])
    }

    static func item(_ collection: ServedCollection, feature: Feature, crs: CRSReference, warnings: [ReadWarning],
                     service: FeatureService, request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        notes(warnings, into: &page)
        let id = feature.id.map { "\($0)" } ?? ""
        page.raw(map(feature.geometry.map { [$0] } ?? [], crs: crs, service: service, collection: collection, label: "Where feature \(id) is"))
        page.propertyTable(feature.properties.map { ($0.key, text($0.value)) }, caption: "Properties")
        let path = "/collections/\(collection.id)/items/\(PercentEncoding.encode(id))"
        return page.response(title: "\(collection.title) \(id)", breadcrumbs: [("Home", "/"), ("Collections", "/collections"),
                                                                              (collection.title, "/collections/\(collection.id)"),
                                                                              ("Features", "/collections/\(collection.id)/items?f=html"), (id, path)],
                             service: service, request: request, jsonHref: request.baseURL + path + "?f=json", headers: [service.crsHeader(crs)])
    }

    static func queryables(_ collection: ServedCollection, service: FeatureService, request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        page.raw("<p>Filter the features with <code>?name=value</code> or a CQL2 text <code>filter</code>, e.g. <code>filter=name = 'value'</code>.</p>")
        page.propertyTable(collection.store.schema.fields.map { ($0.name, $0.type.rawValue) }, caption: "Queryables")
        let base = "/collections/\(collection.id)"
        return page.response(title: "\(collection.title): queryables", breadcrumbs: [("Home", "/"), ("Collections", "/collections"),
                                                                                    (collection.title, base), ("Queryables", "")],
                             service: service, request: request, jsonHref: request.baseURL + base + "/queryables?f=json")
    }

    /// The features drawn over the collection's extent (in CRS84), or over their own
    /// extent in another CRS.
    static func map(_ geometries: [Geometry], crs: CRSReference, service: FeatureService, collection: ServedCollection, label: String) -> String {
        let eastFirst = service.crsList.isNorthingFirst(crs) ? geometries.map(\.swappingAxes) : geometries
        let frame = crs == .crs84 ? service.geographicExtent(of: collection) : nil
        return SVGMap.render(eastFirst, frame: frame, geographic: crs == .crs84 || crs == .epsg(4326) || crs == .epsg(4258), label: label)
    }

    /// What the store noticed reading the page's features, above everything else.
    static func notes(_ warnings: [ReadWarning], into page: inout HTMLDocument) {
        guard !warnings.isEmpty else { return }
        page.raw("<section role=\"note\" aria-label=\"Notes on these features\"><h2>Notes on these features</h2><ul>")
        for warning in warnings {
            let feature = warning.location.featureIndex.map { "feature \($0): " } ?? ""
            let times = warning.occurrences > 1 ? " (\(warning.occurrences) times)" : ""
            page.raw("<li>\(HTMLDocument.escape(feature + warning.message + times))</li>")
        }
        page.raw("</ul></section>")
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let s)?: s
        case let other?: other.jsonText
        }
    }

    static func extraLinks(_ links: [ServiceLink], into page: inout HTMLDocument, request: ServiceRequest) {
        guard !links.isEmpty else { return }
        page.raw("<h2>Links</h2><ul>")
        for link in links {
            let href = link.href.hasPrefix("/") ? request.baseURL + link.href : link.href
            page.raw("<li><a href=\"\(HTMLDocument.escape(href))\">\(HTMLDocument.escape(link.title ?? link.href))</a> (\(HTMLDocument.escape(link.rel))\(link.type.map { ", " + HTMLDocument.escape($0) } ?? ""))</li>")
        }
        page.raw("</ul>")
    }
}
