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
        for problem in problems.prefix(20) { lines.append("  \(problem)") }
        if problems.count > 20 || problemTotal > problems.count {
            lines.append("  … and \(problemTotal - min(problems.count, 20)) more")
        }
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
