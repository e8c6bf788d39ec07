import GeoCore

/// The checks every ``FeatureStore`` must pass, whatever answers its queries (SQLite, an
/// in-memory index, PostgreSQL): each answer equals filtering the whole layer in Swift.
public enum StoreConformance {
    /// 400 points on a 1 km grid in EPSG:25832 with values of every kind: text that looks
    /// like a number, umlauts and LIKE wildcards in text, integers, reals, Booleans, nulls.
    public static let layer: Layer = {
        let names = ["Dom", "Rathaus", "Straße 1", "50%_off", "Ähre", "o'neill", "", "zeta"]
        let postcodes: [JSONValue] = ["04109", "4109", "50667", "abc", .null]
        var features: [Feature] = []
        for i in 0..<400 {
            let x = 350_000 + Double(i % 20) * 1_000, y = 5_650_000 + Double(i / 20) * 1_000
            let properties: JSONObject = [
                "name": .string(names[i % names.count]),
                "plz": postcodes[i % postcodes.count],
                "count": i % 7 == 0 ? .null : .integer(Int64(i % 50)),
                "share": i % 11 == 0 ? .null : .double(Double(i % 13) / 4),
                "open": i % 3 == 0 ? .null : .bool(i % 2 == 0),
            ]
            features.append(Feature(id: .integer(Int64(i + 1)), geometry: .point(Position(x: x, y: y)), properties: properties))
        }
        return Layer(name: "points", crs: .epsg(25832), inferringFieldsFrom: features)
    }()

    /// Predicates that SQL computes exactly, partly, or not at all as GeoKit does.
    public static let predicates = [
        "plz = 04109", "plz != 04109", "plz > 5000", "plz = '4109'", "plz IN (04109, '50667')", "plz NOT IN ('abc')",
        "NOT plz = 04109", "count > 20", "count <= 7 AND share > 1", "share = 0.5 OR open = TRUE", "NOT (count < 10)",
        "name LIKE 'Ra%'", "name LIKE '%\\%\\_%'", "name LIKE '_traße _'", "name NOT LIKE '%e%'", "name > 'Z'", "name = ''",
        "open = FALSE", "open != TRUE", "open IS NULL", "count IS NOT NULL AND NOT open IS NULL", "count IN (1, 2, 3.0)",
        "name >= 'Dom' AND name < 'S'", "count = '7'", "plz LIKE '0%' OR count = 49", "NOT (plz = 04109 OR name = 'Dom')",
        "count BETWEEN 5 AND 10", "share NOT BETWEEN 0.5 AND 2", "plz BETWEEN '0' AND '5'",
    ]

    /// A small box (a few features) and a large one (most of them), in the layer's CRS.
    public static let boxes = [
        BoundingBox(minX: 352_500, minY: 5_652_500, maxX: 355_500, maxY: 5_655_500),
        BoundingBox(minX: 340_000, minY: 5_640_000, maxX: 365_000, maxY: 5_662_000),
    ]

    /// What a store must answer: the layer filtered in Swift, in order.
    public static func expected(_ query: FeatureQuery, in layer: Layer = layer) -> [Feature] {
        layer.features.filter { feature in
            if let box = query.boundingBox, !(feature.geometry?.boundingBox.map { $0.intersects(box) } ?? false) { return false }
            if let predicate = query.predicate, !predicate.matches(feature) { return false }
            if let ids = query.ids, let id = feature.id, !ids.contains(id) { return false }
            return true
        }
    }

    /// Every predicate in every box (and none), as pages, counts, and pages of 7 followed
    /// by their cursors; returns a line for each answer that differs from filtering in
    /// Swift (empty when the store conforms). A database with typed columns holds the
    /// layer as it read it back (`04109` and `4109` as text in one column): `layer` is
    /// then what the store holds.
    public static func disagreements(of store: some FeatureStore, holding layer: Layer = layer) async throws -> [String] {
        var found: [String] = []
        for text in predicates {
            let predicate = try FeaturePredicate(parsing: text)
            for box in [nil] + boxes.map(Optional.some) {
                let query = FeatureQuery(boundingBox: box, predicate: predicate)
                let expected = expected(query, in: layer)
                let place = box.map { "in \($0)" } ?? "everywhere"
                let page = try await store.features(matching: query)
                if page.features != expected { found.append("\(text) \(place): \(page.features.count) features, expected \(expected.count)") }
                let count = try await store.count(matching: query)
                if count != expected.count { found.append("\(text) \(place): count \(count), expected \(expected.count)") }
                var paged = query
                paged.limit = 7
                var collected: [Feature] = []
                while true {
                    let part = try await store.features(matching: paged)
                    if part.features.count > 7 { found.append("\(text) \(place): a page of \(part.features.count) for a limit of 7") }
                    collected += part.features
                    guard let next = part.nextCursor, collected.count <= expected.count else { break }
                    paged.cursor = next
                }
                if collected != expected { found.append("\(text) \(place): pages of 7 gave \(collected.count), expected \(expected.count)") }
            }
        }
        return found
    }
}
