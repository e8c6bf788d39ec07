import GeoCore
import GeoPROJ

extension GMLSource {
    /// A feature element as a feature: its id, its first geometry, its properties.
    func feature(from element: XMLElementNode) throws(ReadError) -> Feature {
        defer { featureIndex += 1 }
        if let type = featureType, type != element.name {
            throw failure("a \(element.name) among \(type) features: GeoKit reads one feature type per layer", line: element.line)
        }
        if featureType == nil {
            featureType = element.name
            layerName = element.name
        }
        var geometry: Geometry?
        var properties = JSONObject()
        for property in element.children {
            if GMLGeometryReader.gmlNamespaces.contains(property.namespace) && property.name == "boundedBy" { continue }
            try add(property, path: property.name, into: &properties, geometry: &geometry)
        }
        if let geometry { try settleReference(of: geometry, line: element.line) }
        let located = swapsAxes ? geometry?.mapPositions { Position(x: $0.y, y: $0.x, z: $0.z) } : geometry
        return Feature(id: element.attributes["id"].map { .string($0) }, geometry: located, properties: properties)
    }

    /// Adds a property (and what it holds) to `properties`, or takes the first geometry.
    private func add(_ element: XMLElementNode, path: String, into properties: inout JSONObject, geometry: inout Geometry?) throws(ReadError) {
        if GMLGeometryReader.isGeometry(element) {
            if geometry == nil {
                geometry = try geometries.geometry(element)
            } else if leftOutGeometries.insert(path).inserted {
                warnings.append(ReadWarning(location: SourceLocation(file: file, line: element.line, featureIndex: featureIndex),
                                            message: "a second geometry (\(path)) is left out: a feature has one geometry"))
            }
            return
        }
        if element.attributes["nil"] == "true" {
            properties[unique(path, in: properties)] = .null
            return
        }
        if element.children.isEmpty {
            let value: JSONValue = element.text.isEmpty ? (element.attributes["href"].map(JSONValue.string) ?? .string("")) : .string(element.text)
            properties[unique(path, in: properties)] = value
            return
        }
        for child in element.children {
            // Object elements (UpperCamelCase) add no step to the path.
            let isObject = child.name.first?.isUppercase == true
            try add(child, path: isObject ? path : path + "/" + child.name, into: &properties, geometry: &geometry)
        }
    }

    private func unique(_ path: String, in properties: JSONObject) -> String {
        guard properties[path] != nil else { return path }
        var n = 2
        while properties["\(path)[\(n)]"] != nil { n += 1 }
        return "\(path)[\(n)]"
    }

    /// The layer takes the CRS of its first geometry; later ones must agree. The first
    /// position decides, once, whether the file's axes are swapped against its CRS.
    private func settleReference(of geometry: Geometry, line: Int) throws(ReadError) {
        guard let reference = geometries.lastReference ?? geometries.inherited else { return }
        if let layerReference {
            guard layerReference == reference else {
                throw failure("srsName \(reference.srsName) differs from the layer's \(layerReference.srsName): GeoKit reads a layer in one CRS", line: line)
            }
            return
        }
        layerReference = reference
        crs = reference.reference
        if let note = reference.note { warnings.append(ReadWarning(location: SourceLocation(file: file, line: line), message: note)) }
        guard let first = geometry.firstPosition,
              let toLongitudeLatitude = try? Transformer.cached(from: reference.reference, to: "OGC:CRS84") else { return }
        func longitudeLatitude(_ p: Position) -> Position? {
            guard let q = try? toLongitudeLatitude.transform(p), q.x.isFinite, q.y.isFinite, abs(q.x) <= 180, abs(q.y) <= 90 else { return nil }
            return q
        }
        // Swapped when only the swapped position is a place on earth, or when only it lies
        // in the CRS's area of use (with a degree to spare).
        func inside(_ p: Position) -> Bool {
            guard let q = longitudeLatitude(p) else { return false }
            guard let area = reference.crs.areaOfUse?.bounds else { return true }
            return q.x >= area.minX - 1 && q.x <= area.maxX + 1 && q.y >= area.minY - 1 && q.y <= area.maxY + 1
        }
        let swapped = Position(x: first.y, y: first.x)
        let declaredOnEarth = longitudeLatitude(first) != nil, swappedOnEarth = longitudeLatitude(swapped) != nil
        if (!declaredOnEarth && swappedOnEarth) || (declaredOnEarth && swappedOnEarth && !inside(first) && inside(swapped)) {
            swapsAxes = true
            warnings.append(ReadWarning(location: SourceLocation(file: file, line: line),
                                        message: "positions lie outside \(reference.crs.name)'s area unless their two axes are swapped: the file writes them against its srsName's axis order; read swapped"))
        }
    }
}

private extension Geometry {
    /// The first position, if any.
    var firstPosition: Position? {
        switch self {
        case .point(let p): p
        case .multiPoint(let ps), .lineString(let ps): ps.first
        case .multiLineString(let ls), .polygon(let ls): ls.first?.first
        case .multiPolygon(let pss): pss.first?.first?.first
        case .geometryCollection(let gs): gs.lazy.compactMap(\.firstPosition).first
        }
    }
}
