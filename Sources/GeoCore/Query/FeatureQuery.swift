/// Which features of a layer to hand out, and which of their properties: what a store
/// answers in one call, pushing as much as it can into its index or database.
///
/// ```swift
/// var query = FeatureQuery(boundingBox: box, limit: 100)
/// query.predicate = try FeaturePredicate(parsing: "access = 'yes'")
/// let page = try await store.features(matching: query)
/// ```
///
/// Features come in the order of their ids where the layer has ids. A page goes on from
/// its `nextCursor` (keyset paging, stable under concurrent readers) or from `offset`.
public struct FeatureQuery: Sendable, Hashable {
    /// Only features whose geometry's envelope intersects this box.
    public var boundingBox: BoundingBox?
    /// The CRS of `boundingBox`; nil means the layer's own CRS.
    public var boundingBoxCRS: CRSReference?
    /// Only features whose properties satisfy this predicate.
    public var predicate: FeaturePredicate?
    /// Only the features with these ids (in any order; those that do not exist are left out).
    public var ids: [FeatureID]?
    /// The most features to hand out; nil for all.
    public var limit: Int?
    /// How many matching features to skip before the first one handed out.
    public var offset: Int
    /// Where a previous page ended: the page goes on after it.
    public var cursor: FeatureCursor?
    /// The properties to keep, in this order; nil keeps all.
    public var propertyNames: [String]?

    /// Creates a query; with no argument, all features with all properties.
    public init(boundingBox: BoundingBox? = nil, boundingBoxCRS: CRSReference? = nil, predicate: FeaturePredicate? = nil,
                ids: [FeatureID]? = nil, limit: Int? = nil, offset: Int = 0, cursor: FeatureCursor? = nil, propertyNames: [String]? = nil) {
        self.boundingBox = boundingBox
        self.boundingBoxCRS = boundingBoxCRS
        self.predicate = predicate
        self.ids = ids
        self.limit = limit
        self.offset = offset
        self.cursor = cursor
        self.propertyNames = propertyNames
    }

    /// Every feature, with every property.
    public static let all = FeatureQuery()

    /// The names the query reads or selects that the schema lacks, in order of first use.
    public func unknownFieldNames(in schema: LayerSchema) -> [String] {
        let names = (predicate?.fieldNames ?? []) + (propertyNames ?? [])
        var unknown: [String] = []
        for name in names where schema.field(named: name) == nil && !unknown.contains(name) { unknown.append(name) }
        return unknown
    }
}

/// Where a page of features ended, as an opaque token that the next query carries (a
/// server puts it in its `next` link). Only the store that made it can read it.
public struct FeatureCursor: Sendable, Hashable, LosslessStringConvertible {
    /// The token's text.
    public let token: String

    /// A cursor from its text (as a client sends it back).
    public init(_ token: String) { self.token = token }

    public var description: String { token }
}

/// One page of features from a store.
public struct FeaturePage: Sendable, Hashable {
    /// The features, in the store's order.
    public var features: [Feature]
    /// Where the next page starts; nil when this page is the last.
    public var nextCursor: FeatureCursor?
    /// What the store noticed reading these features (a geometry it could not read and
    /// left out, with the feature's id).
    public var warnings: [ReadWarning]

    /// Creates a page.
    public init(features: [Feature], nextCursor: FeatureCursor?, warnings: [ReadWarning] = []) {
        self.features = features
        self.nextCursor = nextCursor
        self.warnings = warnings
    }
}
