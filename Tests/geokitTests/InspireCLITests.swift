import Foundation
import TestSupport
import Testing

/// `geokit inspire …` end to end: exit statuses, messages, and nothing half-written.
@Suite struct InspireCLITests {
    static let register = Paths.fixture("aed/koeln_aed_register.geojson")
    static let mapping = Paths.fixture("inspire/koeln_aed_mapping.yaml")

    @Test func exportWritesTheGMLAndTheRecord() throws {
        let folder = try temporaryDirectory()
        let result = try run(CLITests.geokit, ["inspire", "export", Self.register, "--mapping", Self.mapping,
                                               "--metadata", Paths.fixture("inspire/koeln_aed_metadata.yaml"), "-o", folder])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("121 GovernmentalService features in EPSG:4258"))
        #expect(result.stdout.contains("conformity not evaluated"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["koeln-aed.gml", "koeln-aed.metadata.xml"])
    }

    @Test func aBrokenMappingExitsOneWithItsPosition() throws {
        let folder = try temporaryDirectory()
        let mapping = folder + "/m.yaml"
        try Data("profile: aed\ndataset: x\nnamespace: n\nserviceTyp: {constant: a}\n".utf8).write(to: URL(fileURLWithPath: mapping))
        let result = try run(CLITests.geokit, ["inspire", "check", Self.register, "--mapping", mapping])
        #expect(result.status == 1)
        #expect(result.stderr.contains("m.yaml:4:1: mapping: unknown key \"serviceTyp\""), "\(result.stderr)")
    }

    @Test func anUnexportableLayerWritesNothing() throws {
        let folder = try temporaryDirectory()
        let mapping = folder + "/m.yaml"
        // The register's "name" repeats (Sparkasse KölnBonn…): not a unique localId.
        try Data("profile: aed\ndataset: x\nnamespace: n\nlocalId: {field: name}\n".utf8).write(to: URL(fileURLWithPath: mapping))
        let check = try run(CLITests.geokit, ["inspire", "check", Self.register, "--mapping", mapping])
        #expect(check.status == 1 && check.stdout.contains("is used by an earlier feature"), "\(check.stdout)")
        let export = try run(CLITests.geokit, ["inspire", "export", Self.register, "--mapping", mapping, "-o", folder + "/out"])
        #expect(export.status == 1 && export.stderr.contains("--skip-invalid"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/x.gml"))
    }

    @Test(.enabled(if: Paths.shared != nil, "../shared (with the INSPIRE schemas) is not beside the repository"))
    func validateExitsOneWithTheSchemasMessages() throws {
        let folder = try temporaryDirectory()
        _ = try run(CLITests.geokit, ["inspire", "export", Self.register, "--mapping", Self.mapping, "-o", folder])
        let gml = folder + "/koeln-aed.gml"
        let schemas = Paths.shared! + "/schemas"
        let valid = try run(CLITests.geokit, ["inspire", "validate", gml, "--schemas", schemas])
        #expect(valid.status == 0 && valid.stdout.contains("valid (us-govserv-5.0-wfs.xsd)"), "\(valid.stderr)")
        let text = try String(contentsOfFile: gml, encoding: .utf8).replacingOccurrences(of: "<base:localId>7</base:localId>", with: "")
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/broken.gml"))
        let invalid = try run(CLITests.geokit, ["inspire", "validate", folder + "/broken.gml", "--schemas", schemas])
        #expect(invalid.status == 1)
        #expect(invalid.stderr.range(of: #"broken\.gml:\d+: Element '\{http://inspire\.ec\.europa\.eu/schemas/base/4\.0\}namespace': This element is not expected"#,
                                     options: .regularExpression) != nil, "\(invalid.stderr)")
    }

    /// `make install`'s layout: the binary in PREFIX/bin finds the schemas in
    /// PREFIX/share/geokit/schemas, from any working folder, with no option.
    @Test(.enabled(if: Paths.shared != nil, "../shared (with the INSPIRE schemas) is not beside the repository"))
    func anInstalledGeokitFindsItsSchemas() throws {
        let prefix = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: prefix + "/share/geokit", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLITests.geokit, toPath: prefix + "/bin/geokit")
        try FileManager.default.copyItem(atPath: Paths.shared! + "/schemas", toPath: prefix + "/share/geokit/schemas")
        let gml = prefix + "/koeln-aed.gml"
        _ = try run(CLITests.geokit, ["inspire", "export", Self.register, "--mapping", Self.mapping, "-o", prefix])
        // From a folder with no ../shared beside it.
        let valid = try run("/bin/sh", ["-c", "cd '\(prefix)/share' && unset GEOKIT_SCHEMAS && '\(prefix)/bin/geokit' inspire validate '\(gml)'"])
        #expect(valid.status == 0 && valid.stdout.contains("valid (us-govserv-5.0-wfs.xsd)"), "\(valid.stdout)\(valid.stderr)")
        try FileManager.default.removeItem(atPath: prefix + "/share/geokit/schemas")
        let missing = try run("/bin/sh", ["-c", "cd '\(prefix)/share' && unset GEOKIT_SCHEMAS && '\(prefix)/bin/geokit' inspire validate '\(gml)'"])
        #expect(missing.status == 1 && missing.stderr.contains("GEOKIT_SCHEMAS"), "\(missing.stderr)")
    }
}
