import Foundation
import GeoCore
import GeoQuery

/// The parameters of `/collections/{id}/nearest`.
struct NearestRequest: Sendable {
    /// Where to search from, longitude/latitude; nil when the request gives no place
    /// (the HTML page then shows only its form).
    var position: Position?
    /// The address that gave the position, as the house coordinates spell it.
    var matchedAddress: String?
    var count: Int
    var within: Double?
    var openNow: Bool

    static let names: Set<String> = ["lon", "lat", "address", "k", "within", "open-now"]
}

extension FeatureService {
    func nearest(in collection: ServedCollection, _ request: ServiceRequest, format: ResponseFormat) async throws(ServiceProblem) -> ServiceResponse {
        try allowOnly(NearestRequest.names, in: request)
        guard collection.store.schema.hasGeometry else {
            throw .notFound("collection \"\(collection.id)\" has no geometries to be near to")
        }
        let parameters = try nearestParameters(request, collection: collection, requirePosition: format == .json)
        guard let position = parameters.position else {
            return HTMLPages.nearest(collection, parameters: parameters, neighbors: [], service: self, request: request)
        }
        let index: GeoIndex
        do {
            index = try await nearestIndexes.index(at: collectionPosition(collection), of: collection)
        } catch {
            throw ServiceProblem(status: 500, title: "Index failure", detail: "collection \"\(collection.id)\": \(error)")
        }
        let neighbors: [Neighbor]
        do {
            if parameters.openNow {
                neighbors = try index.nearestAvailable(to: position, at: Date(), timeZone: TimeZone(identifier: "Europe/Berlin")!,
                                                       count: parameters.count, within: parameters.within,
                                                       isPublicHoliday: GermanPublicHolidays(region: "DE")!.isHoliday).available
            } else {
                neighbors = try index.nearest(to: position, count: parameters.count, within: parameters.within)
            }
        } catch {
            throw .invalidParameter("lon/lat", "\(error)")
        }
        if format == .html {
            return HTMLPages.nearest(collection, parameters: parameters, neighbors: neighbors, service: self, request: request)
        }
        var writer = ByteWriter(capacity: 512 + neighbors.count * 300)
        writer.write("{\"type\":\"FeatureCollection\",\"numberReturned\":")
        writer.write(integer: Int64(neighbors.count))
        writer.write(",\"query\":")
        var query: JSONObject = ["lon": .double(position.x), "lat": .double(position.y)]
        if let address = parameters.matchedAddress { query["address"] = .string(address) }
        writer.writeJSON(object: query)
        writer.write(",\"features\":[")
        for (rank, neighbor) in neighbors.enumerated() {
            if rank > 0 { writer.write(",\n") }
            var feature = try output(neighbor.feature, of: collection, in: .crs84)
            let (distanceName, azimuthName) = Self.measureNames(avoiding: feature.properties)
            feature.properties[distanceName] = .double((neighbor.distance * 1000).rounded() / 1000)
            feature.properties[azimuthName] = .double((neighbor.azimuth * 10).rounded() / 10)
            do { try writer.writeGeoJSON(feature: feature) } catch {
                throw ServiceProblem(status: 500, title: "Unwritable feature", detail: "collection \"\(collection.id)\": \(error.message)")
            }
        }
        writer.write("]}\n")
        return ServiceResponse(contentType: MediaType.geoJSON, body: writer.bytes, headers: [crsHeader(.crs84)])
    }

    /// The property names of the distance (metres) and azimuth (degrees from north)
    /// added to each neighbour: `distance_m` and `azimuth_deg`, prefixed with `nearest_`
    /// where the feature already has a property of that name.
    static func measureNames(avoiding properties: JSONObject) -> (distance: String, azimuth: String) {
        var distance = "distance_m", azimuth = "azimuth_deg"
        while properties[distance] != nil || properties[azimuth] != nil {
            distance = "nearest_" + distance
            azimuth = "nearest_" + azimuth
        }
        return (distance, azimuth)
    }

    func collectionPosition(_ collection: ServedCollection) -> Int {
        collections.firstIndex { $0.id == collection.id } ?? 0
    }

    private func nearestParameters(_ request: ServiceRequest, collection: ServedCollection, requirePosition: Bool) throws(ServiceProblem) -> NearestRequest {
        func number(_ name: String, in range: ClosedRange<Double>) throws(ServiceProblem) -> Double? {
            guard let text = request.parameter(name), !text.isEmpty else { return nil }
            guard let value = Double(text), range.contains(value) else {
                throw .invalidParameter(name, "\"\(text)\" is not a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        var result = NearestRequest(count: 1, openNow: false)
        let lon = try number("lon", in: -180...180), lat = try number("lat", in: -90...90)
        let address = request.parameter("address").flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        switch (lon, lat, address) {
        case (let lon?, let lat?, nil):
            result.position = Position(x: lon, y: lat)
        case (nil, nil, let address?):
            guard let addresses = collection.addresses else {
                throw .invalidParameter("address", "this service has no house coordinates to look addresses up in; give lon and lat")
            }
            let matches: [AddressMatch]
            do { matches = try addresses.locate(address, count: 1) } catch {
                throw .invalidParameter("address", "\(error)")
            }
            guard let match = matches.first else { throw .notFound("no address like \"\(address.prefix(120))\" in the house coordinates") }
            result.position = match.geographicPosition
            result.matchedAddress = match.address
        case (nil, nil, nil):
            if requirePosition { throw .invalidParameter("lon/lat", "give lon and lat (WGS 84 degrees), or address") }
        default:
            throw .invalidParameter("lon/lat", "give both lon and lat, or address alone")
        }
        if let k = request.parameter("k") {
            guard let count = Int(k), (1...configuration.maximumNearest).contains(count) else {
                throw .invalidParameter("k", "\"\(k)\" is not a whole number from 1 to \(configuration.maximumNearest)")
            }
            result.count = count
        }
        result.within = try number("within", in: 0...20_037_509)
        if let open = request.parameter("open-now") {
            switch open.lowercased() {
            case "true", "1", "yes", "on": result.openNow = true
            case "false", "0", "no", "": result.openNow = false
            default: throw .invalidParameter("open-now", "\"\(open)\" is not true or false")
            }
        }
        return result
    }
}
