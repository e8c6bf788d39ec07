import GeoCore

/// The parameters of `/collections/{id}/items`, checked and turned into a store query:
/// `limit`, `offset`, `cursor` (the `next` links), `bbox` and `bbox-crs`, `crs`,
/// `datetime`, `filter` and `filter-lang` (CQL2 text), and `name=value` for any field.
struct ItemsRequest: Sendable {
    /// What the store is asked.
    var query: FeatureQuery
    /// The CRS of the answer's coordinates.
    var outputCRS: CRSReference
    /// How many features a page holds.
    var limit: Int
    /// The position of the page's first feature among all that match (0-based).
    var start: Int
    /// The parameters that every page link repeats (filters, CRS), in the order given.
    var repeated: [ServiceRequest.QueryParameter]

    /// The parameters of OGC API Parts 1–3 that the items path takes, besides field names.
    static let names: Set<String> = ["f", "limit", "offset", "cursor", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs"]

    /// Reads the parameters of a request for a collection.
    /// - Throws: `ServiceProblem` 400 naming the first parameter that is unknown or invalid.
    init(_ request: ServiceRequest, schema: LayerSchema, crsList: ServiceCRSList, defaultLimit: Int, maximumLimit: Int) throws(ServiceProblem) {
        let storage = schema.crs ?? .crs84
        var query = FeatureQuery()
        var predicates: [FeaturePredicate] = []
        var seen: Set<String> = []
        limit = defaultLimit
        start = 0
        outputCRS = .crs84
        repeated = []
        var bbox: [Double]?
        var bboxCRS: CRSReference = .crs84
        for parameter in request.query {
            let (name, value) = (parameter.name, parameter.value)
            guard seen.insert(name).inserted else { throw .invalidParameter(name, "given more than once") }
            switch name {
            case "f": continue
            case "limit":
                guard let number = Int(value), number >= 1 else {
                    throw .invalidParameter(name, "\"\(value)\" is not a whole number from 1 to \(maximumLimit)")
                }
                // OGC API: a limit above the maximum is served as the maximum.
                limit = min(number, maximumLimit)
                continue
            case "offset":
                guard let number = Int(value), number >= 0 else { throw .invalidParameter(name, "\"\(value)\" is not a whole number of 0 or more") }
                start = number
                query.offset = number
                continue
            case "cursor":
                guard let dot = value.firstIndex(of: "."), let position = Int(value[..<dot]), position >= 0 else {
                    throw .invalidParameter(name, "\"\(value.prefix(40))\" is not a cursor of this service (follow the next link)")
                }
                start = position
                query.cursor = FeatureCursor(String(value[value.index(after: dot)...]))
                continue
            case "bbox":
                let numbers = value.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard numbers.count == 4 || numbers.count == 6, numbers.allSatisfy({ $0?.isFinite == true }) else {
                    throw .invalidParameter(name, "\"\(value)\" is not 4 or 6 comma-separated numbers (minx,miny,maxx,maxy)")
                }
                bbox = numbers.map { $0! }
            case "bbox-crs":
                bboxCRS = try crsList.parse(value, parameter: name, storage: storage)
            case "crs":
                outputCRS = try crsList.parse(value, parameter: name, storage: storage)
            case "datetime":
                if let predicate = try DateTimeInterval(parsing: value).predicate(on: schema) { predicates.append(predicate) }
            case "filter":
                do {
                    predicates.append(try FeaturePredicate(parsingCQL2Text: value))
                } catch {
                    throw .invalidParameter(name, "CQL2 text that GeoKit does not read, at column \(error.column): \(error.message)")
                }
            case "filter-lang":
                guard value == "cql2-text" else { throw .invalidParameter(name, "\"\(value)\" is not supported; use cql2-text") }
            case "filter-crs":
                // No spatial predicates are supported, so a filter has no coordinates; the
                // CRS must still be one the service knows.
                _ = try crsList.parse(value, parameter: name, storage: storage)
            default:
                guard schema.field(named: name) != nil else {
                    let known = schema.fields.map(\.name).prefix(20).joined(separator: ", ")
                    throw .invalidParameter(name, "not a parameter of this path nor a field of the collection (parameters: \(Self.names.sorted().joined(separator: ", ")); fields: \(known))")
                }
                predicates.append(.comparison(field: name, .equal, Self.literal(value, type: schema.field(named: name)?.type)))
            }
            repeated.append(parameter)
        }
        if let bbox {
            // Six numbers carry heights, which a 2D box ignores.
            let (x0, y0, x1, y1) = bbox.count == 6 ? (bbox[0], bbox[1], bbox[3], bbox[4]) : (bbox[0], bbox[1], bbox[2], bbox[3])
            let swap = crsList.isNorthingFirst(bboxCRS)
            var box = swap ? BoundingBox(minX: y0, minY: x0, maxX: y1, maxY: x1) : BoundingBox(minX: x0, minY: y0, maxX: x1, maxY: y1)
            guard box.minY <= box.maxY else {
                throw .invalidParameter("bbox", "the lower corner's \(swap ? "latitude" : "y") is above the upper corner's")
            }
            // A box across the antimeridian (minx > maxx in CRS84) is two boxes; Germany's
            // data never needs it, so the whole longitude range is asked.
            if box.minX > box.maxX {
                guard bboxCRS == .crs84 || bboxCRS == .epsg(4326) || bboxCRS == .epsg(4258) else {
                    throw .invalidParameter("bbox", "the lower corner's x is right of the upper corner's")
                }
                box.minX = -180
                box.maxX = 180
            }
            query.boundingBox = box
            query.boundingBoxCRS = bboxCRS
        } else if request.parameter("bbox-crs") != nil {
            throw .invalidParameter("bbox-crs", "given without bbox")
        }
        if let first = predicates.first {
            query.predicate = predicates.dropFirst().reduce(first) { .and($0, $1) }
        }
        if let unknown = query.unknownFieldNames(in: schema).first {
            throw .invalidParameter("filter", "no field \"\(unknown)\" in the collection (queryables: /collections/…/queryables)")
        }
        query.limit = limit
        self.query = query
    }

    /// A property filter's value as the literal its field compares with: a number for a
    /// numeric field (text fields compare it as written), a boolean for a boolean field.
    static func literal(_ value: String, type: FieldType?) -> FeaturePredicate.Literal {
        if type == .boolean, let flag = Bool(value.lowercased()) { return .boolean(flag) }
        if type == .integer || type == .real, let number = Double(value), number.isFinite { return .number(number, text: value) }
        return .text(value)
    }
}
