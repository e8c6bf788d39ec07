import Foundation
import GeoCore

/// Why a property has no value (INSPIRE code list `VoidReasonValue`).
public enum VoidReason: String, Sendable, Hashable, CaseIterable {
    /// The data set does not hold the property (it is not mapped).
    case unpopulated = "Unpopulated"
    /// The property is mapped, but this feature has no value.
    case unknown = "Unknown"
    /// The value exists but is not published.
    case withheld = "Withheld"

    /// The code list value's URI, the `nilReason` GeoKit writes.
    public var uri: String { "http://inspire.ec.europa.eu/codelist/VoidReasonValue/\(rawValue)" }
}

/// A value, or why there is none.
public enum Voidable<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    case value(Value)
    /// No value, for this reason.
    case void(VoidReason)
}

/// One feature's INSPIRE properties, resolved from the source through the mapping, before
/// its location is known in the output CRS.
struct GovernmentalServiceRecord: Sendable {
    var localID: String
    var versionID: String?
    var beginLifespanVersion: Voidable<String>
    var contact: Voidable<ContactRecord>
    var serviceType: String
    /// For the `none` profile: the feature as it is written (its own properties, the
    /// geometry in the output CRS once located).
    var unharmonised: Feature?

    struct ContactRecord: Sendable, Hashable {
        var address: AddressRecord?
        var email: String?
        var telephone: String?
        var website: String?
        var hoursOfService: String?
    }

    struct AddressRecord: Sendable, Hashable {
        var adminUnit: String
        var thoroughfare: String?
        var locatorDesignator: String?
        var postCode: String?
    }
}

/// A reason a feature cannot be exported as mapped.
public struct ExportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The feature's index in the source (0-based).
    public var featureIndex: Int
    /// The INSPIRE property concerned (`localId`, `serviceType`, `serviceLocation`…).
    public var property: String
    /// What is wrong.
    public var message: String

    /// `feature N: property: message`.
    public var description: String { "feature \(featureIndex): \(property): \(message)" }
}

extension INSPIREMapping {
    /// Resolves one feature's properties.
    /// - Returns: the record, or the problems that stop it from being exported.
    func record(for feature: Feature, index: Int) -> Result<GovernmentalServiceRecord, ExportProblems> {
        var problems: [ExportProblem] = []
        func problem(_ property: String, _ message: String) {
            problems.append(ExportProblem(featureIndex: index, property: property, message: message))
        }
        func text(_ source: ValueSource?, _ property: String) -> String? {
            guard let value = source?.text(for: feature) else { return nil }
            guard XMLText.isAllowed(value) else {
                problem(property, "the value holds a control character that XML cannot carry")
                return nil
            }
            return value
        }

        let localID = text(localID, "localId")
        if localID == nil && problems.isEmpty { problem("localId", "no value (\(self.localID) is empty for this feature)") }
        let versionID = text(versionID, "versionId")

        var begin = Voidable<String>.void(beginLifespanVersion == nil ? .unpopulated : .unknown)
        if let raw = text(beginLifespanVersion, "beginLifespanVersion") {
            if let dateTime = Self.xmlDateTime(raw) { begin = .value(dateTime) } else {
                problem("beginLifespanVersion", "\"\(raw.abbreviated(to: 40))\" is not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDThh:mm:ss)")
            }
        }

        var unmapped: String?
        var serviceTypeValue: String?
        if !profile.isHarmonised {
            serviceTypeValue = ""  // no service type: the source's own properties are written
        } else if let fixed = profile.fixedServiceType {
            serviceTypeValue = fixed
        } else if let raw = text(serviceType.source, "serviceType") {
            if case .constant = serviceType.source {
                serviceTypeValue = raw
            } else if let mapped = serviceType.values[raw] {
                serviceTypeValue = mapped
            } else if profile == .school {
                let upper = serviceType.upperSecondaryWhen.map { rule in
                    let stage = feature[property: rule.field].flatMap(FeaturePredicate.text(of:))?.lowercased() ?? ""
                    return rule.words.contains { stage.contains($0.lowercased()) }
                } ?? false
                serviceTypeValue = SchoolTypes.serviceType(of: raw, hasUpperStage: upper)
            }
            if serviceTypeValue == nil {
                unmapped = raw
                problem("serviceType", "no service type for \"\(raw.abbreviated(to: 60))\" (add it to serviceType.values)")
            }
        } else {
            problem("serviceType", "no value (\(serviceType.source.map(String.init(describing:)) ?? "unmapped") is empty for this feature)")
        }

        let contactRecord = contactRecord(for: feature, text: text)
        guard problems.isEmpty, let localID, let serviceTypeValue else {
            return .failure(ExportProblems(problems: problems, unmappedValue: unmapped))
        }
        return .success(GovernmentalServiceRecord(localID: localID, versionID: versionID, beginLifespanVersion: begin,
                                                  contact: contactRecord, serviceType: serviceTypeValue))
    }

