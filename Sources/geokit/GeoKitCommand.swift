import ArgumentParser
import GeoKit

@main
struct GeoKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geokit",
        abstract: "Open geodata toolkit: inspect, query, reproject and convert layers.",
        subcommands: [InfoCommand.self]
    )
}
