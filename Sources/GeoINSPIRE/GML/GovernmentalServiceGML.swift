import GeoCore

/// Writes `us-govserv:GovernmentalService` members of a WFS 2.0 feature collection, in
/// the element order of the schema's sequence (us-govserv 5.0).
struct GovernmentalServiceGML {
    /// `http://www.opengis.net/def/crs/EPSG/0/<code>`.
    let srsName: String
    /// The `namespace` of every `inspireId`.
    let namespace: String
    /// Members written so far.
    private(set) var memberNumber = 0
    /// The `serviceType` element of each service type, made once.
    private var serviceTypeElements: [String: [UInt8]] = [:]

    init(srsName: String, namespace: String) {
        self.srsName = srsName
        self.namespace = namespace
    }

    static let namespaces: [(prefix: String, uri: String, schema: String?)] = [
        ("wfs", "http://www.opengis.net/wfs/2.0", "http://schemas.opengis.net/wfs/2.0/wfs.xsd"),
        ("gml", "http://www.opengis.net/gml/3.2", "http://schemas.opengis.net/gml/3.2.1/gml.xsd"),
        ("us-govserv", "http://inspire.ec.europa.eu/schemas/us-govserv/5.0",
         "https://inspire.ec.europa.eu/schemas/us-govserv/5.0/GovernmentalServices.xsd"),
        ("base", "http://inspire.ec.europa.eu/schemas/base/4.0", "https://inspire.ec.europa.eu/schemas/base/4.0/BaseTypes.xsd"),
        ("base2", "http://inspire.ec.europa.eu/schemas/base2/2.0", "https://inspire.ec.europa.eu/schemas/base2/2.0/BaseTypes2.xsd"),
        ("ad", "http://inspire.ec.europa.eu/schemas/ad/4.0", "https://inspire.ec.europa.eu/schemas/ad/4.0/Addresses.xsd"),
        ("gn", "http://inspire.ec.europa.eu/schemas/gn/4.0", "https://inspire.ec.europa.eu/schemas/gn/4.0/GeographicalNames.xsd"),
        ("gco", "http://www.isotc211.org/2005/gco", "http://schemas.opengis.net/iso/19139/20070417/gco/gco.xsd"),
        ("xlink", "http://www.w3.org/1999/xlink", "http://www.w3.org/1999/xlink.xsd"),
        ("xsi", "http://www.w3.org/2001/XMLSchema-instance", nil),
    ]

    /// The document's start, up to the first member.
    static func writeHeader(into out: inout ByteWriter, timeStamp: String, count: Int) {
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<wfs:FeatureCollection")
        for (prefix, uri, _) in namespaces {
            out.write(raw: "\n    xmlns:\(prefix)=\"\(uri)\"")
        }
        let locations = namespaces.compactMap { ns in ns.schema.map { "\(ns.uri) \($0)" } }
        out.write(raw: "\n    xsi:schemaLocation=\"\(locations.joined(separator: " "))\"")
        out.write(raw: "\n    timeStamp=\"\(timeStamp)\" numberMatched=\"\(count)\" numberReturned=\"\(count)\">\n")
    }

    /// The document's end.
    static func writeFooter(into out: inout ByteWriter) {
        out.write("</wfs:FeatureCollection>\n")
    }

