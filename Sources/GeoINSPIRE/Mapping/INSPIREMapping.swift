import GeoCore

/// How a source layer becomes INSPIRE `GovernmentalService`s: which field feeds which
/// property, value maps, constants, the data set's name and the identifier namespace.
///
/// Read from a YAML (or JSON) file with `INSPIREMapping(contentsOfFile:)`; written as a
/// starter by `INSPIREMapping.starter(profile:schema:)`.
public struct INSPIREMapping: Sendable, Hashable {
    /// The theme profile.
    public var profile: INSPIREProfile
    /// The data set's name: the export's file name and the identifier code in the metadata.
    /// Letters, digits, `-`, `_` and `.` only.
    public var dataset: String
    /// The `namespace` of every `inspireId` (a URI or a registered namespace).
    public var namespace: String
    /// The `localId` of every `inspireId`: unique within the namespace.
    public var localID: ValueSource
    /// The `versionId` of the `inspireId`, when the source has versions.
    public var versionID: ValueSource?
    /// When this version of the feature began (`beginLifespanVersion`); a date is written
    /// as midnight UTC of that day. Unmapped, the property is void (`Unpopulated`).
    public var beginLifespanVersion: ValueSource?
    /// The `serviceType`.
    public var serviceType: ServiceTypeMapping
    /// The `pointOfContact`.
    public var contact: ContactMapping

    /// Creates a mapping.
    public init(profile: INSPIREProfile, dataset: String, namespace: String, localID: ValueSource = .featureID,
                versionID: ValueSource? = nil, beginLifespanVersion: ValueSource? = nil,
                serviceType: ServiceTypeMapping = ServiceTypeMapping(), contact: ContactMapping = ContactMapping()) {
        self.profile = profile
        self.dataset = dataset
        self.namespace = namespace
        self.localID = localID
        self.versionID = versionID
        self.beginLifespanVersion = beginLifespanVersion
        self.serviceType = serviceType
        self.contact = contact
    }

    /// Every field the mapping reads.
    public var fieldNames: [String] {
        var sources = [localID, versionID, beginLifespanVersion, serviceType.source].compactMap { $0 }
        sources += contact.sources.map(\.source)
        var names = sources.compactMap(\.fieldName)
        if let stage = serviceType.upperSecondaryWhen { names.append(stage.field) }
        return names
    }
}

/// Where the `serviceType` comes from.
public struct ServiceTypeMapping: Sendable, Hashable {
    /// The source of the value: a constant, or a field whose values `values` (and the
    /// school profile's rules) translate. Nil for a profile that fixes the value (aed).
    public var source: ValueSource?
    /// Source value → `ServiceTypeValue` (its name or its full URI), exact text.
    public var values: [String: String]
    /// For the school profile: when this field contains one of these words, a secondary
    /// school teaches the upper stage (`upperSecondaryEducation`).
    public var upperSecondaryWhen: UpperStage?

    /// A field and the words that mark an upper stage in it.
    public struct UpperStage: Sendable, Hashable {
        /// The field.
        public var field: String
        /// Words (any case) whose presence in the field means an upper stage.
        public var words: [String]
        /// Creates the rule.
        public init(field: String, words: [String]) {
            self.field = field
            self.words = words
        }
    }

    /// Creates the mapping of the service type.
    public init(source: ValueSource? = nil, values: [String: String] = [:], upperSecondaryWhen: UpperStage? = nil) {
        self.source = source
        self.values = values
        self.upperSecondaryWhen = upperSecondaryWhen
    }
}

/// Where the parts of the `pointOfContact` come from; each part is optional.
public struct ContactMapping: Sendable, Hashable {
    /// Street and house number in one field ("Mailänder Passage 51"): split before the
    /// house number into `thoroughfare` and `locatorDesignator`.
    public var streetAndNumber: ValueSource?
    /// The street alone.
    public var street: ValueSource?
    /// The house number alone.
    public var houseNumber: ValueSource?
    /// The postcode.
    public var postCode: ValueSource?
    /// The town: the address's administrative unit and post name. An address is only
    /// written when its town is known (INSPIRE requires the administrative unit).
    public var city: ValueSource?
    /// The e-mail address.
    public var email: ValueSource?
    /// The telephone number.
    public var telephone: ValueSource?
    /// The website (a URI).
    public var website: ValueSource?
    /// The opening hours, as text.
    public var hoursOfService: ValueSource?

    /// Creates a contact mapping.
    public init(streetAndNumber: ValueSource? = nil, street: ValueSource? = nil, houseNumber: ValueSource? = nil,
                postCode: ValueSource? = nil, city: ValueSource? = nil, email: ValueSource? = nil,
                telephone: ValueSource? = nil, website: ValueSource? = nil, hoursOfService: ValueSource? = nil) {
        self.streetAndNumber = streetAndNumber
        self.street = street
        self.houseNumber = houseNumber
        self.postCode = postCode
        self.city = city
        self.email = email
        self.telephone = telephone
        self.website = website
        self.hoursOfService = hoursOfService
    }

    /// The mapped parts with their names in a mapping file.
    public var sources: [(key: String, source: ValueSource)] {
        let all: [(String, ValueSource?)] = [
            ("streetAndNumber", streetAndNumber), ("street", street), ("houseNumber", houseNumber),
            ("postCode", postCode), ("city", city), ("email", email), ("telephone", telephone),
            ("website", website), ("hoursOfService", hoursOfService),
        ]
        return all.compactMap { key, source in source.map { (key, $0) } }
    }

    /// Whether any part is mapped.
    public var isEmpty: Bool {
        streetAndNumber == nil && street == nil && houseNumber == nil && postCode == nil && city == nil
            && email == nil && telephone == nil && website == nil && hoursOfService == nil
    }
}
