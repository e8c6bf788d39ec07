// Köln's defibrillator register as INSPIRE GML (us-govserv 5.0 GovernmentalServices, in
// EPSG:4258 latitude first) and its ISO 19139 metadata record.
//   swift run --package-path Examples ExportINSPIRE
import GeoKit

do {
    let mapping = try INSPIREMapping(yaml: """
        profile: aed
        dataset: koeln-aed
        namespace: https://example.org/koeln/aed
        beginLifespanVersion: {field: last_edited}
        contact: {streetAndNumber: {field: address}, postCode: {field: postalcode}, city: {constant: Köln}}
        """)
    let exporter = try INSPIREExporter(mapping: mapping)
    let check = try exporter.export(path: "Fixtures/aed/koeln_aed_register.geojson", to: "/tmp/koeln-aed.gml")
    print(check.reportLines.joined(separator: "\n"))

    let description = MetadataDescription(
        title: "Defibrillatoren in Köln", abstract: "Öffentlich zugängliche Defibrillatoren (AED) in Köln.",
        organisation: "Stadt Köln", email: "opendata@example.org",
        licenceName: "Datenlizenz Deutschland – Zero – Version 2.0", licenceURL: "https://www.govdata.de/dl-de/zero-2-0",
        lineage: "Aus dem AED-Register der Stadt Köln (2017).")
    // Conformity is claimed only after the schemas said so.
    let validation = try SchemaValidator.locateSchemas().map { try SchemaValidator(schemaFolder: $0).validate(path: "/tmp/koeln-aed.gml") }
    let record = ISOMetadataRecord(description: description, mapping: mapping, crsCode: "EPSG:4258",
                                   extent: check.extent!, conformity: validation?.isValid)
    try record.write(toPath: "/tmp/koeln-aed.metadata.xml")
    print("wrote /tmp/koeln-aed.gml and /tmp/koeln-aed.metadata.xml (schema-valid: \(validation.map { "\($0.isValid)" } ?? "not checked"))")
} catch {
    print("error: \(error)")
}
