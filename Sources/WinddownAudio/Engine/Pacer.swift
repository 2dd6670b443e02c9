import Clocks
import WinddownCore

/// How a live engine keeps to the clock.
public struct Pacing: Sendable, Equatable {
    /// Session seconds per wall second: 1, or more on purpose (`--speed`).
    public var speed: Int
    /// How far ahead of the clock the engine may write: a device that takes
    /// audio early (ALSA `null`, the `file` plugin) gets no more than this.
    public var lead: Duration
    /// Once ahead by `lead`, the engine sleeps until it is this much less
    /// ahead: a few wake-ups a second, not one per block.
    public var slack: Duration

    public init(speed: Int = 1, lead: Duration = .seconds(1), slack: Duration = .milliseconds(250)) {
        self.speed = max(1, speed)
        self.lead = lead
        self.slack = min(slack, lead)
    }
}

/// Where the output should be by now on the monotonic clock, counted in
/// output frames from the moment playback began.
struct Pacer {
    let origin: Duration
    let sampleRate: Int
    let lead: Int64
    let slack: Int64

    init(origin: Duration, sampleRate: Int, pacing: Pacing) {
        self.origin = origin
        self.sampleRate = max(1, sampleRate)
        lead = pacing.lead.frames(atSampleRate: self.sampleRate)
        slack = pacing.slack.frames(atSampleRate: self.sampleRate)
    }

    /// Output frames the clock has run through at `now`.
    func target(at now: Duration) -> Int64 { max(0, (now - origin).frames(atSampleRate: sampleRate)) }

    /// The instant the clock reaches output frame `frame`.
    func instant(of frame: Int64) -> Duration { origin + Duration(frames: frame, sampleRate: sampleRate) }

    /// After `written` output frames: the instant to sleep until, when the
    /// output is more than `lead` ahead of the clock.
    func wakeUp(afterWriting written: Int64, at now: Duration) -> Duration? {
        guard written - target(at: now) > lead else { return nil }
        return instant(of: written - lead + slack)
    }
}
