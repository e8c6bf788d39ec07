import ArgumentParser
import GeoKit

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe layers.")
    @Argument var files: [String]
    func run() throws {}
}
