/// Where each property name of a feature sits in a growing list of names (a layer's
/// columns, a schema's fields), remembered for the few distinct key lists a layer repeats,
/// so that most features are placed without hashing a single name.
///
/// Names only ever get appended, so a position, once given, stays right.
package struct KeyPositions: Sendable {
    /// The names in position order.
    package private(set) var names: [String] = []
    private var position: [String: Int] = [:]
    /// Recently seen key lists with their positions, most recent first.
    private var recent: [(keys: [String], positions: [Int])] = []
    private static let remembered = 8

    package init(names: [String] = []) {
        for name in names { _ = append(name) }
    }

    /// The position of `name`, or nil.
    package func position(of name: String) -> Int? { position[name] }

    /// Appends a name (or finds it) and returns its position.
    @discardableResult
    package mutating func append(_ name: String) -> Int {
        if let known = position[name] { return known }
        names.append(name)
        position[name] = names.count - 1
        // A remembered list may hold -1 for this name.
        recent.removeAll(keepingCapacity: true)
        return names.count - 1
    }

    /// The position of each key, in the keys' order: -1 for a name not in the list, unless
    /// `addingUnknown`, which appends it.
    package mutating func positions(of keys: [String], addingUnknown: Bool = false) -> [Int] {
        for i in recent.indices where recent[i].keys == keys {
            if i > 0 { recent.swapAt(0, i) }
            return recent[0].positions
        }
        var result: [Int] = []
        result.reserveCapacity(keys.count)
        for key in keys {
            if let known = position[key] {
                result.append(known)
            } else if addingUnknown {
                result.append(append(key))
            } else {
                result.append(-1)
            }
        }
        recent.insert((keys, result), at: 0)
        if recent.count > Self.remembered { recent.removeLast() }
        return result
    }
}
