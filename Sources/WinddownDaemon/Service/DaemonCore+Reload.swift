import Clocks
import Logging
import Synchronization
import WinddownCore

extension DaemonCore {
    /// Re-reads the configuration. A valid one replaces the old (a playing
    /// session keeps its routine and timeline and takes the new volume); an
    /// invalid one is refused and the old one stays.
    public func reload() throws(RefusedRequest) {
        observer(.reloading)
        do {
            try applyReload()
            observer(.reloaded(failure: nil))
        } catch {
            observer(.reloaded(failure: error.description))
            throw error
        }
    }

    private func applyReload() throws(RefusedRequest) {
        func refused(_ reason: String) -> RefusedRequest {
            logger.error("reload refused, keeping the old configuration: \(reason)")
            return RefusedRequest("configuration not reloaded, the old one stays: \(reason)")
        }
        let loaded: (Configuration, String?)
        do {
            loaded = try locator.load()
        } catch {
            throw refused(ProblemLines.joined(error.problems.map(\.description)))
        }
        let problems = ConfigurationCheck.problems(in: loaded.0, file: loaded.1 ?? "built-in defaults")
        guard problems.isEmpty else { throw refused(ProblemLines.joined(problems)) }
        if let scheduler {
            do { try scheduler.reconfigure(loaded.0.schedule) } catch { throw refused("\(error)") }
        }
        state.withLock { state in
            state.configuration = loaded.0
            state.configurationPath = loaded.1
        }
        try submit(.reload(volume: loaded.0.audio.volume, maximumVolume: loaded.0.audio.maxVolume))
        logger.info("configuration reloaded from \(loaded.1 ?? "built-in defaults")")
    }
}
