extension GeoJSON {
    /// Reads a whole GeoJSON or GeoJSON text sequence file into a layer named after the
    /// file (or the FeatureCollection's `name` member). Features are read by the streaming
    /// reader, so the file is never held in memory as a whole.
    ///
    /// - Parameter path: a file path, or `-` for standard input.
    /// - Throws: `ReadError` for bad content, with line, column and feature index; a
    ///   `ReadError` also when the file cannot be opened.
    public static func readLayer(atPath path: String) throws(ReadError) -> Layer {
        var reader = try GeoJSONFeatureReader(path: path)
        var features: [Feature] = []
        var schema = FieldSchemaBuilder()
        while let feature = try reader.next() {
            schema.add(feature.properties)
            features.append(feature)
        }
        return Layer(name: reader.layerName, crs: reader.crs, features: features, fields: schema.fields)
    }
}
