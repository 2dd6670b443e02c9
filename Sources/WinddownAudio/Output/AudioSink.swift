/// Where the finished mix goes: interleaved stereo floats at `sampleRate`.
/// After MPD's output plugins: open, play, delay, drain, close.
public protocol AudioSink: AnyObject {
    /// The rate the mix must run at, once open.
    var sampleRate: Int { get }
    /// Takes all `frames` frames, blocking as long as the device needs.
    func write(_ samples: UnsafePointer<Float>, frames: Int) throws
    /// Frames taken but not yet heard.
    func delayFrames() -> Int
    /// Lets everything written be heard, then closes.
    func finish() throws
}
