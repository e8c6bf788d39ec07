/// Values of the INSPIRE code list `ServiceTypeValue`
/// (`http://inspire.ec.europa.eu/codelist/ServiceTypeValue/`), the `serviceType` of a
/// `GovernmentalService`.
public enum ServiceType {
    /// The code list's URI; a value's URI is this followed by the value.
    public static let codeList = "http://inspire.ec.europa.eu/codelist/ServiceTypeValue"

    /// The values GeoKit's profiles use. The code list has many more (and may grow); a
    /// value outside this set is written as given, with a warning to check it in the
    /// INSPIRE registry.
    public static let known: Set<String> = [
        "standaloneFirstAidEquipment",
        "earlyChildhoodEducation", "primaryEducation", "lowerSecondaryEducation",
        "upperSecondaryEducation", "postSecondaryNonTertiaryEducation",
        "educationNotElsewhereClassified",
    ]

    /// The URI of a value: a value already given as an `http(s)` URI is kept as it is.
    public static func uri(of value: String) -> String {
        value.hasPrefix("http://") || value.hasPrefix("https://") ? value : "\(codeList)/\(value)"
    }

    /// The value's name: the part after the code list URI (the whole text otherwise).
    public static func name(of value: String) -> String {
        value.hasPrefix(codeList + "/") ? String(value.dropFirst(codeList.count + 1)) : value
    }
}
