import Foundation
import TestSupport
import Testing

/// Library errors speak of data, not of a command line: no message in the library
/// modules names a CLI option (`use --overwrite`); the CLI adds its hints by error code.
@Suite struct LibraryMessageTests {
    @Test func noLibraryMessageNamesACommandLineOption() throws {
        var offenders: [String] = []
        for module in ["GeoCore", "GeoPROJ", "GeoGEOS", "GeoQuery", "GeoFormats", "GeoPostGIS"] {
            let folder = Paths.repository + "/Sources/" + module
            let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            #expect(!files.isEmpty, "\(module) has sources")
            for file in files {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    if code.hasPrefix("//") { continue }
                    if line.range(of: #""[^"]*\s--[a-z][a-z-]+"#, options: .regularExpression) != nil {
                        offenders.append("\(module)/\(file):\(n + 1)")
                    }
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
