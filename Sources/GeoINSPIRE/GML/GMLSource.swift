import CLibXML2
import Foundation
import GeoCore
import GeoFormats
import GeoPROJ

/// Reads simple-feature GML (3.2, 3.1, 2) feature collections feature by feature: WFS 2.0
/// and 1.1 `FeatureCollection`s (`wfs:member`, `gml:featureMember`, `gml:featureMembers`),
/// and several response pages of one layer as one. Memory holds one feature at a time.
///
/// - A feature's `gml:id` is its id; its first geometry (at any depth of its properties,
///   as in INSPIRE's `serviceLocation`) is its geometry.
/// - Other properties are text, as written, named by their path of property elements
///   (`inspireId/localId`; object elements, which GML names in UpperCamelCase, add no step);
///   a repeated one is numbered (`telephoneVoice[2]`); a void one (`xsi:nil`) is null; an
///   empty one with an `xlink:href` takes the reference.
/// - `srsName` is honoured in every spelling: URNs and `http://www.opengis.net/def/crs/`
///   URIs in the authority's axis order, `EPSG:4326` and `…epsg.xml#4326` longitude first.
///   An EPSG URN with a code only ESRI has (ArcGIS servers write them) is read as that ESRI
///   CRS, and positions that only make sense swapped are swapped; both with a warning.
public final class GMLSource: FeatureSource {
    public internal(set) var layerName: String
    public internal(set) var crs: CRSReference?
    /// Nil: GML names its fields per feature.
    public var declaredFields: [Field]? { nil }
    public internal(set) var warnings: [ReadWarning] = []

    private var paths: [String]
    private var reader: xmlTextReaderPtr?
    var file: String
    var geometries: GMLGeometryReader
    var featureIndex = 0
    private var first: Feature?
    var featureType: String?
    var layerReference: GMLSpatialReference?
    var swapsAxes = false
    var leftOutGeometries: Set<String> = []
    private let errors = ParseErrors()

    /// Opens one GML file.
    /// - Throws: `ReadError` naming the file and line of what cannot be read.
    public convenience init(path: String) throws(ReadError) {
        try self.init(paths: [path])
    }

    /// Opens several pages of one layer (WFS responses), read one after the other.
    /// - Throws: `ReadError`; also when a page holds another feature type or CRS.
    public init(paths: [String]) throws(ReadError) {
        guard let firstPath = paths.first else {
            throw ReadError(format: "GML", location: SourceLocation(), message: "no file to read", code: .cannotOpen)
        }
        self.paths = Array(paths.dropFirst())
        file = firstPath
        layerName = ((firstPath as NSString).lastPathComponent as NSString).deletingPathExtension
        geometries = GMLGeometryReader(file: firstPath)
        try open(firstPath)
        first = try readFeature()
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
    }

    public func next() throws(ReadError) -> Feature? {
        if let feature = first {
            first = nil
            return feature
        }
        return try readFeature()
    }

    // MARK: Reading

    /// libxml2's messages for the file being read.
    private final class ParseErrors {
        var last: (message: String, line: Int)?
    }

    private func open(_ path: String) throws(ReadError) {
        if let reader { xmlFreeTextReader(reader) }
        file = path
        geometries.file = path
        // No network, no external DTD; libxml2 bounds entity expansion itself.
        reader = xmlReaderForFile(path, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        guard let reader else {
            throw ReadError(format: "GML", location: SourceLocation(file: path), message: "cannot open the file", code: .cannotOpen)
        }
        xmlTextReaderSetStructuredErrorHandler(reader, { user, error in
            guard let user, let error else { return }
            let errors = Unmanaged<ParseErrors>.fromOpaque(user).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "malformed XML"
            if errors.last == nil { errors.last = (message, Int(error.pointee.line)) }
        }, Unmanaged.passUnretained(errors).toOpaque())
    }

    func failure(_ message: String, line: Int? = nil) -> ReadError {
        ReadError(format: "GML", location: SourceLocation(file: file, line: line, featureIndex: featureIndex), message: message, code: .malformed)
    }

    private func readError() -> ReadError {
        let last = errors.last
        errors.last = nil
        return failure("not well-formed XML: \(last?.message ?? "the parser stopped")", line: last?.line)
    }

    private static let memberNames: Set<String> = ["member", "featureMember", "featureMembers"]

    /// Advances to the next feature element and reads it; at the end of a page, opens the
    /// next one.
    private func readFeature() throws(ReadError) -> Feature? {
        while let reader {
            if advanced {
                advanced = false  // xmlTextReaderNext already moved onto this node
            } else {
                let status = xmlTextReaderRead(reader)
                if status < 0 { throw readError() }
                if status == 0 {
                    if errors.last != nil { throw readError() }
                    guard !paths.isEmpty else {
                        xmlFreeTextReader(reader)
                        self.reader = nil
                        return nil
                    }
                    try open(paths.removeFirst())
                    continue
                }
            }
            guard xmlTextReaderNodeType(reader) == 1 else { continue }  // element starts only
            let depth = xmlTextReaderDepth(reader)
            let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            switch depth {
            case 0:
                guard name.hasSuffix("FeatureCollection") else {
                    throw failure("the document is a \(name), not a GML feature collection", line: Int(xmlTextReaderGetParserLineNumber(reader)))
                }
            case 1 where Self.memberNames.contains(name):
                continue  // its children are the features
            case 1:
                try skipSubtree(reader)  // boundedBy, additionalObjects…
            case 2:
                guard let node = xmlTextReaderExpand(reader) else { throw readError() }
                let element = XMLElementNode(node)
                try skipSubtree(reader)
                return try feature(from: element)
            default:
                continue
            }
        }
        return nil
    }

    /// Whether the reader already stands on a node no one has looked at.
    private var advanced = false

    private func skipSubtree(_ reader: xmlTextReaderPtr) throws(ReadError) {
        let status = xmlTextReaderNext(reader)
        if status < 0 { throw readError() }
        advanced = status == 1
    }
}
