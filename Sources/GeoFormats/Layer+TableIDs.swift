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
        let renumbered = features.enumerated().allSatisfy { i, f in f.id == nil || f.id == .integer(Int64(i + 1)) }
        guard !renumbered, field(named: "id") == nil else { return self }
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

    /// The field with this exact name, if the layer has one.
    func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }
}