    private func contactRecord(for feature: Feature, text: (ValueSource?, String) -> String?) -> Voidable<GovernmentalServiceRecord.ContactRecord> {
        guard !contact.isEmpty else { return .void(.unpopulated) }
        var record = GovernmentalServiceRecord.ContactRecord()
        if let city = text(contact.city, "contact.city") {
            var address = GovernmentalServiceRecord.AddressRecord(adminUnit: city)
            if let combined = text(contact.streetAndNumber, "contact.streetAndNumber") {
                (address.thoroughfare, address.locatorDesignator) = Self.split(streetAndNumber: combined)
            } else {
                address.thoroughfare = text(contact.street, "contact.street")
                address.locatorDesignator = text(contact.houseNumber, "contact.houseNumber")
            }
            address.postCode = text(contact.postCode, "contact.postCode")
            record.address = address
        }
        record.email = text(contact.email, "contact.email")
        record.telephone = text(contact.telephone, "contact.telephone")
        record.website = text(contact.website, "contact.website")
        record.hoursOfService = text(contact.hoursOfService, "contact.hoursOfService")
        return record == GovernmentalServiceRecord.ContactRecord() ? .void(.unknown) : .value(record)
    }

    /// "Mailänder Passage 51" → ("Mailänder Passage", "51"); "Am Markt 3-5 a" → ("Am
    /// Markt", "3-5 a"): the number starts at the last word that begins with a digit and
    /// is not the first word. Without such a word the whole text is the street.
    static func split(streetAndNumber text: String) -> (street: String, number: String?) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let index = words.indices.dropFirst().last(where: { words[$0].first?.isNumber == true }) else { return (text, nil) }
        return (words[..<index].joined(separator: " "), words[index...].joined(separator: " "))
    }

    /// A date or date and time as `xs:dateTime`: `YYYY-MM-DD` becomes midnight of that day
    /// (no time zone, as the source gave none); `YYYY-MM-DD hh:mm[:ss]` gets its `T`;
    /// a valid `xs:dateTime` is kept as it is.
    static func xmlDateTime(_ text: String) -> String? {
        let patterns: [(String, (String) -> String)] = [
            (#"^\d{4}-\d{2}-\d{2}$"#, { $0 + "T00:00:00" }),
            (#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"#, { $0 }),
            (#"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"#, { $0.replacingOccurrences(of: " ", with: "T") }),
            (#"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$"#, { $0.replacingOccurrences(of: " ", with: "T") + ":00" }),
        ]
        for (pattern, convert) in patterns where text.range(of: pattern, options: .regularExpression) != nil {
            let dateTime = convert(text)
            // The calendar must agree: 2023-02-30 is no date.
            let parts = dateTime.prefix(10).split(separator: "-").compactMap { Int($0) }
            var components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
            components.calendar = Calendar(identifier: .gregorian)
            guard components.isValidDate else { return nil }
            return dateTime
        }
        return nil
    }
}

/// The problems of one feature, and the source value that had no service type.
struct ExportProblems: Error {
    var problems: [ExportProblem]
    var unmappedValue: String?
}
