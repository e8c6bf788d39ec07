import Foundation
import GeoCore

/// Where one INSPIRE property takes its value from, per feature: a field of the source
/// layer, a constant, or the feature's own id.
///
/// In a mapping file: `{field: name}`, `{constant: text}` or `{featureId: true}`.
public enum ValueSource: Sendable, Hashable, CustomStringConvertible {
    /// The value of a source field, as text (numbers as GeoKit writes them).
    case field(String)
    /// The same text for every feature.
    case constant(String)
    /// The feature's id (a GeoJSON `id`, a GeoPackage primary key).
    case featureID

    /// The value for one feature as text, with surrounding spaces removed; nil when the
    /// field is missing, null, empty or a nested value.
    public func text(for feature: Feature) -> String? {
        let raw: String? = switch self {
        case .field(let name): feature[property: name].flatMap(FeaturePredicate.text(of:))
        case .constant(let text): text
        case .featureID: feature.id?.description
        }
        guard let raw else { return nil }
        // Most values have no surrounding space: look at the ends before trimming.
        guard let first = raw.utf8.first, let last = raw.utf8.last else { return nil }
        if first > 0x20 && last > 0x20 { return raw }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The field it reads, if any.
    public var fieldName: String? {
        if case .field(let name) = self { name } else { nil }
    }

    /// How a mapping file spells it.
    public var description: String {
        switch self {
        case .field(let name): "{field: \(name)}"
        case .constant(let text): "{constant: \(text)}"
        case .featureID: "{featureId: true}"
        }
    }
}
