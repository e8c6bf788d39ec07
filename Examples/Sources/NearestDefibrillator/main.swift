// The nearest defibrillators to a position, in metres on the ellipsoid.
//   swift run --package-path Examples NearestDefibrillator 6.9583 50.9413
import GeoKit

let arguments = CommandLine.arguments.dropFirst().compactMap(Double.init)
let here = Position(longitude: arguments.first ?? 6.9583, latitude: arguments.dropFirst().first ?? 50.9413)

do {
    // Load once, index once: the index is Sendable and answers in microseconds.
    let aeds = try GeoJSON.readLayer(atPath: "Fixtures/aed/koeln_aed_register.geojson")
    let index = try GeoIndex(aeds)

    for aed in try index.nearest(to: here, count: 3, within: 2_000) {
        let name = aed.feature[property: "name"]?.stringValue ?? "AED"
        let hours = aed.feature[property: "opening_hours"]?.stringValue ?? "hours unknown"
        print("\(Int(aed.distance.rounded())) m, bearing \(Int(aed.azimuth))°: \(name) (\(hours))")
    }
} catch {
    print("error: \(error)")
}
