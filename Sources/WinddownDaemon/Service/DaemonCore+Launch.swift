import Logging
import Synchronization
import WinddownAudio
import WinddownCore

/// Getting a session ready: its prompts spoken, its mix laid out, its engine and lights started.
extension DaemonCore {
    func launch(_ configuration: Configuration, path: String?, session: String, logger: Logger) throws -> RunningSession {
        let prepared = try PreparedSession.prepareSynchronously(
            configuration: configuration, seed: UInt64.random(in: 1...UInt64.max),
            cautionHeard: history?.cautionHeard ?? false, logger: logger
        ) {
            Self.speakMissingPrompts(configurationPath: path, routine: configuration.session.routine, logger: logger)
        }
        let dimming = DimmingSettings(
            configuration.dimming, configurationPath: path ?? locator.path, stateFolder: history?.folder, session: session, logger: logger)
        let speed = state.withLock { $0.controller.rules.speed }
        return try RunningSession.start(
            prepared, dimming: dimming, snapcast: configuration.snapcast, speed: speed, logger: logger,
            observer: { [weak self] event in
            guard let self else { return }
            switch event {
            case .deviceLost, .deviceUnavailable: _ = try? self.submit(.deviceLost)
            case .deviceOpened: _ = try? self.submit(.deviceBack)
            case .finished: self.wake.signal()
            case .underrunsRecovered, .paced: break
            }
        }, roomsChanged: { [weak self] in self?.observer(.changed) })
    }

    /// Runs `winddownd prepare-voice` to speak the prompts that have no clip
    /// yet into the cache (it uses swift-subprocess, and with it Swift's
    /// worker pool, which this long-lived process keeps out of).
    private static func speakMissingPrompts(configurationPath: String?, routine: RoutineReference, logger: Logger) {
        guard let executable = ChildProcess.ownExecutable() else { return }
        var arguments = ["prepare-voice", "--routine", routine.description]
        if let configurationPath { arguments += ["--config", configurationPath] }
        let status = ChildProcess.run(executable, arguments, timeoutSeconds: 300)
        if status != 0 { logger.error("speaking the routine's new prompts failed (\(status.map { "exit \($0)" } ?? "killed or not started"))") }
    }
}
