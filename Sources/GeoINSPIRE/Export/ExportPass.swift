import Foundation
import GeoCore
import GeoFormats
import GeoPROJ

/// One pass over a source: every feature resolved through the mapping and located; with a
/// document to write, each batch is encoded as GML members as it goes.
struct ExportPass {
    private let exporter: INSPIREExporter
    private let source: any FeatureSource
    /// Made once the first features are read: a GeoJSON file's legacy `crs` member is
    /// only known then.
    private var locator: ServiceLocator!
    private var check = INSPIRECheck()
    private var localIDs = Set<String>()
    private var datesAtMidnight = 0
    /// The last service type found in GeoKit's list (most layers have one or a few).
    private var lastKnownServiceType: String?
    /// Whether the pass computes the extent (the check does; the writing pass has it).
    private var measuresExtent = true

    /// Whether `localId`s are collected to find repeats: in the check, and in a writing
    /// pass only when the check found repeats that are to be left out.
    private var tracksLocalIDs = true

    /// - Parameter checked: the check a writing pass follows, if any.
    init(exporter: INSPIREExporter, source: any FeatureSource, after checked: INSPIRECheck? = nil) throws {
        self.exporter = exporter
        self.source = source
        if let checked {
            tracksLocalIDs = checked.problemCounts["localId"] != nil
            if tracksLocalIDs { localIDs.reserveCapacity(checked.featureCount) }
        }
        let contact = exporter.mapping.contact
        if contact.city == nil && (contact.streetAndNumber != nil || contact.street != nil || contact.postCode != nil) {
            check.warnings.append("contact maps a street or postcode but no city: addresses are left out (INSPIRE requires the administrative unit; map contact.city)")
        }
    }

    /// The locator for the source's CRS, as the source knows it after its first features.
    private mutating func makeLocator() throws {
        if source.crs == nil {
            check.warnings.append("the layer names no CRS: its coordinates are read as WGS 84 longitude, latitude (as GeoJSON's RFC 7946 says)")
        }
        locator = try ServiceLocator(source: source.crs ?? .crs84, output: exporter.crs, authorityOrder: exporter.encoding == .gml)
    }

