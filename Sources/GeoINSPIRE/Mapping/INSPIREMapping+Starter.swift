import GeoCore

extension INSPIREMapping {
    /// A starter mapping for a layer: the profile's fixed parts, and for each property the
    /// layer field whose name suggests it (a guess, which the YAML text says).
    /// - Parameters:
    ///   - profile: the theme profile.
    ///   - fieldNames: the names of the layer's fields.
    ///   - dataset: the data set's name (e.g. the layer's).
    /// - Returns: the mapping and, per mapping key, the field it guessed.
    public static func starter(profile: INSPIREProfile, fieldNames: [String], dataset: String) -> (mapping: INSPIREMapping, guesses: [String: String]) {
        let byLowerName = Dictionary(fieldNames.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var guesses: [String: String] = [:]
        func guess(_ role: String) -> ValueSource? {
            for candidate in INSPIREProfile.guesses[role] ?? [] {
                if let name = byLowerName[candidate] {
                    guesses[role] = name
                    return .field(name)
                }
            }
            return nil
        }
        let safeName = String(dataset.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        var mapping = INSPIREMapping(profile: profile, dataset: safeName.isEmpty || safeName.hasPrefix(".") ? "dataset" : safeName,
                                     namespace: "https://example.org/CHANGE-ME/\(profile.rawValue)")
        mapping.localID = guess("localId") ?? .featureID
        mapping.beginLifespanVersion = guess("beginLifespanVersion")
        switch profile {
        case .aed, .none: break
        case .school: mapping.serviceType = ServiceTypeMapping(source: guess("serviceType") ?? .field("CHANGE-ME"))
        case .generic: mapping.serviceType = ServiceTypeMapping(source: .constant("CHANGE-ME"))
        }
        guard profile.isHarmonised else { return (mapping, guesses) }
        var contact = ContactMapping()
        contact.streetAndNumber = guess("streetAndNumber")
        if contact.streetAndNumber == nil {
            contact.street = guess("street")
            contact.houseNumber = guess("houseNumber")
        }
        contact.postCode = guess("postCode")
        contact.city = guess("city")
        contact.email = guess("email")
        contact.telephone = guess("telephone")
        contact.website = guess("website")
        contact.hoursOfService = guess("hoursOfService")
        mapping.contact = contact
        return (mapping, guesses)
    }

    /// The mapping as a YAML file, with a comment on every guessed field.
    /// - Parameter guesses: mapping key → the field that was guessed for it.
    public func yaml(guesses: [String: String] = [:]) -> String {
        func quoted(_ text: String) -> String {
            let plain = !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:".contains($0) }
                && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(text.lowercased()) && Double(text) == nil
            if plain { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        func source(_ value: ValueSource) -> String {
            switch value {
            case .field(let name): "{field: \(quoted(name))}"
            case .constant(let text): "{constant: \(quoted(text))}"
            case .featureID: "{featureId: true}"
            }
        }
        func note(_ role: String) -> String {
            guesses[role].map { _ in "   # guessed from the field name: check" } ?? ""
        }
        var lines = [
            "# GeoKit INSPIRE mapping: profile \(profile.rawValue) (\(profile.description)).",
            "# Application schema us-govserv 5.0, feature type GovernmentalService.",
            "profile: \(profile.rawValue)",
            "dataset: \(quoted(dataset))",
            "namespace: \(quoted(namespace))   # the namespace of every inspireId: set it",
            "localId: \(source(localID))\(note("localId"))",
        ]
        if let versionID { lines.append("versionId: \(source(versionID))") }
        if let beginLifespanVersion { lines.append("beginLifespanVersion: \(source(beginLifespanVersion))\(note("beginLifespanVersion"))") }
        if let typeSource = serviceType.source {
            lines.append("serviceType:")
            switch typeSource {
            case .constant(let text): lines.append("  constant: \(quoted(text))   # a ServiceTypeValue, e.g. primaryEducation")
            default: lines.append("  field: \(quoted(typeSource.fieldName ?? ""))\(note("serviceType"))")
            }
            if !serviceType.values.isEmpty {
                lines.append("  values:")
                for key in serviceType.values.keys.sorted() { lines.append("    \(quoted(key)): \(quoted(serviceType.values[key]!))") }
            } else if profile == .school {
                lines.append("  # values: {Grundschule: primaryEducation}   # overrides the profile's rules")
                lines.append("  # upperSecondaryWhen: {field: NAME, contains: [Oberstufe, Sekundarstufe II]}")
            }
        }
        if !contact.isEmpty {
            lines.append("contact:")
            for (key, value) in contact.sources { lines.append("  \(key): \(source(value))\(note(key))") }
            if contact.city == nil && (contact.streetAndNumber != nil || contact.street != nil || contact.postCode != nil) {
                lines.append("  # city: {constant: TOWN}   # an address is only written with its town (INSPIRE's adminUnit)")
            }
        } else {
            lines.append("# contact: {email: {field: NAME}, telephone: …, website: …, streetAndNumber: …, postCode: …, city: …}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
