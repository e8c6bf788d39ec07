import GeoCore
import GeoFormats

/// GML as a format GeoKit reads (`geokit info`, `convert`, `nearest`… of a WFS response or
/// an INSPIRE GML file). Registered with `FormatRegistry` by `GMLDriver.register()`;
/// the `geokit` command line does it at start. Writing GML is `geokit inspire export`'s
/// job: as a conversion target it is refused with that hint.
public struct GMLDriver: FormatDriver {
    /// Creates the driver.
    public init() {}

    public var name: String { "gml" }
    public var fileExtensions: [String] { ["gml", "xml"] }
    public var storesTables: Bool { false }

    /// A GML namespace and a feature collection or member in the first bytes.
    public func recognizes(head: [UInt8], path: String) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("http://www.opengis.net/gml") && (text.contains("FeatureCollection") || text.contains("featureMember"))
    }

    public func openSource(path: String, layer: String?, options: FormatReadOptions) throws(ReadError) -> any FeatureSource {
        try GMLSource(path: path)
    }

    public func makeSink(path: String, layer: LayerSchema, overwrite: Bool) throws(WriteError) -> any FeatureSink {
        throw WriteError(file: path, message: "GeoKit writes GML only as INSPIRE (`geokit inspire export`); convert writes GeoJSON, CSV, GeoPackage or Shapefile",
                         code: .other)
    }

    /// Adds the driver to the process's registry (once is enough; again changes nothing).
    public static func register() {
        FormatRegistry.shared.register(GMLDriver())
    }
}
