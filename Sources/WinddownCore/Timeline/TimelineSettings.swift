/// Everything besides the routine that shapes a session's timeline.
///
/// All lengths are `Duration`s here and become frames at `sampleRate` once,
/// in `SessionTimeline.make`.
public struct TimelineSettings: Sendable {
    /// Frames per second of the audio clock the timeline is measured in.
    public var sampleRate: Int
    /// `session.duration`: the guided part (5 to 60 minutes; the configuration checks the range).
    public var guided: Duration
    /// `session.fade_out`: the tail after the guided part, fading the sleep sound to silence.
    public var fadeOut: Duration
    /// The sleep sound rises from silence over this long at the start.
    public var fadeIn: Duration
    /// Length of the spoken clip for a prompt's text; nil when there is no
    /// clip (no text-to-speech engine): the prompt is still scheduled, with
    /// length 0 and `hasAudio == false`.
    public var promptDuration: @Sendable (String) -> Duration?
    /// A chimed step's prompt starts this long after the chime.
    public var chimeLead: Duration
    /// The least silence between two prompts.
    public var promptGap: Duration
    /// The sleep sound starts dipping this long before a prompt's speech.
    public var duckLead: Duration
    /// ... and comes back up this long after the speech ends.
    public var duckRelease: Duration
    /// An end cue finishes this long before the end of its step (or foot's half).
    public var endCueLead: Duration
    /// The health caution's text when this session opens with it
    /// (`session.caution`); its step comes before the routine's first.
    public var caution: String?

    public init(
        sampleRate: Int,
        guided: Duration,
        fadeOut: Duration,
        fadeIn: Duration = .seconds(8),
        promptDuration: @escaping @Sendable (String) -> Duration?,
        chimeLead: Duration = .seconds(2),
        promptGap: Duration = .milliseconds(800),
        duckLead: Duration = .milliseconds(500),
        duckRelease: Duration = .milliseconds(1200),
        endCueLead: Duration = .seconds(2),
        caution: String? = nil
    ) {
        self.sampleRate = sampleRate
        self.guided = guided
        self.fadeOut = fadeOut
        self.fadeIn = fadeIn
        self.promptDuration = promptDuration
        self.chimeLead = chimeLead
        self.promptGap = promptGap
        self.duckLead = duckLead
        self.duckRelease = duckRelease
        self.endCueLead = endCueLead
        self.caution = caution
    }

    /// `duration` in frames at this sample rate.
    public func frames(_ duration: Duration) -> Int64 {
        duration.frames(atSampleRate: sampleRate)
    }
}
