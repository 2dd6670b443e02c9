/// What drives a mix over time: a session's timeline. The mixer asks it
/// for the next frame on the *timeline clock* at which something happens,
/// stops its block exactly there, and lets it act. Runs on the audio
/// thread: no waiting, no allocation beyond adding channels.
public protocol MixProgram: AnyObject {
    /// The first timeline frame at or after `frame` with something to do, if any.
    func nextEventFrame(atOrAfter frame: Int64) -> Int64?
    /// The timeline has reached `frame`: start what begins here.
    func fire(at frame: Int64, mixer: Mixer)
}
