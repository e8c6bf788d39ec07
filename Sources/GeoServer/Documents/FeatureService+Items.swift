import Foundation
import GeoCore
import GeoPROJ

extension FeatureService {
    func items(of collection: ServedCollection, _ request: ServiceRequest, format: ResponseFormat) async throws(ServiceProblem) -> ServiceResponse {
        let schema = collection.store.schema
        let parameters = try ItemsRequest(request, schema: schema, crsList: crsList,
                                          defaultLimit: configuration.defaultLimit, maximumLimit: configuration.maximumLimit)
        let matched: Int
        let page: FeaturePage
        do {
            (page, matched) = try await collection.store.pageAndCount(matching: parameters.query)
        } catch {
            throw storeProblem(error, collection: collection)
        }
        let features = try page.features.map { feature throws(ServiceProblem) in try output(feature, of: collection, in: parameters.outputCRS) }
        let links = pageLinks(collection, request, parameters, returned: features.count, next: page.nextCursor, format: format)
        if format == .html {
            return HTMLPages.items(collection, features: features, crs: parameters.outputCRS, matched: matched, start: parameters.start,
                                   links: links, warnings: page.warnings, service: self, request: request)
        }
        var writer = ByteWriter(capacity: 512 + features.count * 256)
        writer.write("{\"type\":\"FeatureCollection\",\"numberMatched\":")
        writer.write(integer: Int64(matched))
        writer.write(",\"numberReturned\":")
        writer.write(integer: Int64(features.count))
        writer.write(",\"timeStamp\":")
        writer.write(jsonString: Self.timeStamp())
        writer.write(",\"links\":")
        writer.writeJSON(value: .array(links.map { $0.json(baseURL: request.baseURL) }))
        if !page.warnings.isEmpty {
            // What the store noticed reading these features (a geometry it could not read,
            // arcs approximated): a foreign member, so that nothing changes unsaid.
            writer.write(",\"warnings\":")
            writer.writeJSON(value: Self.warningsJSON(page.warnings))
        }
        writer.write(",\"features\":[")
        for (index, feature) in features.enumerated() {
            if index > 0 { writer.write(",\n") }
            do { try writer.writeGeoJSON(feature: feature) } catch {
                throw ServiceProblem(status: 500, title: "Unwritable feature", detail: "collection \"\(collection.id)\", feature \(feature.id.map { "\($0)" } ?? "?"): \(error.message)")
            }
        }
        writer.write("]}\n")
        return ServiceResponse(contentType: MediaType.geoJSON, body: writer.bytes, headers: [crsHeader(parameters.outputCRS)])
    }

    func item(_ idText: String, of collection: ServedCollection, _ request: ServiceRequest, format: ResponseFormat) async throws(ServiceProblem) -> ServiceResponse {
        let storage = collection.store.schema.crs ?? .crs84
        let outputCRS = try request.parameter("crs").map { text throws(ServiceProblem) in try crsList.parse(text, parameter: "crs", storage: storage) } ?? .crs84
        let id: FeatureID = Int64(idText).map(FeatureID.integer) ?? .string(idText)
        let found: Feature?
        let warnings: [ReadWarning]
        do {
            // As a page of one, so that what the store noticed reading it comes along.
            let page = try await collection.store.features(matching: FeatureQuery(ids: [id], limit: 1))
            (found, warnings) = (page.features.first, page.warnings)
        } catch {
            throw storeProblem(error, collection: collection)
        }
        guard let found else {
            throw .notFound("no feature \"\(idText.prefix(80))\" in collection \"\(collection.id)\"")
        }
        let feature = try output(found, of: collection, in: outputCRS)
        let path = "/collections/\(collection.id)/items/\(PercentEncoding.encode(idText))"
        if format == .html {
            return HTMLPages.item(collection, feature: feature, crs: outputCRS, warnings: warnings, service: self, request: request)
        }
        let links: [JSONValue] = selfLinks(request, path, format: format, jsonType: MediaType.geoJSON) + [
            link(request, "/collections/\(collection.id)", rel: "collection", type: MediaType.json, title: collection.title),
        ]
        var writer = ByteWriter(capacity: 1024)
        do { try writer.writeGeoJSON(feature: feature) } catch {
            throw ServiceProblem(status: 500, title: "Unwritable feature", detail: "collection \"\(collection.id)\", feature \(idText): \(error.message)")
        }
        // The links go into the Feature object, before its closing brace.
        writer.bytes.removeLast()
        writer.write(",\"links\":")
        writer.writeJSON(value: .array(links))
        if !warnings.isEmpty {
            writer.write(",\"warnings\":")
            writer.writeJSON(value: Self.warningsJSON(warnings))
        }
        writer.write("}\n")
        return ServiceResponse(contentType: MediaType.geoJSON, body: writer.bytes, headers: [crsHeader(outputCRS)])
    }

