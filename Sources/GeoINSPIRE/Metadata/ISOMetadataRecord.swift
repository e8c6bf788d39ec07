import Foundation
import GeoCore

/// An ISO 19139 metadata record (`gmd:MD_Metadata`) for an exported data set, with the
/// elements INSPIRE's Technical Guidelines for metadata (2.0) require of a data set: the
/// identification from the description, the extent in EPSG:4258 from the data, the
/// reference system and encoding of the export, the INSPIRE theme keyword from GEMET,
/// conformity with Regulation 1089/2010 stated as it is, lineage, responsible party,
/// licence and access constraints.
public struct ISOMetadataRecord: Sendable {
    /// What the data cannot say.
    public var description: MetadataDescription
    /// The mapping (profile, dataset name, identifier namespace).
    public var mapping: INSPIREMapping
    /// The export's CRS (`EPSG:4258`…).
    public var crsCode: String
    /// The extent of the data, from the export's check.
    public var extent: BoundingBox4258
    /// The encoding of the distribution (`GML` 3.2.1 by default).
    public var encoding: (name: String, version: String) = ("GML", "3.2.1")
    /// Whether the export was validated against the INSPIRE schemas and passed: `true`
    /// states conformity; nil says it was not evaluated (`gco:nilReason="unknown"`);
    /// `false` states non-conformance (data that no INSPIRE theme fits).
    public var conformity: Bool?
    /// The record's own identifier (a UUID by default) and date.
    public var fileIdentifier = UUID().uuidString.lowercased()
    /// The day the record was made, `YYYY-MM-DD`.
    public var dateStamp: String

    /// Creates a record.
    public init(description: MetadataDescription, mapping: INSPIREMapping, crsCode: String, extent: BoundingBox4258,
                conformity: Bool?, date: Date = Date()) {
        self.description = description
        self.mapping = mapping
        self.crsCode = crsCode
        self.extent = extent
        self.conformity = conformity
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        dateStamp = formatter.string(from: date)
    }

    /// The topic category: the description's, else the profile's.
    var topicCategory: String {
        description.topicCategory ?? (mapping.profile == .aed ? "health" : mapping.profile == .school ? "society" : mapping.profile == .none ? "environment" : "utilitiesCommunication")
    }

    /// Writes the record to a file, atomically.
    /// - Throws: `WriteError`.
    public func write(toPath path: String) throws(WriteError) {
        var file = try AtomicFile(path: path, overwrite: true)
        try file.write(xml())
        try file.commit()
    }

    /// A starter metadata file: every key with a placeholder to replace.
    public static func starterYAML(title: String) -> String {
        """
        # GeoKit INSPIRE metadata: what the ISO 19139 record needs and the data cannot say.
        title: "\(title.replacingOccurrences(of: "\"", with: "'"))"
        abstract: "CHANGE-ME: what the data set holds, for whom, how current"
        organisation: "CHANGE-ME: the responsible organisation"
        email: "CHANGE-ME@example.org"
        licence: {name: "Datenlizenz Deutschland – Namensnennung – Version 2.0", url: "https://www.govdata.de/dl-de/by-2-0"}
        accessConstraints: noLimitations
        lineage: "CHANGE-ME: where the data comes from and how it was made"
        language: ger
        # topicCategory: health        # default by profile: aed health, school society, generic utilitiesCommunication
        # publicationDate: 2026-01-01  # default: the day of the export

        """
    }

