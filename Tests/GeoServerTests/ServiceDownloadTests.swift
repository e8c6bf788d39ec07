import Foundation
import GeoKit
@testable import GeoServer
import TestSupport
import Testing

/// INSPIRE download-service links: enclosures with their size, the metadata record as
/// describedby, the feature concept as tag; downloads only by name.
@Suite struct ServiceDownloadTests {
    typealias T = ServiceTesting

    static func service() throws -> (FeatureService, String) {
        let folder = try temporaryDirectory()
        try Data("<wfs:FeatureCollection><wfs:member><us-govserv:GovernmentalService gml:id=\"a\"/></wfs:member></wfs:FeatureCollection>".utf8)
            .write(to: URL(fileURLWithPath: folder + "/koeln-aed.gml"))
        try Data("<gmd:MD_Metadata/>".utf8).write(to: URL(fileURLWithPath: folder + "/koeln-aed.metadata.xml"))
        let aed = try GeoJSON.readLayer(atPath: Paths.fixture("aed/koeln_aed_register.geojson"))
        let collection = ServedCollection(id: "aed", store: LayerStore(aed), downloads: try ServedDownload.all(inFolder: folder))
        var configuration = FeatureService.Configuration()
        configuration.links = [ServiceLink(href: "https://www.govdata.de/dl-de/by-2-0", rel: "license", type: "text/html")]
        return (try FeatureService(collections: [collection], configuration: configuration), folder)
    }

    @Test func theCollectionLinksItsDownloadsRecordAndFeatureConcept() async throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let collection = T.json(await T.get("/collections/aed", on: service))
        let links = collection["links"] as? [[String: Any]] ?? []
        let enclosure = try #require(links.first { $0["rel"] as? String == "enclosure" })
        #expect(enclosure["href"] as? String == "http://test.example:8080/collections/aed/downloads/koeln-aed.gml")
        #expect(enclosure["type"] as? String == "application/gml+xml; version=3.2" && enclosure["length"] as? Int == 116)
        #expect(T.link("describedby", type: "application/xml", in: collection) == "http://test.example:8080/collections/aed/downloads/koeln-aed.metadata.xml")
        #expect(T.link("tag", in: collection) == "https://inspire.ec.europa.eu/featureconcept/GovernmentalService")
        let all = T.json(await T.get("/collections", on: service))
        #expect(T.link("describedby", type: "application/xml", in: all)?.hasSuffix("/downloads/koeln-aed.metadata.xml") == true)
        #expect(T.link("license", in: all) == "https://www.govdata.de/dl-de/by-2-0")
    }

    @Test func aDownloadIsItsFileAndHeadGivesItsLength() async throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let get = await T.get("/collections/aed/downloads/koeln-aed.gml", on: service)
        #expect(get.status == 200 && get.file == folder + "/koeln-aed.gml" && get.header("Content-Length") == "116")
        #expect(get.header("Content-Type") == "application/gml+xml; version=3.2")
        let head = await T.get("/collections/aed/downloads/koeln-aed.gml", method: "HEAD", on: service)
        #expect(head.status == 200 && head.file == nil && head.body.isEmpty && head.header("Content-Length") == "116")
        for name in ["nothing.gml", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd"] {
            let missing = await T.get("/collections/aed/downloads/\(name)", on: service)
            #expect(missing.status == 404 && missing.file == nil, "\(name)")
        }
        #expect(throws: ServiceProblem.self) { try ServedDownload(path: folder + "/absent.gml") }
        #expect(throws: ServiceProblem.self) { try ServedDownload.all(inFolder: folder + "/absent") }
    }
}
