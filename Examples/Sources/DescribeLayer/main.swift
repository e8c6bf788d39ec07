// Reads a GeoJSON layer, prints what is in it, and writes its features with a known
// field as newline-delimited GeoJSON.
//   swift run --package-path Examples DescribeLayer Fixtures/aed/koeln_aed_register.geojson
import GeoKit

let path = CommandLine.arguments.dropFirst().first ?? "Fixtures/aed/koeln_aed_register.geojson"
do {
    let layer = try GeoJSON.readLayer(atPath: path)
    print("\(layer.name): \(layer.features.count) features in \(layer.crs?.identifier ?? "unknown CRS")")
    for field in layer.fields { print("  \(field.name): \(field.type)") }

    let named = layer.features.filter { $0[property: "name"]?.stringValue != nil }
    let output = Layer(name: layer.name, crs: layer.crs, features: named, fields: layer.fields)
    try GeoJSON.write(output, toPath: "/tmp/\(layer.name)-named.geojsonl", style: .newlineDelimited, overwrite: true)
    print("wrote \(named.count) named features to /tmp/\(layer.name)-named.geojsonl")
} catch {
    print("error: \(error)")
}