    /// The record as an XML document.
    public func xml() -> [UInt8] {
        var out = XMLBuilder()
        out.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        out.open("gmd:MD_Metadata", attributes: [
            ("xmlns:gmd", "http://www.isotc211.org/2005/gmd"), ("xmlns:gco", "http://www.isotc211.org/2005/gco"),
            ("xmlns:gmx", "http://www.isotc211.org/2005/gmx"), ("xmlns:gml", "http://www.opengis.net/gml/3.2"),
            ("xmlns:xlink", "http://www.w3.org/1999/xlink"), ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xsi:schemaLocation", "http://www.isotc211.org/2005/gmd http://schemas.opengis.net/iso/19139/20070417/gmd/gmd.xsd http://www.isotc211.org/2005/gmx http://schemas.opengis.net/iso/19139/20070417/gmx/gmx.xsd"),
        ])
        out.characterString("gmd:fileIdentifier", fileIdentifier)
        language(&out)
        characterSet(&out)
        out.open("gmd:hierarchyLevel")
        out.element("gmd:MD_ScopeCode", "dataset", attributes: [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode"), ("codeListValue", "dataset")])
        out.close("gmd:hierarchyLevel")
        responsibleParty(&out, element: "gmd:contact")
        out.open("gmd:dateStamp")
        out.element("gco:Date", dateStamp)
        out.close("gmd:dateStamp")
        referenceSystem(&out)
        identification(&out)
        distribution(&out)
        dataQuality(&out)
        out.close("gmd:MD_Metadata")
        return out.bytes
    }

    private func language(_ out: inout XMLBuilder) {
        out.open("gmd:language")
        out.element("gmd:LanguageCode", description.language, attributes: [("codeList", "http://www.loc.gov/standards/iso639-2/"), ("codeListValue", description.language)])
        out.close("gmd:language")
    }

    private func characterSet(_ out: inout XMLBuilder) {
        out.open("gmd:characterSet")
        out.element("gmd:MD_CharacterSetCode", "utf8", attributes: [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_CharacterSetCode"), ("codeListValue", "utf8")])
        out.close("gmd:characterSet")
    }

    private func responsibleParty(_ out: inout XMLBuilder, element: String) {
        out.open(element)
        out.open("gmd:CI_ResponsibleParty")
        out.characterString("gmd:organisationName", description.organisation)
        out.open("gmd:contactInfo"); out.open("gmd:CI_Contact"); out.open("gmd:address"); out.open("gmd:CI_Address")
        out.characterString("gmd:electronicMailAddress", description.email)
        out.close("gmd:CI_Address"); out.close("gmd:address"); out.close("gmd:CI_Contact"); out.close("gmd:contactInfo")
        out.open("gmd:role")
        out.element("gmd:CI_RoleCode", "pointOfContact", attributes: [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_RoleCode"), ("codeListValue", "pointOfContact")])
        out.close("gmd:role")
        out.close("gmd:CI_ResponsibleParty")
        out.close(element)
    }

    private func referenceSystem(_ out: inout XMLBuilder) {
        let code = crsCode.split(separator: ":").last.map(String.init) ?? crsCode
        out.open("gmd:referenceSystemInfo"); out.open("gmd:MD_ReferenceSystem"); out.open("gmd:referenceSystemIdentifier"); out.open("gmd:RS_Identifier")
        out.open("gmd:code")
        out.element("gmx:Anchor", crsCode, attributes: [("xlink:href", "http://www.opengis.net/def/crs/EPSG/0/\(code)")])
        out.close("gmd:code")
        out.close("gmd:RS_Identifier"); out.close("gmd:referenceSystemIdentifier"); out.close("gmd:MD_ReferenceSystem"); out.close("gmd:referenceSystemInfo")
    }

    private func citationDate(_ out: inout XMLBuilder, _ date: String, type: String) {
        out.open("gmd:date"); out.open("gmd:CI_Date")
        out.open("gmd:date"); out.element("gco:Date", date); out.close("gmd:date")
        out.open("gmd:dateType")
        out.element("gmd:CI_DateTypeCode", type, attributes: [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_DateTypeCode"), ("codeListValue", type)])
        out.close("gmd:dateType")
        out.close("gmd:CI_Date"); out.close("gmd:date")
    }

    private func identification(_ out: inout XMLBuilder) {
        out.open("gmd:identificationInfo"); out.open("gmd:MD_DataIdentification")
        out.open("gmd:citation"); out.open("gmd:CI_Citation")
        out.characterString("gmd:title", description.title)
        citationDate(&out, description.publicationDate ?? dateStamp, type: "publication")
        out.open("gmd:identifier"); out.open("gmd:MD_Identifier")
        out.characterString("gmd:code", mapping.namespace.hasSuffix("/") ? mapping.namespace + mapping.dataset : mapping.namespace + "/" + mapping.dataset)
        out.close("gmd:MD_Identifier"); out.close("gmd:identifier")
        out.close("gmd:CI_Citation"); out.close("gmd:citation")
        out.characterString("gmd:abstract", description.abstract)
        responsibleParty(&out, element: "gmd:pointOfContact")
        // The INSPIRE theme, from GEMET (none when no theme fits).
        if let theme = mapping.profile.theme {
        out.open("gmd:descriptiveKeywords"); out.open("gmd:MD_Keywords")
        out.open("gmd:keyword"); out.element("gmx:Anchor", theme.label, attributes: [("xlink:href", theme.uri)]); out.close("gmd:keyword")
        out.open("gmd:thesaurusName"); out.open("gmd:CI_Citation")
        out.open("gmd:title")
        out.element("gmx:Anchor", "GEMET - INSPIRE themes, version 1.0", attributes: [("xlink:href", "http://www.eionet.europa.eu/gemet/inspire_themes")])
        out.close("gmd:title")
        citationDate(&out, "2008-06-01", type: "publication")
        out.close("gmd:CI_Citation"); out.close("gmd:thesaurusName")
        out.close("gmd:MD_Keywords"); out.close("gmd:descriptiveKeywords")
        }
        constraints(&out)
        out.open("gmd:spatialRepresentationType")
        out.element("gmd:MD_SpatialRepresentationTypeCode", "vector", attributes: [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_SpatialRepresentationTypeCode"), ("codeListValue", "vector")])
        out.close("gmd:spatialRepresentationType")
        language(&out)
        characterSet(&out)
        out.open("gmd:topicCategory"); out.element("gmd:MD_TopicCategoryCode", topicCategory); out.close("gmd:topicCategory")
        out.open("gmd:extent"); out.open("gmd:EX_Extent"); out.open("gmd:geographicElement"); out.open("gmd:EX_GeographicBoundingBox")
        for (element, value) in [("gmd:westBoundLongitude", extent.west), ("gmd:eastBoundLongitude", extent.east),
                                 ("gmd:southBoundLatitude", extent.south), ("gmd:northBoundLatitude", extent.north)] {
            out.open(element); out.element("gco:Decimal", value.description); out.close(element)
        }
        out.close("gmd:EX_GeographicBoundingBox"); out.close("gmd:geographicElement"); out.close("gmd:EX_Extent"); out.close("gmd:extent")
        out.close("gmd:MD_DataIdentification"); out.close("gmd:identificationInfo")
    }

    private func constraints(_ out: inout XMLBuilder) {
        let restriction = [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_RestrictionCode"), ("codeListValue", "otherRestrictions")]
        out.open("gmd:resourceConstraints"); out.open("gmd:MD_LegalConstraints")
        out.open("gmd:accessConstraints"); out.element("gmd:MD_RestrictionCode", "otherRestrictions", attributes: restriction); out.close("gmd:accessConstraints")
        out.open("gmd:otherConstraints")
        out.element("gmx:Anchor", description.accessConstraints,
                    attributes: [("xlink:href", "http://inspire.ec.europa.eu/metadata-codelist/LimitationsOnPublicAccess/\(description.accessConstraints)")])
        out.close("gmd:otherConstraints")
        out.close("gmd:MD_LegalConstraints"); out.close("gmd:resourceConstraints")
        out.open("gmd:resourceConstraints"); out.open("gmd:MD_LegalConstraints")
        out.open("gmd:useConstraints"); out.element("gmd:MD_RestrictionCode", "otherRestrictions", attributes: restriction); out.close("gmd:useConstraints")
        out.open("gmd:otherConstraints")
        if let url = description.licenceURL {
            out.element("gmx:Anchor", description.licenceName, attributes: [("xlink:href", url)])
        } else {
            out.element("gco:CharacterString", description.licenceName)
        }
        out.close("gmd:otherConstraints")
        out.close("gmd:MD_LegalConstraints"); out.close("gmd:resourceConstraints")
    }

    private func distribution(_ out: inout XMLBuilder) {
        out.open("gmd:distributionInfo"); out.open("gmd:MD_Distribution")
        out.open("gmd:distributionFormat"); out.open("gmd:MD_Format")
        out.open("gmd:name")
        out.element("gmx:Anchor", encoding.name, attributes: [("xlink:href", encoding.name == "GML" ? "http://inspire.ec.europa.eu/media-types/application/gml+xml-3.2" : "http://inspire.ec.europa.eu/media-types/application/geo+json")])
        out.close("gmd:name")
        out.characterString("gmd:version", encoding.version)
        out.close("gmd:MD_Format"); out.close("gmd:distributionFormat")
        out.close("gmd:MD_Distribution"); out.close("gmd:distributionInfo")
    }

    private func dataQuality(_ out: inout XMLBuilder) {
        out.open("gmd:dataQualityInfo"); out.open("gmd:DQ_DataQuality")
        out.open("gmd:scope"); out.open("gmd:DQ_Scope"); out.open("gmd:level")
        out.element("gmd:MD_ScopeCode", "dataset", attributes: [("codeList", "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode"), ("codeListValue", "dataset")])
        out.close("gmd:level"); out.close("gmd:DQ_Scope"); out.close("gmd:scope")
        out.open("gmd:report"); out.open("gmd:DQ_DomainConsistency"); out.open("gmd:result"); out.open("gmd:DQ_ConformanceResult")
        out.open("gmd:specification"); out.open("gmd:CI_Citation")
        out.open("gmd:title")
        out.element("gmx:Anchor", "Verordnung (EG) Nr. 1089/2010 der Kommission vom 23. November 2010 zur Durchführung der Richtlinie 2007/2/EG des Europäischen Parlaments und des Rates hinsichtlich der Interoperabilität von Geodatensätzen und -diensten",
                    attributes: [("xlink:href", "http://data.europa.eu/eli/reg/2010/1089")])
        out.close("gmd:title")
        citationDate(&out, "2010-12-08", type: "publication")
        out.close("gmd:CI_Citation"); out.close("gmd:specification")
        let explanation: String = switch conformity {
        case true?: "The export validated against the INSPIRE application schema us-govserv 5.0 (GeoKit)."
        case false?: mapping.profile.isHarmonised ? "The export did not validate against the INSPIRE application schema us-govserv 5.0."
            : "The data set follows no INSPIRE application schema: no INSPIRE theme fits it. It is published in an INSPIRE-style GeoJSON encoding."
        case nil: "Conformity was not evaluated: the export was not validated against the INSPIRE schemas."
        }
        out.characterString("gmd:explanation", explanation)
        if let conformity {
            out.open("gmd:pass"); out.element("gco:Boolean", conformity ? "true" : "false"); out.close("gmd:pass")
        } else {
            out.raw("<gmd:pass gco:nilReason=\"unknown\"/>")
        }
        out.close("gmd:DQ_ConformanceResult"); out.close("gmd:result"); out.close("gmd:DQ_DomainConsistency"); out.close("gmd:report")
        out.open("gmd:lineage"); out.open("gmd:LI_Lineage")
        out.characterString("gmd:statement", description.lineage)
        out.close("gmd:LI_Lineage"); out.close("gmd:lineage")
        out.close("gmd:DQ_DataQuality"); out.close("gmd:dataQualityInfo")
    }
}

/// A small indenting XML writer for documents built element by element.
struct XMLBuilder {
    private var writer = ByteWriter(capacity: 8192)
    private var depth = 0

    var bytes: [UInt8] { writer.bytes }

    mutating func raw(_ text: String) {
        indent()
        writer.write(raw: text)
        if !text.hasSuffix("\n") { writer.write(UInt8(ascii: "\n")) }
    }

    private mutating func indent() {
        for _ in 0..<depth { writer.write("  ") }
    }

    private mutating func startTag(_ name: String, _ attributes: [(String, String)]) {
        writer.write(UInt8(ascii: "<"))
        writer.write(raw: name)
        for (key, value) in attributes {
            writer.write(raw: " \(key)=\"")
            writer.write(xml: value, attribute: true)
            writer.write(UInt8(ascii: "\""))
        }
        writer.write(UInt8(ascii: ">"))
    }

    mutating func open(_ name: String, attributes: [(String, String)] = []) {
        indent()
        startTag(name, attributes)
        writer.write(UInt8(ascii: "\n"))
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        indent()
        writer.write(raw: "</\(name)>\n")
    }

    mutating func element(_ name: String, _ text: String, attributes: [(String, String)] = []) {
        indent()
        startTag(name, attributes)
        writer.write(xml: text)
        writer.write(raw: "</\(name)>\n")
    }

    /// `<name><gco:CharacterString>text</gco:CharacterString></name>`.
    mutating func characterString(_ name: String, _ text: String) {
        open(name)
        element("gco:CharacterString", text)
        close(name)
    }
}
