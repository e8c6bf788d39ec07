import GeoCore

/// Writes `GovernmentalService`s in INSPIRE's alternative GeoJSON encoding (the good
/// practice for GeoJSON): a FeatureCollection in longitude, latitude (RFC 7946), each
/// feature's properties flat: `inspireId` as one URI (namespace/localId), code list values
/// as `{"title", "href"}`, the contact's parts as `pointOfContact.<part>`, and void
/// properties as null.
struct GovernmentalServiceGeoJSON {
    /// The `namespace` of every `inspireId`.
    let namespace: String
    private var first = true
    private var serviceTypeValues: [String: [UInt8]] = [:]

    init(namespace: String) {
        self.namespace = namespace
    }

    static func writeHeader(into out: inout ByteWriter, timeStamp: String, count: Int) {
        out.write(raw: "{\"type\":\"FeatureCollection\",\"timeStamp\":\"\(timeStamp)\",\"numberMatched\":\(count),\"numberReturned\":\(count),\"features\":[\n")
    }

    static func writeFooter(into out: inout ByteWriter) {
        out.write("\n]}\n")
    }

    /// The identifier as one URI: the namespace and the local id joined by `/` (unless the
    /// namespace already ends in `/` or `#`).
    func identifier(_ localID: String) -> String {
        namespace.hasSuffix("/") || namespace.hasSuffix("#") ? namespace + localID : namespace + "/" + localID
    }

    /// One feature of the `none` profile, as it is.
    mutating func writeUnharmonised(_ feature: Feature, into out: inout ByteWriter) throws(WriteError) {
        if !first { out.write(",\n") }
        first = false
        try out.writeGeoJSON(feature: feature)
    }

    /// One feature; `location` is longitude, latitude.
    mutating func writeMember(_ record: GovernmentalServiceRecord, location: Position, into out: inout ByteWriter) {
        if !first { out.write(",\n") }
        first = false
        out.write("{\"type\":\"Feature\",\"id\":")
        out.write(jsonString: record.localID)
        out.write(",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
        out.write(number: location.x)
        out.write(UInt8(ascii: ","))
        out.write(number: location.y)
        out.write("]},\"properties\":{\"inspireId\":")
        out.write(jsonString: identifier(record.localID))
        if let version = record.versionID {
            out.write(",\"inspireId.versionId\":")
            out.write(jsonString: version)
        }
        out.write(",\"beginLifespanVersion\":")
        if case .value(let dateTime) = record.beginLifespanVersion { out.write(jsonString: dateTime) } else { out.write("null") }
        switch record.contact {
        case .value(let contact): Self.writeContact(contact, into: &out)
        case .void: out.write(",\"pointOfContact\":null")
        }
        out.write(",\"serviceType\":")
        if serviceTypeValues[record.serviceType] == nil {
            var value = ByteWriter(capacity: 160)
            value.write("{\"title\":")
            value.write(jsonString: ServiceType.name(of: record.serviceType))
            value.write(",\"href\":")
            value.write(jsonString: ServiceType.uri(of: record.serviceType))
            value.write("}")
            serviceTypeValues[record.serviceType] = value.bytes
        }
        out.bytes.append(contentsOf: serviceTypeValues[record.serviceType]!)
        out.write("}}")
    }

    private static func writeContact(_ contact: GovernmentalServiceRecord.ContactRecord, into out: inout ByteWriter) {
        let parts: [(StaticString, String?)] = [
            (",\"pointOfContact.address.adminUnit\":", contact.address?.adminUnit),
            (",\"pointOfContact.address.thoroughfare\":", contact.address?.thoroughfare),
            (",\"pointOfContact.address.locatorDesignator\":", contact.address?.locatorDesignator),
            (",\"pointOfContact.address.postCode\":", contact.address?.postCode),
            (",\"pointOfContact.electronicMailAddress\":", contact.email),
            (",\"pointOfContact.hoursOfService\":", contact.hoursOfService),
            (",\"pointOfContact.telephoneVoice\":", contact.telephone),
            (",\"pointOfContact.website\":", contact.website),
        ]
        for (key, value) in parts {
            out.write(key)
            if let value { out.write(jsonString: value) } else { out.write("null") }
        }
    }
}

/// The encodings of an INSPIRE export.
public enum INSPIREEncoding: String, Sendable, Hashable, CaseIterable {
    /// GML 3.2.1 in a WFS 2.0 FeatureCollection, the default encoding of the application schema.
    case gml
    /// The alternative GeoJSON encoding (longitude, latitude; flat properties).
    case geojson

    /// The file extension of the export.
    public var fileExtension: String { rawValue }
}

/// The member writer of one encoding.
enum MemberEncoder {
    case gml(GovernmentalServiceGML)
    case geojson(GovernmentalServiceGeoJSON)

    func writeHeader(into out: inout ByteWriter, timeStamp: String, count: Int) {
        switch self {
        case .gml: GovernmentalServiceGML.writeHeader(into: &out, timeStamp: timeStamp, count: count)
        case .geojson: GovernmentalServiceGeoJSON.writeHeader(into: &out, timeStamp: timeStamp, count: count)
        }
    }

    func writeFooter(into out: inout ByteWriter) {
        switch self {
        case .gml: GovernmentalServiceGML.writeFooter(into: &out)
        case .geojson: GovernmentalServiceGeoJSON.writeFooter(into: &out)
        }
    }

    mutating func writeUnharmonised(_ feature: Feature, into out: inout ByteWriter) throws(WriteError) {
        guard case .geojson(var encoder) = self else { return }
        try encoder.writeUnharmonised(feature, into: &out)
        self = .geojson(encoder)
    }

    mutating func writeMember(_ record: GovernmentalServiceRecord, location: Position, into out: inout ByteWriter) {
        switch self {
        case .gml(var encoder):
            encoder.writeMember(record, location: location, into: &out)
            self = .gml(encoder)
        case .geojson(var encoder):
            encoder.writeMember(record, location: location, into: &out)
            self = .geojson(encoder)
        }
    }
}
