import Foundation

/// A built-in INSPIRE theme profile: what a mapping does not have to say. All three
/// export the Annex III theme "Utility and governmental services", application schema
/// us-govserv 5.0, feature type `GovernmentalService`.
public enum INSPIREProfile: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Defibrillators: every feature is `standaloneFirstAidEquipment`.
    case aed
    /// Schools: the ISCED level of each school from its type (`Grundschule` →
    /// `primaryEducation`, …), see `SchoolTypes`.
    case school
    /// Any governmental service: the mapping names the `serviceType`, as a constant or
    /// per feature from a field through a value map.
    case generic
    /// Data no INSPIRE theme fits (a solar cadastre): INSPIRE-style GeoJSON (identifiers
    /// as URIs, ETRS89 longitude/latitude, the source's own properties and geometries) and
    /// a metadata record that states non-conformance. GeoJSON only.
    case none

    /// One line for `geokit inspire profiles`.
    public var description: String {
        switch self {
        case .aed: "defibrillators (AED): serviceType standaloneFirstAidEquipment for every feature"
        case .school: "schools: serviceType by ISCED level from the school type (Grundschule → primaryEducation, …)"
        case .generic: "any governmental service: the mapping names the serviceType, constant or per feature"
        case .none: "no INSPIRE theme fits: INSPIRE-style GeoJSON of the source's own properties, metadata stating non-conformance"
        }
    }

    /// The service type every feature has, when the profile fixes it.
    public var fixedServiceType: String? {
        self == .aed ? "standaloneFirstAidEquipment" : nil
    }

    /// The GEMET INSPIRE theme of the data set, for the metadata record (nil for `none`).
    public var theme: (label: String, uri: String)? {
        self == .none ? nil : ("Versorgungswirtschaft und staatliche Dienste", "http://inspire.ec.europa.eu/theme/us")
    }

    /// Whether features become us-govserv `GovernmentalService`s (every profile but `none`).
    public var isHarmonised: Bool { self != .none }

    /// Field names (lower case) that a profile's starter mapping looks for, in order of
    /// preference, per role.
    static let guesses: [String: [String]] = [
        "localId": ["id", "osm_id", "@id", "fid", "objectid", "schulnummer", "nummer", "gml_id"],
        "serviceType": ["schulform", "school_type", "schulart", "schultyp", "art", "type", "typ"],
        "streetAndNumber": ["address", "adresse", "anschrift", "straße und hausnummer", "strasse und hausnummer"],
        "street": ["addr:street", "tags/addr:street", "strasse", "straße", "strname"],
        "houseNumber": ["addr:housenumber", "tags/addr:housenumber", "hausnummer", "hsnr"],
        "postCode": ["postalcode", "plz", "postleitzahl", "addr:postcode", "tags/addr:postcode"],
        "city": ["ort", "city", "gemeinde", "addr:city", "tags/addr:city", "stadt"],
        "email": ["email", "e-mail", "offizielle e-mail-adresse", "contact:email", "mail"],
        "telephone": ["phone", "telefon", "telephone", "contact:phone", "tel"],
        "website": ["website", "url", "homepage", "contact:website", "internet"],
        "hoursOfService": ["opening_hours", "öffnungszeiten", "oeffnungszeiten", "tags/opening_hours"],
        "beginLifespanVersion": ["last_edited", "lastmodified", "last_modified", "stand", "aktualisiert"],
    ]
}