    /// Reads the source to its end.
    /// - Parameters:
    ///   - document: the feature count and time stamp of the document to write, or nil to
    ///     check only.
    ///   - write: receives the document's bytes in order.
    mutating func run(document: (count: Int, timeStamp: Date)?, write: ([UInt8]) throws -> Void) throws -> INSPIRECheck {
        var out = ByteWriter(capacity: 1 << 21)
        var encoder: MemberEncoder = switch exporter.encoding {
        case .gml: .gml(GovernmentalServiceGML(srsName: exporter.srsName, namespace: exporter.mapping.namespace))
        case .geojson: .geojson(GovernmentalServiceGeoJSON(namespace: exporter.mapping.namespace))
        }
        measuresExtent = document == nil
        if let document {
            encoder.writeHeader(into: &out, timeStamp: Self.timeStamp(document.timeStamp), count: document.count)
        }
        var index = 0
        while true {
            let batch = try source.nextBatch(maxCount: INSPIREExporter.batchSize)
            if locator == nil { try makeLocator() }
            if batch.isEmpty { break }
            var records: [GovernmentalServiceRecord] = []
            var points: [Position] = []
            var indices: [Int] = []
            for feature in batch {
                defer { index += 1 }
                if let (record, point) = resolve(feature, index: index) {
                    records.append(record)
                    points.append(point)
                    indices.append(index)
                }
            }
            check.featureCount += batch.count
            if !exporter.mapping.profile.isHarmonised {
                for record in records {
                    guard let feature = record.unharmonised, let box = feature.geometry?.boundingBox else { continue }
                    if measuresExtent {
                        if check.extent == nil { check.extent = BoundingBox4258(west: box.minX, east: box.maxX, south: box.minY, north: box.maxY) }
                        check.extent?.include(longitude: box.minX, latitude: box.minY)
                        check.extent?.include(longitude: box.maxX, latitude: box.maxY)
                    }
                    check.exportableCount += 1
                    if document != nil && (exporter.skipsUnexportable || check.problemCounts.isEmpty) {
                        try encoder.writeUnharmonised(feature, into: &out)
                    }
                }
                if out.bytes.count >= 1 << 20 {
                    try write(out.bytes)
                    out.bytes.removeAll(keepingCapacity: true)
                }
                continue
            }
            let located = locate(points, indices: indices)
            let writing = document != nil && (exporter.skipsUnexportable || check.problemCounts.isEmpty)
            for i in records.indices where located.kept[i] {
                if measuresExtent {
                    let geographic = located.geographic[i]
                    if check.extent == nil {
                        check.extent = BoundingBox4258(west: geographic.x, east: geographic.x, south: geographic.y, north: geographic.y)
                    }
                    check.extent?.include(longitude: geographic.x, latitude: geographic.y)
                }
                check.exportableCount += 1
                if writing { encoder.writeMember(records[i], location: located.output[i], into: &out) }
            }
            if writing && out.bytes.count >= 1 << 20 {
                try write(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        if document != nil {
            encoder.writeFooter(into: &out)
            try write(out.bytes)
        }
        finishWarnings()
        return check
    }

    /// The feature's record and point, or nil with its problems noted.
    private mutating func resolve(_ feature: Feature, index: Int) -> (GovernmentalServiceRecord, Position)? {
        let resolved = exporter.mapping.record(for: feature, index: index)
        if !exporter.mapping.profile.isHarmonised { return resolveUnharmonised(feature, resolved, index: index) }
        let point = locator.point(of: feature.geometry)
        if case .failure(let problem) = point {
            check.add(ExportProblem(featureIndex: index, property: "serviceLocation", message: problem.message))
        }
        switch resolved {
        case .failure(let failure):
            for problem in failure.problems { check.add(problem) }
            if let value = failure.unmappedValue { check.unmappedValues[value, default: 0] += 1 }
            return nil
        case .success(let record):
            if tracksLocalIDs, !localIDs.insert(record.localID).inserted {
                check.add(ExportProblem(featureIndex: index, property: "localId",
                                        message: "\"\(record.localID.abbreviated(to: 60))\" is used by an earlier feature: inspireId must be unique"))
                return nil
            }
            guard case .success(let position) = point else { return nil }
            noteVoids(record)
            if record.serviceType != lastKnownServiceType {
                if ServiceType.known.contains(ServiceType.name(of: record.serviceType)) {
                    lastKnownServiceType = record.serviceType
                } else {
                    check.unknownServiceTypes[record.serviceType, default: 0] += 1
                }
            }
            return (record, position)
        }
    }

    /// The `none` profile: the source's own properties after `inspireId` and
    /// `beginLifespanVersion`, the whole geometry in the output CRS.
    private mutating func resolveUnharmonised(_ feature: Feature, _ resolved: Result<GovernmentalServiceRecord, ExportProblems>,
                                              index: Int) -> (GovernmentalServiceRecord, Position)? {
        var problems = 0
        func problem(_ property: String, _ message: String) {
            check.add(ExportProblem(featureIndex: index, property: property, message: message))
            problems += 1
        }
        var geometry: Geometry?
        if let source = feature.geometry, !source.isEmpty {
            do { geometry = try locator.outputGeometry(source) } catch {
                problem("geometry", "cannot be transformed to \(exporter.crs.identifier): \(error)")
            }
        } else {
            problem("geometry", "no geometry")
        }
        for key in ["inspireId", "beginLifespanVersion"] where feature.properties[key] != nil {
            problem(key, "the source has a property of this name, which the INSPIRE-style encoding writes itself")
        }
        switch resolved {
        case .failure(let failure):
            for problem in failure.problems { check.add(problem) }
            return nil
        case .success(var record):
            if tracksLocalIDs, !localIDs.insert(record.localID).inserted {
                problem("localId", "\"\(record.localID.abbreviated(to: 60))\" is used by an earlier feature: inspireId must be unique")
            }
            guard problems == 0, let geometry, let box = geometry.boundingBox else { return nil }
            var properties: JSONObject = ["inspireId": .string(GovernmentalServiceGeoJSON(namespace: exporter.mapping.namespace).identifier(record.localID))]
            if case .value(let dateTime) = record.beginLifespanVersion { properties["beginLifespanVersion"] = .string(dateTime) } else { properties["beginLifespanVersion"] = .null }
            for (key, value) in feature.properties { properties[key] = value }
            record.unharmonised = Feature(id: .string(record.localID), geometry: geometry, properties: properties)
            if case .void(let reason) = record.beginLifespanVersion { check.addVoid("beginLifespanVersion", reason) }
            // The box's corners stand for the geometry in the extent.
            return (record, Position(x: box.minX, y: box.minY))
        }
    }

    private mutating func noteVoids(_ record: GovernmentalServiceRecord) {
        if case .void(let reason) = record.beginLifespanVersion { check.addVoid("beginLifespanVersion", reason) }
        if case .value(let text) = record.beginLifespanVersion, text.count == 19, text.hasSuffix("T00:00:00"),
           let raw = exporter.mapping.beginLifespanVersion, case .field = raw {
            datesAtMidnight += 1
        }
        if case .void(let reason) = record.contact { check.addVoid("pointOfContact", reason) }
    }

    /// The points in the output CRS and in EPSG:4258, and which of them PROJ could
    /// transform (the others are noted as problems).
    private mutating func locate(_ points: [Position], indices: [Int]) -> (output: [Position], geographic: [Position], kept: [Bool]) {
        if let output = try? locator.outputPositions(points),
           let geographic = measuresExtent ? try? locator.geographicPositions(points) : output {
            return (output, geographic, Array(repeating: true, count: points.count))
        }
        // One by one, to name the features that fail.
        var output: [Position] = [], geographic: [Position] = [], kept: [Bool] = []
        for (point, index) in zip(points, indices) {
            do {
                output.append(try locator.outputPositions([point])[0])
                geographic.append(try locator.geographicPositions([point])[0])
                kept.append(true)
            } catch {
                if output.count > geographic.count { output.removeLast() }
                output.append(point)
                geographic.append(point)
                kept.append(false)
                check.add(ExportProblem(featureIndex: index, property: "serviceLocation",
                                        message: "(\(point.x), \(point.y)) cannot be transformed to \(exporter.crs.identifier): \(error)"))
            }
        }
        return (output, geographic, kept)
    }

    private mutating func finishWarnings() {
        guard let locator else { return }
        if locator.pointsOnSurface > 0 {
            check.warnings.append("\(locator.pointsOnSurface) features are lines or polygons: serviceLocation is a point on each")
        }
        if locator.heightsLeftOut > 0 {
            check.warnings.append("\(locator.heightsLeftOut) features have a height (z): it is left out, serviceLocation is 2D")
        }
        if datesAtMidnight > 0 {
            check.warnings.append("\(datesAtMidnight) beginLifespanVersion values are dates without a time: written as midnight (T00:00:00)")
        }
        for warning in source.warnings.prefix(20) { check.warnings.append("source: \(warning)") }
    }

    static func timeStamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
