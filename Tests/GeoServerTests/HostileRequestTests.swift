import Foundation
import GeoKit
@testable import GeoServer
import TestSupport
import Testing

/// Thousands of malformed, hostile and random requests: every one gets an answer (200,
/// 400, 404 or 405) with a body in its declared format, never a crash or a 500.
@Suite struct HostileRequestTests {
    typealias T = ServiceTesting

    static let paths = ["/", "/api", "/conformance", "/collections", "/collections/points", "/collections/points/items",
                        "/collections/points/items/1", "/collections/points/queryables", "/collections/aed/nearest",
                        "/collections/aed/items/%00", "/collections/%2e%2e/items", "//collections//points//items", "/collections/points/items/",
                        "/collections/points/items/1/2", "/%ff%fe", "/collections/" + String(repeating: "a", count: 5000)]
    static let names = ["limit", "offset", "cursor", "bbox", "bbox-crs", "crs", "datetime", "filter", "filter-lang", "filter-crs", "f",
                        "lon", "lat", "k", "within", "open-now", "address", "plz", "count", "name", "share", "open", "", "%", "limit%00"]
    static let values = ["", "0", "-1", "1e309", "NaN", "inf", "99999999999999999999", "1,2,3,4", "1,2,3,4,5,6", ",,,", "a,b,c,d",
                         "7,51,6,50", "-180,-90,180,90", "EPSG:4326", "[EPSG:25832]", "http://www.opengis.net/def/crs/EPSG/0/3035",
                         "2024-02-30", "2024-01-01/..", "../..", "2024-01-01T25:00:00Z", "name = 'x'", "name LIKE '%'", "((((((",
                         "NOT NOT NOT name IS NULL", "count > 'x' OR share < 1e400", String(repeating: "(", count: 200) + "a = 1",
                         "0.seven", "5.at:5", "-1.id:-5", "html", "json", "xml", "%E2%9C%93", "%ZZ", "+", "%2B", "a&b=c", "true",
                         String(repeating: "x", count: 10_000), "'; DROP TABLE points; --", "<script>", "\u{0}", "Domkloster 4"]

    @Test func randomRequestsAlwaysGetAnAnswerInTheirFormat() async {
        var random = RandomStream(seed: 16)
        var statuses: [Int: Int] = [:]
        for _ in 0..<1_500 {
            let path = Self.paths[random.next(below: Self.paths.count)]
            var pairs: [String] = []
            for _ in 0..<random.next(below: 5) {
                let name = Self.names[random.next(below: Self.names.count)]
                let value = Self.values[random.next(below: Self.values.count)]
                pairs.append("\(name)=\(random.next(below: 2) == 0 ? PercentEncoding.encode(value) : value)")
            }
            let target = path + (pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&"))
            let method = ["GET", "GET", "GET", "HEAD", "POST", "DELETE"][random.next(below: 6)]
            let response = await T.get(target, method: method)
            statuses[response.status, default: 0] += 1
            #expect([200, 400, 404, 405].contains(response.status), "\(method) \(target.prefix(300)): \(response.status) \(response.text.prefix(300))")
            guard method != "HEAD" else { continue }
            let type = response.header("Content-Type") ?? ""
            if type.contains("json") {
                #expect((try? JSONSerialization.jsonObject(with: Data(response.body))) != nil, "\(target.prefix(300)): not JSON")
            } else {
                #expect(type.hasPrefix("text/html") && response.text.hasSuffix("</html>\n"), "\(target.prefix(300)): \(type)")
            }
        }
        // The mix reached every kind of answer.
        #expect(statuses[200, default: 0] > 50 && statuses[400, default: 0] > 50 && statuses[404, default: 0] > 50 && statuses[405, default: 0] > 50, "\(statuses)")
    }
}
