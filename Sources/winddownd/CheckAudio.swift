import ArgumentParser
import WinddownCore
import WinddownDaemon

extension Winddownd {
    struct CheckAudio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-audio",
            abstract: "Open the ALSA device a session would use and report the format it accepted.")

        @OptionGroup var options: CommonOptions

        @Option(help: "ALSA PCM to try (default: audio.device from the configuration).")
        var device: String?

        func run() throws {
            let configuration = try options.loadConfiguration()
            do {
                print(try DeviceCheck.run(device: device ?? configuration.audio.device))
            } catch {
                print(error.description)
                throw ExitCode(2)
            }
        }
    }
}
