/// Anything that produces audio for the mix bus.
///
/// The mix bus is interleaved stereo 32-bit float (`L R L R …`) at the
/// engine's sample rate. A source is created off the audio thread, then
/// handed to it and used only there: `render` must not allocate, lock,
/// log or touch the disk.
public protocol SoundSource: AnyObject {
    /// Writes `frameCount` stereo frames into `buffer` (which holds at least
    /// `2 * frameCount` floats), replacing what was there.
    ///
    /// - Returns: the number of frames produced. Fewer than `frameCount`
    ///   means the source has ended; the frames after them are zero.
    func render(into buffer: UnsafeMutablePointer<Float>, frameCount: Int) -> Int
}

/// A cue that can keep going past its planned end while the session holds
/// a step (the breathing tone). Set and read on the audio thread only.
public protocol SustainableSource: SoundSource {
    /// True: do not end; false again: finish gently and end.
    var isSustained: Bool { get set }
}
