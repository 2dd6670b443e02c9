/// Things the audio thread reports. It never logs itself (logging may
/// block); these go through a mailbox to a reporter thread that does.
public enum EngineEvent: Sendable, Equatable {
    case deviceOpened(device: String, configuration: String)
    case deviceUnavailable(device: String, reason: String, retryInSeconds: Double)
    case deviceLost(device: String, reason: String)
    case underrunsRecovered(device: String, total: Int)
    case finished(playedFrames: Int64)
    /// A live engine started, keeping to the clock at this speed.
    case paced(speed: Int)
}
