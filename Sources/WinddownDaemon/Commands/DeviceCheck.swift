import ALSA

/// `winddownd check-audio`: opens the ALSA device the way a session would
/// and says what it agreed to, or why it could not be opened.
public enum DeviceCheck {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// One line describing the negotiated setup.
    public static func run(device: String) throws(Failure) -> String {
        do {
            let pcm = try PCMPlayback(device: device, request: PlaybackRequest())
            return "ALSA device \"\(device)\": \(pcm.configuration)"
        } catch {
            throw Failure(description: "cannot open ALSA device \"\(device)\": \(error.message) (\(error.call))")
        }
    }
}
