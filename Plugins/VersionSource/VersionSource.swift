import Foundation
import PackagePlugin

/// Turns the package's VERSION file into WinddownCore's `WinddownVersion`,
/// so the release number lives in one place: the file `make deb` also reads.
@main
struct VersionSource: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let versionFile = root.appending(path: "VERSION")
        let script = root.appending(path: "scripts/version-source.sh")
        let output = context.pluginWorkDirectoryURL.appending(path: "WinddownVersion.swift")
        return [
            .buildCommand(
                displayName: "Writing WinddownVersion.swift from VERSION",
                executable: URL(filePath: "/bin/sh"),
                arguments: [script.path(percentEncoded: false), versionFile.path(percentEncoded: false),
                            output.path(percentEncoded: false)],
                inputFiles: [versionFile, script],
                outputFiles: [output])
        ]
    }
}
