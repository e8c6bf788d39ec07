#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The member names GeoJSON gives a meaning to, recognised from raw bytes.
enum MemberName: String, CaseIterable {
    case type, coordinates, geometries, geometry, properties, features, id, bbox, crs, name

    init?(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        let base = bytes.baseAddress! + start
        func spells(_ word: StaticString) -> Bool {
            end - start == word.utf8CodeUnitCount && memcmp(base, word.utf8Start, word.utf8CodeUnitCount) == 0
        }
        switch end - start {
        case 2 where spells("id"): self = .id
        case 3 where spells("crs"): self = .crs
        case 4 where spells("type"): self = .type
        case 4 where spells("bbox"): self = .bbox
        case 4 where spells("name"): self = .name
        case 8 where spells("geometry"): self = .geometry
        case 8 where spells("features"): self = .features
        case 10 where spells("properties"): self = .properties
        case 10 where spells("geometries"): self = .geometries
        case 11 where spells("coordinates"): self = .coordinates
        default: return nil
        }
    }

    var bit: UInt16 {
        switch self {
        case .type: 1
        case .coordinates: 2
        case .geometries: 4
        case .geometry: 8
        case .properties: 16
        case .features: 32
        case .id: 64
        case .bbox: 128
        case .crs: 256
        case .name: 512
        }
    }
}

/// The member names seen in one object, without allocating for the GeoJSON ones.
struct MemberSet {
    private var knownBits: UInt16 = 0
    private var others: [String] = []

    func contains(_ member: MemberName) -> Bool { knownBits & member.bit != 0 }
    func contains(_ key: String) -> Bool { others.contains(key) }
    mutating func insert(_ member: MemberName) { knownBits |= member.bit }
    mutating func insert(_ key: String) { others.append(key) }
}
