import GeoCore

/// A request the service cannot answer, as an RFC 7807 problem: the status, a title and
/// what exactly was wrong (which parameter, which value, what is allowed).
public struct ServiceProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status: 400 for a bad parameter, 404 for an unknown collection or
    /// feature, 405 for a method other than GET and HEAD, 406 for an unsupported format,
    /// 500 when a store fails.
    public var status: Int
    /// A short summary of the kind of problem (`Invalid parameter`).
    public var title: String
    /// What was wrong, naming the parameter and the value.
    public var detail: String

    /// Creates a problem.
    public init(status: Int, title: String, detail: String) {
        self.status = status
        self.title = title
        self.detail = detail
    }

    public var description: String { "\(status) \(title): \(detail)" }

    /// A parameter whose value cannot be used (400).
    static func invalidParameter(_ name: String, _ detail: String) -> ServiceProblem {
        ServiceProblem(status: 400, title: "Invalid parameter", detail: "\(name): \(detail)")
    }

    /// Nothing at this path (404).
    static func notFound(_ detail: String) -> ServiceProblem {
        ServiceProblem(status: 404, title: "Not found", detail: detail)
    }

    /// The body as `application/problem+json`.
    func response(instance path: String) -> ServiceResponse {
        let body: JSONValue = [
            "type": .string("about:blank"), "title": .string(title), "status": .integer(Int64(status)),
            "detail": .string(detail), "instance": .string(path),
        ]
        return ServiceResponse(status: status, contentType: MediaType.problem, body: JSONText.bytes(body))
    }
}

/// The media types the service answers with.
enum MediaType {
    static let json = "application/json"
    static let geoJSON = "application/geo+json"
    static let html = "text/html; charset=utf-8"
    static let openAPI = "application/vnd.oai.openapi+json;version=3.0"
    static let problem = "application/problem+json"
    static let schema = "application/schema+json"
    static let xml = "application/xml"
}

/// JSON documents written with GeoKit's own byte writer (member order kept).
enum JSONText {
    static func bytes(_ value: JSONValue) -> [UInt8] {
        var writer = ByteWriter(capacity: 1024)
        writer.writeJSON(value: value)
        writer.write(UInt8(ascii: "\n"))
        return writer.bytes
    }
}
