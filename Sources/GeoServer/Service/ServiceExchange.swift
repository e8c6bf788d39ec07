/// One HTTP request as the feature service sees it: no sockets, no framework types, so
/// that the service answers the same way on Hummingbird, in a test, or behind any other
/// HTTP front.
public struct ServiceRequest: Sendable, Hashable {
    /// `GET` or `HEAD`; the service answers other methods with 405.
    public var method: String
    /// The path, percent-decoded (`/collections/aed/items`).
    public var path: String
    /// The path's segments, each decoded on its own: an id with an encoded `/` (`%2F`)
    /// stays one segment.
    public var segments: [String]
    /// The query parameters in the order given, names and values percent-decoded (`+` is
    /// a space, as in HTML forms).
    public var query: [QueryParameter]
    /// The `Accept` header, if any.
    public var accept: String?
    /// The scheme, host and port that the client addressed (`http://127.0.0.1:8080`),
    /// which every link in an answer starts with.
    public var baseURL: String

    /// A query parameter: a name and its value.
    public struct QueryParameter: Sendable, Hashable {
        /// The name, decoded.
        public var name: String
        /// The value, decoded.
        public var value: String

        /// Creates a parameter.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a request from its parts.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the decoded path.
    ///   - query: the decoded query parameters.
    ///   - accept: the `Accept` header.
    ///   - baseURL: where the client reached the service, without a trailing slash.
    public init(method: String = "GET", path: String, query: [QueryParameter] = [], accept: String? = nil,
                baseURL: String = "http://localhost") {
        self.method = method
        self.path = path
        self.segments = path.split(separator: "/").map(String.init)
        self.query = query
        self.accept = accept
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Creates a request from a target as it comes on the request line
    /// (`/collections/aed/items?limit=5&bbox=6.9,50.9,7.0,51.0`), decoding path and query.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - target: the path and query, still percent-encoded.
    ///   - accept: the `Accept` header.
    ///   - baseURL: where the client reached the service.
    public init(method: String = "GET", target: String, accept: String? = nil, baseURL: String = "http://localhost") {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = PercentEncoding.decode(parts.first.map(String.init) ?? "/", plusIsSpace: false)
        var query: [QueryParameter] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") where !pair.isEmpty {
                let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                query.append(QueryParameter(name: PercentEncoding.decode(String(nameAndValue[0]), plusIsSpace: true),
                                            value: nameAndValue.count == 2 ? PercentEncoding.decode(String(nameAndValue[1]), plusIsSpace: true) : ""))
            }
        }
        self.init(method: method, path: path.isEmpty ? "/" : path, query: query, accept: accept, baseURL: baseURL)
        segments = (parts.first ?? "").split(separator: "/").map { PercentEncoding.decode(String($0), plusIsSpace: false) }
    }

    /// The value of the first parameter with this name.
    public func parameter(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// The service's answer: a status, headers and the whole body.
public struct ServiceResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The headers, in order (`Content-Type` always among them when there is a body).
    public var headers: [Header]
    /// The body (empty for a HEAD request; `Content-Length` still gives the GET length).
    public var body: [UInt8]
    /// A file whose content is the body instead (a download): the HTTP layer streams it,
    /// and `Content-Length` gives its size.
    public var file: String?

    /// A response header.
    public struct Header: Sendable, Hashable {
        /// The header name.
        public var name: String
        /// The header value.
        public var value: String

        /// Creates a header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a response.
    /// - Parameters:
    ///   - status: the HTTP status code.
    ///   - contentType: the media type of the body.
    ///   - body: the body's bytes.
    ///   - headers: further headers.
    public init(status: Int = 200, contentType: String, body: [UInt8], headers: [Header] = []) {
        self.status = status
        self.headers = [Header("Content-Type", contentType)] + headers
        self.body = body
    }

    /// The value of the first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Percent-encoding of URL parts (RFC 3986).
enum PercentEncoding {
    /// Decodes `%XX` escapes (and `+` as a space when asked); a malformed escape stays as
    /// written; bytes that are not UTF-8 become U+FFFD.
    static func decode(_ text: String, plusIsSpace: Bool) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") && plusIsSpace {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      let high = hexValue(iterator[iterator.startIndex]), let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes everything but RFC 3986's unreserved characters, for a query value.
    static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
