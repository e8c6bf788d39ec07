import Foundation
import GeoCore
import GeoPROJ

extension ConversionJob {
    /// Reads the source in batches, filters them, applies the steps, reprojects and
    /// writes them; returns the counts.
    func pump(_ source: any FeatureSource, named name: String, first: inout Feature?, into sink: any FeatureSink, move: Transformer?,
              idAsField: Bool, label: @escaping (Feature) -> Feature) throws -> ConversionCounts {
        let reader = Handover(value: ReaderState(source: source, name: name, first: first, label: label, move: move, idAsField: idAsField))
        if source.declaredFields == nil {
            reader.value.unseenFields = Set((conversion.filter?.fieldNames ?? []) + (conversion.selectedFields ?? []))
        }
        first = nil
        var written = 0
        func write(_ batch: [Feature]) throws {
            try sink.write(contentsOf: batch)
            written += batch.count
            events(.wroteFeatures(batch.count))
        }
        if pipelined {
            let pipeline = BatchPipeline { pipeline in try produce(reader.value) { pipeline.put($0) } }
            do {
                while let batch = try pipeline.take() { try write(batch) }
            } catch {
                pipeline.cancelAndWait()
                throw error
            }
            pipeline.cancelAndWait()
        } else {
            try produce(reader.value) { batch in
                try write(batch)
                return true
            }
        }
        var counts = reader.value.counts
        counts.written = written
        // A field that no feature has is a mistake (as for inputs that declare their
        // fields): the output is not finished.
        if !reader.value.unseenFields.isEmpty {
            let names = reader.value.unseenFields.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw ConversionError(.unknownField, "\(name): no feature has a field \(names), which the filter or the field selection names")
        }
        return counts
    }

    /// What the reader thread owns while it runs; the writer reads `counts` afterwards.
    final class ReaderState {
        let source: any FeatureSource
        /// The input as messages name it.
        let name: String
        var first: Feature?
        let label: (Feature) -> Feature
        let move: Transformer?
        let idAsField: Bool
        var counts = ConversionCounts()
        /// The fields the filter and the selection name that no feature has had yet
        /// (checked only for inputs without a declared schema, whose fields are known
        /// only by reading).
        var unseenFields: Set<String> = []

        init(source: any FeatureSource, name: String, first: Feature?, label: @escaping (Feature) -> Feature, move: Transformer?, idAsField: Bool) {
            self.source = source
            self.name = name
            self.first = first
            self.label = label
            self.move = move
            self.idAsField = idAsField
        }
    }

    /// The reader stage: batches read, filtered, changed by the steps and reprojected,
    /// each handed to `deliver`, which returns false when the writer gave up.
    func produce(_ state: ReaderState, deliver: ([Feature]) throws -> Bool) throws {
        // Read once: the conversion's properties are copied on each access.
        let filter = conversion.filter, steps = conversion.steps, spreadsheetSafe = conversion.spreadsheetSafe
        let skipsFailures = conversion.skipsFeaturesThatCannotBeReprojected
        var done = false
        while !done {
            var batch: [Feature] = []
            batch.reserveCapacity(batchSize)
            // The index in the input of each feature kept, for messages: counted from the
            // batch's first when nothing is filtered out, listed when the filter drops some.
            let firstIndex = state.counts.read
            var inputIndices: [Int] = []
            while batch.count < batchSize {
                let next: Feature?
                if let f = state.first {
                    next = f
                    state.first = nil
                } else {
                    next = try state.source.next()
                }
                guard let f = next else {
                    done = true
                    break
                }
                state.counts.read += 1
                if f.geometry == nil { state.counts.withoutGeometry += 1 }
                if !state.unseenFields.isEmpty { state.unseenFields = state.unseenFields.filter { f.properties[$0] == nil } }
                if let g = kept(f, idAsField: state.idAsField) {
                    batch.append(state.label(g))
                    if filter != nil { inputIndices.append(state.counts.read - 1) }
                }
            }
            if spreadsheetSafe {
                for i in batch.indices { batch[i].properties = CSV.spreadsheetSafe(batch[i].properties).properties }
            }
            for step in steps { state.counts.changedBySteps += try step.apply(to: &batch) }
            if let move = state.move, !batch.isEmpty {
                let moved: Transformer.FeatureTransform
                let inputIndex = { (i: Int) in filter == nil ? firstIndex + i : inputIndices[i] }
                do { moved = try move.transform(batch, skippingFailures: skipsFailures) } catch {
                    let index = error.positionIndex.map(inputIndex)
                    throw ConversionError(.reprojectionFailed, "\(state.name): feature \(index.map(String.init) ?? "?"): \(error)")
                }
                for failure in moved.failures.prefix(5) {
                    events(.warning(ConversionWarning(code: .featureLeftOut, message: "\(state.name): feature \(inputIndex(failure.index)) left out: \(failure.error)")))
                }
                if moved.failures.count > 5 {
                    events(.warning(ConversionWarning(code: .featureLeftOut, message: "\(state.name): … and \(moved.failures.count - 5) more features left out")))
                }
                state.counts.notReprojected += moved.failures.count
                batch = moved.features
            }
            if !batch.isEmpty, try !deliver(batch) { return }
        }
    }
}
