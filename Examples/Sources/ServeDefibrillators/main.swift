// Cologne's defibrillators as an OGC API – Features service with a "nearest" page, in
// an app of your own: QGIS and GDAL read it, people open it in a browser.
//   swift run --package-path Examples ServeDefibrillators   (then open the printed URL)
import GeoKit
import GeoServer

do {
    let register = try GeoJSON.readLayer(atPath: "Fixtures/aed/koeln_aed_register.geojson")
    let service = try FeatureService(
        collections: [ServedCollection(id: "aed", store: LayerStore(register), title: "Defibrillators in Köln")],
        configuration: .init(title: "Köln schockt", language: "de"))

    // The service answers requests without a network too, as tests ask it.
    let answer = await service.respond(to: ServiceRequest(target: "/collections/aed/nearest?lon=6.9583&lat=50.9413&k=1"))
    print(answer.text.prefix(160))

    try await FeatureServer(service: service, port: 0).run { port in
        print("serving at http://127.0.0.1:\(port)/collections/aed/nearest?f=html  (Ctrl-C stops)")
    }
} catch {
    print("error: \(error)")
}
