// A folder of open data into one GeoPackage in ETRS89 / UTM 32N, a table per file;
// a broken file is reported and the others are converted.
//   swift run --package-path Examples BatchConvert Fixtures/aed /tmp/aed.gpkg
import GeoKit

let arguments = Array(CommandLine.arguments.dropFirst())
var conversion = Conversion(inputs: [arguments.first ?? "Fixtures/aed"], output: arguments.dropFirst().first ?? "/tmp/opendata.gpkg")
conversion.targetCRS = "EPSG:25832"
conversion.steps = [MakeValidStep()]
conversion.overwrite = true

do {
    let summary = try conversion.run { event in
        if case .failed(let input, let error) = event { print("failed: \(input): \(error)") }
    }.summary
    for entry in summary.conversions {
        print("\(entry.inputs.joined(separator: ", ")) → \(entry.featuresWritten) features in \(entry.seconds) s")
    }
    print("\(summary.featuresWritten) features written to \(conversion.output), \(summary.failed.count) inputs failed")
} catch {
    print("error: \(error)")
}
