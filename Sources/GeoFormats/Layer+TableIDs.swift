import GeoCore

extension Layer {
    /// The layer as a table format (GeoPackage, Shapefile, CSV) can take it without losing
    /// feature ids.
    ///
    /// Those formats number their rows 1, 2, 3… themselves. When every feature's id is
    /// already its row number (or there are no ids), the layer is returned as it is;
    /// otherwise each id is carried as an `id` property, with a field, as `Conversion` does
    /// for GeoJSON inputs. A feature that has an `id` property of its own keeps it.
    public func carryingIDsAsField() -> Layer {
        guard !idsAreRowNumbers, !fields.contains(where: { $0.name == "id" }) else { return self }
        var type = FieldType.null
        var result = self
        for i in result.features.indices {
            guard let id = result.features[i].id, result.features[i].properties["id"] == nil else { continue }
            let value: JSONValue = switch id {
            case .string(let s): .string(s)
            case .integer(let n): .integer(n)
            case .double(let d): .double(d)
            }
            type = type.widened(with: FieldType(of: value))
            result.features[i].properties["id"] = value
        }
        result.fields.append(Field(name: "id", type: type))
        return result
    }

    /// Whether a table format's row numbering gives every feature id back (no ids, or
    /// 1, 2, 3… in order).
    var idsAreRowNumbers: Bool {
        features.enumerated().allSatisfy { i, f in f.id == nil || f.id == .integer(Int64(i + 1)) }
    }

    /// The warning for ids that a table format cannot keep: the layer has an `id` field of
    /// its own, so `carryingIDsAsField()` leaves them; nil when nothing is lost.
    var idsLostInTables: String? {
        guard !idsAreRowNumbers, fields.contains(where: { $0.name == "id" }) else { return nil }
        return "the feature ids are not kept: the layer already has a field \"id\", and the rows are numbered 1, 2, 3…"
    }
}
