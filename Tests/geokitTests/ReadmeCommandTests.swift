import Foundation
import TestSupport
import Testing

/// Every `geokit` example of the README's command-line section runs as written, in the
/// repository's folder layout, and succeeds.
@Suite struct ReadmeCommandTests {
    /// The commands of the ```sh blocks under "## The command line", continuation lines
    /// joined and trailing comments removed.
    static func commands() throws -> [String] {
        let readme = try String(contentsOfFile: Paths.repository + "/README.md", encoding: .utf8)
        guard let section = readme.range(of: "## The command line") else { return [] }
        let rest = readme[section.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var commands: [String] = []
        var inBlock = false, pending = ""
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock = line == "```sh"
                continue
            }
            guard inBlock else { continue }
            var text = String(line)
            if let comment = text.range(of: #"\s{2,}#.*$"#, options: .regularExpression) { text.removeSubrange(comment) }
            text = text.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("\\") {
                pending += text.dropLast() + " "
                continue
            }
            let command = pending + text
            pending = ""
            if !command.isEmpty { commands.append(command) }
        }
        return commands
    }

    @Test func everyExampleRuns() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 25, "\(commands)")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/Fixtures", withDestinationPath: Paths.repository + "/Fixtures")
        try FileManager.default.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory + "/bin/geokit", withDestinationPath: CLITests.geokit)
        let path = directory + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for command in commands {
            let result = try run("/bin/sh", ["-c", "cd '\(directory)' && mkdir -p out && export PATH='\(path)' && \(command)"])
            #expect(result.status == 0, "\(command)\n\(result.stderr)")
            #expect(!result.stdout.isEmpty || command.contains(" convert ") || command.contains(" reproject ") || command.contains(" geocode "), "\(command) printed nothing")
        }
    }
}
