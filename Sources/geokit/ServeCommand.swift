import ArgumentParser
import Dispatch
import Foundation
import GeoKit
import GeoServer
import Logging

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve layers as an OGC API – Features service with HTML pages and a nearest endpoint.",
        discussion: """
        Every layer becomes a collection: each table of a GeoPackage, each other file read once into memory with an index. \
        Stops gracefully on Ctrl-C or SIGTERM.
        Example: geokit serve aed.geojson schools.gpkg --port 8080
        """
    )

    @Argument(help: "The layers: any file convert reads (GeoJSON, CSV, GeoPackage, Shapefile, also zipped).")
    var inputs: [String]

    @Option(help: "The address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every network.")
    var host = "127.0.0.1"

    @Option(help: "The port; 0 chooses a free one (the first line printed names it).")
    var port = 8080

    @Flag(help: "Let browser apps of any origin read the answers (CORS).")
    var cors = false

    @Option(help: "The title of the landing page.")
    var title = "GeoKit feature service"

    @Option(help: "The description of the landing page.")
    var description = "Open geodata served by GeoKit as OGC API – Features."

    @Option(help: "The language of the service's texts (Content-Language), e.g. de or en.")
    var language = "en"

    @Option(help: "The URL links start with when the server sits behind a proxy (e.g. https://geo.example.org/api).")
    var publicURL: String?

    @Option(help: "The largest page of features.")
    var maximumLimit = 10_000

    @Option(help: "The longest a request may take, in seconds, before it is answered 503.")
    var timeLimit = 30.0

    @Option(help: "Request logs on standard error: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(help: ArgumentHelp("Files a collection offers for download, linked from it (INSPIRE download service): COLLECTION=FOLDER, e.g. the folder of `geokit inspire export`. Repeatable.", valueName: "collection=folder"))
    var downloads: [String] = []

    @Option(help: "The licence of the data, as a URL (a license link on the landing page and /collections).")
    var license: String?

    @OptionGroup var addressOptions: AddressIndexOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard maximumLimit >= 10 else { throw ValidationError("--maximum-limit must be at least 10") }
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical") }
    }

    func run() throws {
        let addresses = try addressOptions.addresses.map { _ in try addressOptions.index(command: "serve") }
        var collections: [ServedCollection] = []
        var taken: Set<String> = []
        for input in inputs {
            for store in try FeatureStores.open(path: input) {
                if let layerStore = store as? LayerStore {
                    for warning in layerStore.warnings.prefix(5) { printError("geokit serve: \(warning)") }
                    if layerStore.warnings.count > 5 {
                        printError("geokit serve: \(input): … and \(layerStore.warnings.count - 5) more warnings (geokit info --warnings all \(input) lists them)")
                    }
                }
                var id = ServedCollection.identifier(for: store.schema.name)
                if taken.contains(id) {
                    var number = 2
                    while taken.contains("\(id)_\(number)") { number += 1 }
                    id = "\(id)_\(number)"
                }
                taken.insert(id)
                collections.append(ServedCollection(id: id, store: store, addresses: addresses))
            }
        }
        for entry in downloads {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let position = collections.firstIndex(where: { $0.id == parts[0] }) else {
                throw CLIError("--downloads takes COLLECTION=FOLDER with a collection of this service (\(collections.map(\.id).joined(separator: ", "))), got \"\(entry)\"")
            }
            do { collections[position].downloads += try ServedDownload.all(inFolder: parts[1]) } catch { throw CLIError(error.detail) }
        }
        var configuration = FeatureService.Configuration(title: title, description: description, language: language,
                                                         maximumLimit: maximumLimit)
        if let license { configuration.links.append(ServiceLink(href: license, rel: "license", type: "text/html", title: "Licence of the data")) }
        let service: FeatureService
        do { service = try FeatureService(collections: collections, configuration: configuration) } catch {
            throw CLIError(error.detail)
        }
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let server = FeatureServer(service: service, host: host, port: port, allowsCrossOrigin: cors,
                                   requestTimeLimit: .milliseconds(Int(timeLimit * 1000)), publicURL: publicURL)
        // The server stops itself on SIGINT and SIGTERM, answering requests in flight first.
        StopSignals.handOver()
        let ids = collections.map(\.id).joined(separator: ", "), count = collections.count
        let host = host
        let outcome = blockingRun {
            try await server.run { port in
                let shown = host.contains(":") ? "[\(host)]" : host
                printLine("geokit serve: \(count) collections (\(ids)) at http://\(shown):\(port)/")
            }
        }
        if case .failure(let error) = outcome { throw CLIError("cannot serve on \(host):\(port): \(error)") }
    }
}

/// Runs async work to its end from synchronous code (the command line's entry point is
/// synchronous).
func blockingRun(_ work: @escaping @Sendable () async throws -> Void) -> Result<Void, any Error> {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox()
    Task {
        do { try await work() } catch { box.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return box.result
}

private final class ResultBox: @unchecked Sendable {
    // @unchecked: `stored` is written once before the semaphore is signalled and read after.
    private var stored: Result<Void, any Error> = .success(())
    func set(_ result: Result<Void, any Error>) { stored = result }
    var result: Result<Void, any Error> { stored }
}

/// Prints one line to standard output at once (a script waiting for the server's
/// address reads it while the server runs).
func printLine(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    bytes.withUnsafeBytes { buffer in _ = write(1, buffer.baseAddress, buffer.count) }
}