    /// A feature as the answer carries it: in the requested CRS and axis order.
    func output(_ feature: Feature, of collection: ServedCollection, in target: CRSReference) throws(ServiceProblem) -> Feature {
        let storage = collection.store.schema.crs ?? .crs84
        var result = feature
        result.declaredBoundingBox = nil
        guard var geometry = feature.geometry else { return result }
        if storage != target && !(storage.isWGS84Geographic && target.isWGS84Geographic) {
            do {
                geometry = try Transformer.cached(from: storage, to: target).transform(geometry)
            } catch {
                throw ServiceProblem(status: 500, title: "Transformation failed",
                                     detail: "collection \"\(collection.id)\", feature \(feature.id.map { "\($0)" } ?? "?"): \(storage.identifier) to \(target.identifier): \(error)")
            }
        }
        if crsList.isNorthingFirst(target) { geometry = geometry.swappingAxes }
        result.geometry = geometry
        return result
    }

    /// A store's warnings as clients read them: severity, message, the feature as the store
    /// names it (a GeoPackage's row id, which is the feature's id) and how often; never the
    /// server's file paths.
    static func warningsJSON(_ warnings: [ReadWarning]) -> JSONValue {
        .array(warnings.map { warning in
            var object: JSONObject = ["severity": .string(warning.severity.rawValue), "message": .string(warning.message)]
            if let index = warning.location.featureIndex { object["feature"] = .integer(Int64(index)) }
            if warning.occurrences > 1 { object["occurrences"] = .integer(Int64(warning.occurrences)) }
            return .object(object)
        })
    }

    /// `Content-Crs: <uri>` (OGC API – Features Part 2).
    func crsHeader(_ crs: CRSReference) -> ServiceResponse.Header {
        .init("Content-Crs", "<\(crs.uri)>")
    }

    /// self, alternate, next and prev links of a page of items.
    func pageLinks(_ collection: ServedCollection, _ request: ServiceRequest, _ parameters: ItemsRequest, returned: Int,
                   next: FeatureCursor?, format: ResponseFormat) -> [ServiceLink] {
        let path = "/collections/\(collection.id)/items"
        func target(_ extra: [(String, String)], f: String) -> String {
            let pairs = parameters.repeated.map { ($0.name, $0.value) } + [("limit", String(parameters.limit))] + extra + [("f", f)]
            return path + "?" + pairs.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        }
        let here: [(String, String)]
        if let cursor = request.parameter("cursor") { here = [("cursor", cursor)] } else if parameters.start > 0 { here = [("offset", String(parameters.start))] } else { here = [] }
        let json = ServiceLink(href: target(here, f: "json"), rel: format == .json ? "self" : "alternate", type: MediaType.geoJSON, title: "This page as GeoJSON")
        let html = ServiceLink(href: target(here, f: "html"), rel: format == .html ? "self" : "alternate", type: MediaType.html, title: "This page as HTML")
        var links = format == .json ? [json, html] : [html, json]
        let (f, type) = format == .json ? ("json", MediaType.geoJSON) : ("html", MediaType.html)
        if let next {
            links.append(ServiceLink(href: target([("cursor", "\(parameters.start + returned).\(next.token)")], f: f), rel: "next", type: type, title: "The next page"))
        }
        if parameters.start > 0 {
            let previous = max(0, parameters.start - parameters.limit)
            links.append(ServiceLink(href: target(previous > 0 ? [("offset", String(previous))] : [], f: f), rel: "prev", type: type, title: "The previous page"))
        }
        links.append(ServiceLink(href: "/collections/\(collection.id)", rel: "collection", type: MediaType.json, title: collection.title))
        return links
    }

    /// The time of an answer, RFC 3339 in UTC to the second.
    static func timeStamp(_ date: Date = Date()) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds.quotient(dividingBy: 86_400), secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let z = days + 719_468
        let era = z.quotient(dividingBy: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}

extension Int {
    /// Division rounding towards minus infinity.
    fileprivate func quotient(dividingBy divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
