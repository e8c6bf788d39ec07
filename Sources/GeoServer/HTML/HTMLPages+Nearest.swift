import GeoCore
import GeoQuery

extension HTMLPages {
    /// The "nearest" page: a form (position, address, the browser's own position) and,
    /// once asked, the nearest features with their distances and a map.
    static func nearest(_ collection: ServedCollection, parameters: NearestRequest, neighbors: [Neighbor],
                        service: FeatureService, request: ServiceRequest) -> ServiceResponse {
        var page = HTMLDocument()
        let path = "/collections/\(collection.id)/nearest"
        let value = { (name: String) in HTMLDocument.escape(request.parameter(name) ?? "") }
        page.raw("""
        <form method="get" action="\(request.baseURL)\(path)">
        <input type="hidden" name="f" value="html">
        <label for="lon">Longitude (WGS 84 degrees)</label><input id="lon" name="lon" inputmode="decimal" value="\(value("lon"))">
        <label for="lat">Latitude (WGS 84 degrees)</label><input id="lat" name="lat" inputmode="decimal" value="\(value("lat"))">
        """)
        if collection.addresses != nil {
            page.raw("<label for=\"address\">Or an address</label><input id=\"address\" name=\"address\" size=\"40\" value=\"\(value("address"))\">")
        }
        page.raw("""
        <label for="k">How many</label><input id="k" name="k" type="number" min="1" max="\(service.configuration.maximumNearest)" value="\(request.parameter("k").map(HTMLDocument.escape) ?? "3")">
        <label><input type="checkbox" name="open-now" value="true"\(parameters.openNow ? " checked" : "")> Only those open and public now</label>
        <button type="submit">Find the nearest</button>
        <button type="button" id="here">Use my position</button>
        </form>
        <p id="status" role="status"></p>
        <script>
        document.getElementById('here').addEventListener('click', function () {
          var status = document.getElementById('status');
          if (!navigator.geolocation) { status.textContent = 'This browser cannot tell its position.'; return; }
          status.textContent = 'Asking the browser for its position…';
          navigator.geolocation.getCurrentPosition(function (p) {
            document.getElementById('lon').value = p.coords.longitude.toFixed(6);
            document.getElementById('lat').value = p.coords.latitude.toFixed(6);
            var address = document.getElementById('address'); if (address) { address.value = ''; }
            document.querySelector('form').submit();
          }, function (e) { status.textContent = 'No position: ' + e.message; });
        });
        </script>
        """)
        if let position = parameters.position {
            if let address = parameters.matchedAddress { page.element("p", "Address found: \(address)") }
            if neighbors.isEmpty {
                page.element("p", "Nothing found\(parameters.within.map { " within \(Int($0)) m" } ?? "").")
            } else {
                var geometries: [Geometry] = [.point(position)]
                geometries += neighbors.compactMap { neighbor in
                    try? service.output(neighbor.feature, of: collection, in: .crs84).geometry
                }
                page.raw(SVGMap.render(geometries, frame: nil, geographic: true, label: "The place asked and the nearest features"))
                page.raw("<table><caption>Nearest first</caption><thead><tr><th scope=\"col\">Distance</th><th scope=\"col\">Direction</th><th scope=\"col\">Feature</th></tr></thead><tbody>")
                for neighbor in neighbors {
                    let id = neighbor.feature.id.map { "\($0)" } ?? ""
                    let distance = neighbor.distance < 1000 ? "\(Int(neighbor.distance.rounded())) m" : "\((neighbor.distance / 100).rounded() / 10) km"
                    page.raw("<tr><td>\(distance)</td><td>\(compass(neighbor.azimuth)) (\(Int(neighbor.azimuth.rounded()))°)</td>")
                    page.raw("<td><a href=\"\(request.baseURL)/collections/\(collection.id)/items/\(PercentEncoding.encode(id))?f=html\">\(HTMLDocument.escape(neighbor.feature.label))</a></td></tr>")
                }
                page.raw("</tbody></table>")
            }
        }
        let json = request.query.filter { $0.name != "f" }.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" } + ["f=json"]
        return page.response(title: "Nearest: \(collection.title)", breadcrumbs: [("Home", "/"), ("Collections", "/collections"),
                                                                                  (collection.title, "/collections/\(collection.id)"), ("Nearest", "")],
                             service: service, request: request, jsonHref: parameters.position == nil ? nil : request.baseURL + path + "?" + json.joined(separator: "&"))
    }

    /// N, NE, E… for an azimuth in degrees.
    static func compass(_ azimuth: Double) -> String {
        let names = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]
        let normalized = (azimuth.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360)
        return names[Int((normalized / 45).rounded()) % 8]
    }
}
