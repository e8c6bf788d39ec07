/// Opens any file GeoKit reads as `FeatureStore`s, the way a server serves them: every
/// table of a GeoPackage as a `GeoPackageStore` (queries answered by SQLite), every other
/// layer read once into a `LayerStore` (an in-memory index; what its reader noticed is
/// in the store's `warnings`). It lives in the umbrella
/// module because it needs both GeoFormats and GeoQuery.
///
/// ```swift
/// for store in try FeatureStores.open(path: "opendata/aed.csv") { print(store.schema.name) }
/// ```
public enum FeatureStores {
    /// One store per layer of the file: each table of a GeoPackage, each shapefile of a
    /// zip, the one layer of any other file.
    /// - Parameters:
    ///   - path: the file.
    ///   - layer: only this table (or zipped shapefile).
    /// - Throws: `ReadError` for the first layer that cannot be read, naming it.
    public static func open(path: String, layer: String? = nil) throws(ReadError) -> [any FeatureStore] {
        let driver = try FormatRegistry.shared.identify(path: path)
        // A database opens its tables as stores that answer queries in SQL.
        if let stores = try driver.openStores(at: path, layer: layer) { return stores }
        let names = layer.map { [$0] } ?? LayerIO.layerNames(path: path)
        var stores: [any FeatureStore] = []
        for name in names.isEmpty ? [nil] : names.map(Optional.some) {
            if driver.name == VectorFormat.geopackage.rawValue {
                stores.append(try GeoPackageStore(path: path, layer: name))
            } else {
                // Any other format, GeoKit's own or a registered one, is read once into memory.
                let reading = try LayerIO.read(path: path, format: VectorFormat(rawValue: driver.name), layer: name)
                stores.append(LayerStore(reading.layer, warnings: reading.warnings))
            }
        }
        return stores
    }
}
