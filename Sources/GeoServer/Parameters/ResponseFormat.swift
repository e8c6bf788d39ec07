/// What a client asked to read: JSON (GeoJSON for features) or HTML, chosen by the `f`
/// parameter, else by the `Accept` header (OGC API – Features, content negotiation).
enum ResponseFormat: Sendable {
    case json, html

    /// The format of a request.
    /// - Throws: `ServiceProblem` 400 for an `f` value other than json, geojson or html.
    static func of(_ request: ServiceRequest) throws(ServiceProblem) -> ResponseFormat {
        if let f = request.parameter("f") {
            switch f.lowercased() {
            case "json", "geojson", "application/json", "application/geo+json": return .json
            case "html", "text/html": return .html
            default: throw .invalidParameter("f", "\"\(f)\" is not a format of this service; use json or html")
            }
        }
        guard let accept = request.accept else { return .json }
        var html = 0.0, json = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch type {
            case "text/html", "application/xhtml+xml": html = max(html, q)
            case "application/json", "application/geo+json", "application/problem+json", "application/schema+json",
                 "application/vnd.oai.openapi+json": json = max(json, q)
            case "*/*", "application/*": json = max(json, q * 0.99)
            default: break
            }
        }
        return html > json ? .html : .json
    }
}