    /// One member: `location` in the output CRS, already in its authority axis order.
    mutating func writeMember(_ record: GovernmentalServiceRecord, location: Position, into out: inout ByteWriter) {
        // gml:ids: the localId when it can be part of a name as it is, else the position in
        // the document (a different separator, so the two kinds never meet).
        let suffix = XMLText.isNameTail(record.localID) ? "_" + record.localID : ".\(memberNumber + 1)"
        out.write("<wfs:member>\n<us-govserv:GovernmentalService gml:id=\"GovernmentalService")
        out.write(raw: suffix)
        out.write("\">\n")
        switch record.beginLifespanVersion {
        case .value(let dateTime):
            out.write("<us-govserv:beginLifespanVersion>")
            out.write(xml: dateTime)
            out.write("</us-govserv:beginLifespanVersion>\n")
        case .void(let reason):
            Self.writeVoid("us-govserv:beginLifespanVersion", reason, into: &out)
        }
        out.write("<us-govserv:inspireId><base:Identifier><base:localId>")
        out.write(xml: record.localID)
        out.write("</base:localId><base:namespace>")
        out.write(xml: namespace)
        out.write("</base:namespace>")
        if let version = record.versionID {
            out.write("<base:versionId>")
            out.write(xml: version)
            out.write("</base:versionId>")
        }
        out.write("</base:Identifier></us-govserv:inspireId>\n")
        switch record.contact {
        case .value(let contact): Self.writeContact(contact, into: &out)
        case .void(let reason): Self.writeVoid("us-govserv:pointOfContact", reason, into: &out)
        }
        out.write("<us-govserv:serviceLocation><us-govserv:ServiceLocationType><us-govserv:serviceLocationByGeometry><gml:Point gml:id=\"ServiceLocation")
        out.write(raw: suffix)
        out.write("\" srsName=\"")
        out.write(raw: srsName)
        out.write("\" srsDimension=\"2\"><gml:pos>")
        out.write(number: location.x)
        out.write(UInt8(ascii: " "))
        out.write(number: location.y)
        out.write("</gml:pos></gml:Point></us-govserv:serviceLocationByGeometry></us-govserv:ServiceLocationType></us-govserv:serviceLocation>\n")
        if serviceTypeElements[record.serviceType] == nil {
            var element = ByteWriter(capacity: 256)
            element.write("<us-govserv:serviceType xlink:href=\"")
            element.write(xml: ServiceType.uri(of: record.serviceType), attribute: true)
            element.write("\" xlink:title=\"")
            element.write(xml: ServiceType.name(of: record.serviceType), attribute: true)
            element.write("\"/>\n")
            serviceTypeElements[record.serviceType] = element.bytes
        }
        out.bytes.append(contentsOf: serviceTypeElements[record.serviceType]!)
        out.write("</us-govserv:GovernmentalService>\n</wfs:member>\n")
        memberNumber += 1
    }

    private static func writeVoid(_ element: StaticString, _ reason: VoidReason, into out: inout ByteWriter) {
        out.write("<")
        out.write(element)
        out.write(" xsi:nil=\"true\" nilReason=\"")
        out.write(raw: reason.uri)
        out.write("\"/>\n")
    }

    private static func writeContact(_ contact: GovernmentalServiceRecord.ContactRecord, into out: inout ByteWriter) {
        out.write("<us-govserv:pointOfContact><base2:Contact>\n")
        if let address = contact.address {
            out.write("<base2:address><ad:AddressRepresentation>\n<ad:adminUnit>")
            writeName(address.adminUnit, into: &out)
            out.write("</ad:adminUnit>\n")
            writeText("ad:locatorDesignator", address.locatorDesignator, into: &out)
            writeText("ad:postCode", address.postCode, into: &out)
            if let street = address.thoroughfare {
                out.write("<ad:thoroughfare>")
                writeName(street, into: &out)
                out.write("</ad:thoroughfare>\n")
            }
            out.write("</ad:AddressRepresentation></base2:address>\n")
        }
        writeText("base2:electronicMailAddress", contact.email, into: &out)
        if let hours = contact.hoursOfService {
            out.write("<base2:hoursOfService><gco:CharacterString>")
            out.write(xml: hours)
            out.write("</gco:CharacterString></base2:hoursOfService>\n")
        }
        writeText("base2:telephoneVoice", contact.telephone, into: &out)
        writeText("base2:website", contact.website, into: &out)
        out.write("</base2:Contact></us-govserv:pointOfContact>\n")
    }

    /// `<name>text</name>` and a line break, when there is a text.
    private static func writeText(_ name: String, _ text: String?, into out: inout ByteWriter) {
        guard let text else { return }
        out.write(raw: "<\(name)>")
        out.write(xml: text)
        out.write(raw: "</\(name)>\n")
    }

    /// A `gn:GeographicalName` with one spelling; what the source does not say (language,
    /// nativeness, status, source, pronunciation, script) is void as unpopulated.
    private static func writeName(_ name: String, into out: inout ByteWriter) {
        let unpopulated = VoidReason.unpopulated.uri
        out.write("<gn:GeographicalName>")
        for element in ["language", "nativeness", "nameStatus", "sourceOfName", "pronunciation"] {
            out.write(raw: "<gn:\(element) xsi:nil=\"true\" nilReason=\"\(unpopulated)\"/>")
        }
        out.write("<gn:spelling><gn:SpellingOfName><gn:text>")
        out.write(xml: name)
        out.write(raw: "</gn:text><gn:script xsi:nil=\"true\" nilReason=\"\(unpopulated)\"/></gn:SpellingOfName></gn:spelling></gn:GeographicalName>")
    }
}
