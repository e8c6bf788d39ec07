// The umbrella module: `import GeoKit` gives an app every GeoKit library module.
@_exported import GeoCore
@_exported import GeoPROJ
@_exported import GeoGEOS
@_exported import GeoQuery
@_exported import GeoFormats
@_exported import GeoINSPIRE

/// The versions of GeoKit and of the C libraries under it.
public enum GeoKitInfo {
    /// GeoKit's own version.
    public static let version = "0.3.0"
    /// The linked GEOS.
    public static var geosVersion: String { GEOSLibrary.version }
    /// The linked PROJ.
    public static var projVersion: String { PROJLibrary.version }
}
