// The umbrella module: `import GeoKit` gives an app every GeoKit library module.
@_exported import GeoCore
@_exported import GeoPROJ
@_exported import GeoGEOS
@_exported import GeoQuery
@_exported import GeoFormats
