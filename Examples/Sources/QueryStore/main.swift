// A GeoPackage as a store: a page of features in a box, a filtered count and a feature by
// id, each answered by SQLite (the R-tree, the filter as bound SQL), from any task.
//   swift run --package-path Examples QueryStore
import GeoKit

do {
    // A GeoPackage to query: Köln's AED register, converted once.
    let path = "/tmp/koeln_aed.gpkg"
    try GeoPackageWriter.write(try GeoJSON.readLayer(atPath: "Fixtures/aed/koeln_aed_register.geojson"), toPath: path, overwrite: true)

    let store = try GeoPackageStore(path: path)
    print("\(store.schema.name): \(store.schema.featureCount ?? 0) features, fields \(store.schema.fields.map(\.name))")

    // The city centre, as longitude/latitude; the first page of 100.
    let centre = BoundingBox(minX: 6.93, minY: 50.92, maxX: 6.98, maxY: 50.95)
    let page = try await store.features(matching: FeatureQuery(boundingBox: centre, limit: 100))
    print("\(page.features.count) AEDs in the centre, more: \(page.nextCursor != nil)")

    // How many in Ehrenfeld have known opening hours.
    let filter = try FeaturePredicate(parsing: "city_district = 'Ehrenfeld' AND opening_hours IS NOT NULL")
    print("Ehrenfeld with opening hours: \(try await store.count(matching: FeatureQuery(predicate: filter)))")

    if let first = try await store.feature(id: 1) {
        print("feature 1: \(first[property: "name"]?.stringValue ?? "?") at \(first[property: "address"]?.stringValue ?? "?")")
    }
} catch {
    print("error: \(error)")
}
