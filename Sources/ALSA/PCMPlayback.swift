import CALSA

/// An open ALSA playback PCM. Owns the `snd_pcm_t` handle and closes it on deinit.
///
/// Not thread-safe: one thread (the audio thread) uses it at a time.
public final class PCMPlayback {
    public let device: String
    public private(set) var configuration: PlaybackConfiguration
    private let handle: OpaquePointer

    /// Opens `device` for playback and negotiates the closest setup the device accepts.
    public init(device: String, request: PlaybackRequest) throws(ALSAError) {
        _ = Self.quietLibrary
        var pcm: OpaquePointer?
        try check(snd_pcm_open(&pcm, device, SND_PCM_STREAM_PLAYBACK, 0), "snd_pcm_open", device: device)
        guard let pcm else { throw ALSAError(code: -1, call: "snd_pcm_open", device: device) }
        self.device = device
        self.handle = pcm
        do {
            self.configuration = try HardwareNegotiation.apply(request, to: pcm, device: device)
            try Self.applySoftwareParameters(pcm, configuration, device: device)
            try check(snd_pcm_prepare(pcm), "snd_pcm_prepare", device: device)
        } catch {
            snd_pcm_close(pcm)
            throw error
        }
    }

    deinit { snd_pcm_close(handle) }

    /// Installed once: alsa-lib's own stderr messages off (errors reach the caller typed).
    private static let quietLibrary: Void = winddown_silence_alsa_errors()

    /// Writes interleaved frames in the negotiated format, blocking until the
    /// device has room. Returns how many frames it took (may be fewer on a signal).
    public func write(_ bytes: UnsafeRawPointer, frames: Int) throws(ALSAError) -> Int {
        let written = snd_pcm_writei(handle, bytes, snd_pcm_uframes_t(frames))
        return Int(try check(written, "snd_pcm_writei", device: device))
    }

    /// Frames written but not yet heard.
    public func delay() throws(ALSAError) -> Int {
        var frames: snd_pcm_sframes_t = 0
        try check(snd_pcm_delay(handle, &frames), "snd_pcm_delay", device: device)
        return max(0, Int(frames))
    }

    /// Gets the stream going again after an underrun.
    public func prepare() throws(ALSAError) {
        try check(snd_pcm_prepare(handle), "snd_pcm_prepare", device: device)
    }

    /// Resumes after a system suspend. Throws `isWouldBlock` while the
    /// device is still waking; devices without resume support need `prepare()`.
    public func resume() throws(ALSAError) {
        try check(snd_pcm_resume(handle), "snd_pcm_resume", device: device)
    }

    /// Plays out what is buffered, then stops.
    public func drain() throws(ALSAError) {
        try check(snd_pcm_drain(handle), "snd_pcm_drain", device: device)
    }

    /// Stops at once, discarding what is buffered.
    public func drop() {
        snd_pcm_drop(handle)
    }

    private static func applySoftwareParameters(
        _ pcm: OpaquePointer, _ config: PlaybackConfiguration, device: String
    ) throws(ALSAError) {
        var params: OpaquePointer?
        try check(winddown_sw_params_malloc(&params), "snd_pcm_sw_params_malloc", device: device)
        defer { snd_pcm_sw_params_free(params) }
        try check(snd_pcm_sw_params_current(pcm, params), "snd_pcm_sw_params_current", device: device)
        // Start once the buffer is nearly full, so playback begins with a full cushion.
        let threshold = snd_pcm_uframes_t(max(config.periodFrames, config.bufferFrames - config.periodFrames))
        try check(
            snd_pcm_sw_params_set_start_threshold(pcm, params, threshold),
            "snd_pcm_sw_params_set_start_threshold", device: device)
        try check(
            snd_pcm_sw_params_set_avail_min(pcm, params, snd_pcm_uframes_t(config.periodFrames)),
            "snd_pcm_sw_params_set_avail_min", device: device)
        try check(snd_pcm_sw_params(pcm, params), "snd_pcm_sw_params", device: device)
    }
}
