extension INSPIRECheck {
    /// The check as lines for people: counts, problems by property with the first ones,
    /// unmapped source values, voids by property, unknown service types and warnings.
    public var reportLines: [String] {
        var lines: [String] = []
        let problemTotal = problemCounts.values.reduce(0, +)
        lines.append("\(featureCount) features read; \(problemTotal == 0 ? "every one can be exported" : "\(problemTotal) problems, \(exportableCount) features can be exported")")
        for (property, count) in problemCounts.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(property): \(count) problems")
        }
        // The first 20, and the first of every property among them.
        var shown = Array(problems.prefix(20))
        for property in problemCounts.keys.sorted() where !shown.contains(where: { $0.property == property }) {
            if let first = problems.first(where: { $0.property == property }) { shown.append(first) }
        }
        for problem in shown.sorted(by: { $0.featureIndex < $1.featureIndex }) { lines.append("  \(problem)") }
        if problemTotal > shown.count { lines.append("  … and \(problemTotal - shown.count) more") }
        if !unmappedValues.isEmpty {
            lines.append("source values with no service type (add them to serviceType.values):")
            for (value, count) in unmappedValues.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(50) {
                lines.append("  \"\(value)\": \(count) features")
            }
        }
        for (property, reasons) in voids.sorted(by: { $0.key < $1.key }) {
            let text = reasons.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            lines.append("void \(property): \(text)")
        }
        for (value, count) in unknownServiceTypes.sorted(by: { $0.key < $1.key }) {
            lines.append("warning: service type \"\(value)\" (\(count) features) is not one GeoKit knows: check it in the INSPIRE registry")
        }
        for warning in warnings { lines.append("warning: \(warning)") }
        return lines
    }
}
