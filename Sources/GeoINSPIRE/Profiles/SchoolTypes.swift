import Foundation

/// The school profile's default value map: a German school type to its ISCED level as an
/// INSPIRE `ServiceTypeValue`. A mapping's own `values` come first and override it.
///
/// The rules look for a word in the type, ignoring case, in this order (the first that
/// matches decides, so "Förderschule Grund-/Hauptschule" is a special school):
///
/// | the type contains | service type |
/// |---|---|
/// | Förder, SBBZ, FöS, FöZ, Sonderschule, sonderpädagog, behindert, für Kranke, Krankenhausschule, Erziehungshilfe, Sprachheil, hörgeschädigt, Blinde, sehbehindert | `educationNotElsewhereClassified` |
/// | Schulkindergarten, Kindergarten, Kita | `earlyChildhoodEducation` |
/// | Berufskolleg, Berufsschule, Berufsfachschule, Berufsbildend, Fachoberschule, Berufsoberschule, Berufliche, Fachschule | `upperSecondaryEducation` |
/// | Weiterbildungskolleg, Abendgymnasium, Kolleg | `postSecondaryNonTertiaryEducation` |
/// | Grundschule, Primarstufe, Volksschule | `primaryEducation` |
/// | Gymnasium, Realschule, Hauptschule, Gesamtschule, Sekundarschule, Oberschule, Mittelschule, Werkrealschule, Regelschule, Gemeinschaftsschule, Stadtteilschule, Regionale Schule, PRIMUS, Waldorf | `lowerSecondaryEducation`, or `upperSecondaryEducation` when the mapping's `upperSecondaryWhen` says the school has an upper stage (Oberstufe) |
public enum SchoolTypes {
    /// The rules, in order: the words (lower case) and the service type they give.
    public static let rules: [(words: [String], serviceType: String)] = [
        (["förder", "sbbz", "fös", "föz", "sonderschule", "sonderpädagog", "behindert", "für kranke", "krankenhausschule",
          "erziehungshilfe", "sprachheil", "hörgeschädigt", "blinde", "sehbehindert"], "educationNotElsewhereClassified"),
        (["schulkindergarten", "kindergarten", "kita"], "earlyChildhoodEducation"),
        (["berufskolleg", "berufsschule", "berufsfachschule", "berufsbildend", "fachoberschule",
          "berufsoberschule", "berufliche", "fachschule"], "upperSecondaryEducation"),
        (["weiterbildungskolleg", "abendgymnasium", "kolleg"], "postSecondaryNonTertiaryEducation"),
        (["grundschule", "primarstufe", "volksschule"], "primaryEducation"),
        (secondaryWords, "lowerSecondaryEducation"),
    ]

    /// School types that can have an upper stage: their value becomes
    /// `upperSecondaryEducation` when the mapping's `upperSecondaryWhen` matches.
    static let secondaryWords = ["gymnasium", "realschule", "hauptschule", "gesamtschule", "sekundarschule",
                                 "oberschule", "mittelschule", "werkrealschule", "regelschule",
                                 "gemeinschaftsschule", "stadtteilschule", "regionale schule", "primus", "waldorf"]

    /// The service type of a school type by the rules, or nil when none applies.
    /// - Parameters:
    ///   - type: the school type as the source writes it.
    ///   - hasUpperStage: whether the source says the school teaches the upper stage.
    public static func serviceType(of type: String, hasUpperStage: Bool = false) -> String? {
        let lowered = type.lowercased()
        for rule in rules where rule.words.contains(where: lowered.contains) {
            if hasUpperStage && rule.serviceType == "lowerSecondaryEducation" { return "upperSecondaryEducation" }
            return rule.serviceType
        }
        return nil
    }
}
