extension FeatureQuery {
    /// What makes the query unanswerable on a layer of this schema, or nil: a field it
    /// does not have (in the predicate or the selection), a negative limit or offset, a
    /// box whose edges are not finite or not in order. Every store checks this first.
    public func problem(in schema: LayerSchema) -> String? {
        let unknown = unknownFieldNames(in: schema)
        if !unknown.isEmpty {
            let known = schema.fields.map(\.name)
            let list = known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", …" : "")
            return "no field \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")) (fields: \(list))"
        }
        if let limit, limit < 0 { return "a negative limit (\(limit))" }
        if offset < 0 { return "a negative offset (\(offset))" }
        if let box = boundingBox,
           !([box.minX, box.minY, box.maxX, box.maxY].allSatisfy(\.isFinite) && box.minX <= box.maxX && box.minY <= box.maxY) {
            return "a box with edges that are not finite or not in order (\(box))"
        }
        return nil
    }
}

extension FeatureCursor {
    /// A cursor for keyset paging: the page goes on after this id.
    package static func after(id: Int64) -> FeatureCursor { FeatureCursor("id:\(id)") }

    /// A cursor for a layer paged by position: the page goes on from this position.
    package static func from(position: Int) -> FeatureCursor { FeatureCursor("at:\(position)") }

    /// The id of an `after(id:)` cursor.
    package var afterID: Int64? { number(after: "id:") }

    /// The position of a `from(position:)` cursor.
    package var position: Int? { number(after: "at:").flatMap { $0 >= 0 ? Int(exactly: $0) : nil } }

    private func number(after prefix: String) -> Int64? {
        token.hasPrefix(prefix) ? Int64(token.dropFirst(prefix.count)) : nil
    }
}

extension FeatureID {
    /// The id as an integer, when it is one or is written as one (`"17"`).
    package var integerValue: Int64? {
        switch self {
        case .integer(let i): i
        case .string(let s): Int64(s)
        case .double(let d): d.rounded() == d ? Int64(exactly: d) : nil
        }
    }
}

extension Feature {
    /// The feature with only the named properties, in that order (null where missing).
    package func keepingProperties(_ names: [String]) -> Feature {
        var properties = JSONObject()
        for name in names { properties[name] = self.properties[name] ?? .null }
        var copy = self
        copy.properties = properties
        return copy
    }
}
