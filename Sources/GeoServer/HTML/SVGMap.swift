import Foundation
import GeoCore

/// A map drawn on the server as SVG: the features' outlines and points over a frame, so
/// that a page shows where its features are without any tile server or script.
enum SVGMap {
    /// The SVG element for geometries in a CRS whose x is east (northing-first input is
    /// swapped back by the caller); geographic coordinates are stretched by the cosine of
    /// the latitude so that the map is not squashed.
    static func render(_ geometries: [Geometry], frame: BoundingBox?, geographic: Bool, label: String, width: Double = 640) -> String {
        var positions: [Position] = []
        if frame == nil { for geometry in geometries { geometry.forEachPosition { positions.append($0) } } }
        guard var box = frame ?? BoundingBox(covering: positions) else {
            return "<p>No geometry to draw.</p>"
        }
        if box.width == 0 && box.height == 0 {
            let pad = geographic ? 0.005 : 500
            box = BoundingBox(minX: box.minX - pad, minY: box.minY - pad, maxX: box.maxX + pad, maxY: box.maxY + pad)
        }
        let stretch = geographic ? max(0.1, cos((box.minY + box.maxY) / 2 * .pi / 180)) : 1
        let spanX = max(box.width * stretch, 1e-12), spanY = max(box.height, 1e-12)
        let scale = width / max(spanX, spanY * width / (width * 0.75))
        let height = (spanY * scale).rounded(.up)
        let drawnWidth = (spanX * scale).rounded(.up)
        func point(_ p: Position) -> String {
            let x = (p.x - box.minX) * stretch * scale, y = (box.maxY - p.y) * scale
            return "\(format(x)),\(format(y))"
        }
        var svg = "<svg class=\"map\" role=\"img\" aria-label=\"\(HTMLDocument.escape(label))\" viewBox=\"-8 -8 \(format(drawnWidth + 16)) \(format(height + 16))\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(HTMLDocument.escape(label))</title>"
        let radius = max(drawnWidth, height) / 160
        for geometry in geometries {
            draw(geometry, into: &svg, point: point, radius: radius)
        }
        return svg + "</svg>"
    }

    private static func draw(_ geometry: Geometry, into svg: inout String, point: (Position) -> String, radius: Double) {
        switch geometry {
        case .point(let p):
            let xy = point(p).split(separator: ",")
            svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"\(format(radius))\" fill=\"#c00\" stroke=\"#fff\" stroke-width=\"\(format(radius / 3))\"/>"
        case .multiPoint(let points):
            for p in points { draw(.point(p), into: &svg, point: point, radius: radius) }
        case .lineString(let line):
            svg += "<polyline points=\"\(line.map(point).joined(separator: " "))\" fill=\"none\" stroke=\"#036\" stroke-width=\"\(format(radius / 2))\"/>"
        case .multiLineString(let lines):
            for line in lines { draw(.lineString(line), into: &svg, point: point, radius: radius) }
        case .polygon(let rings):
            let path = rings.map { "M" + $0.map(point).joined(separator: "L") + "Z" }.joined()
            svg += "<path d=\"\(path)\" fill=\"#369\" fill-opacity=\"0.35\" stroke=\"#036\" stroke-width=\"\(format(radius / 4))\" fill-rule=\"evenodd\"/>"
        case .multiPolygon(let polygons):
            for polygon in polygons { draw(.polygon(polygon), into: &svg, point: point, radius: radius) }
        case .geometryCollection(let members):
            for member in members { draw(member, into: &svg, point: point, radius: radius) }
        }
    }

    private static func format(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }
}
