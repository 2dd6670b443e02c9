/// A spoken prompt placed on the timeline.
public struct TimelinePrompt: Sendable, Equatable {
    /// What a prompt is for within its step.
    public enum Role: String, Sendable, Equatable {
        /// The step's `text`, at its start (after the chime when chimed).
        case opening
        /// A per-foot step's `switch_text`, at the right foot's half start.
        case switchFoot
        /// The step's `end_text`, finishing `endCueLead` before the step (or half) ends.
        case ending
        /// The health caution that opens a session (`session.caution`).
        case caution
    }

    public var text: String
    public var role: Role
    /// Index in `SessionTimeline.steps` of the step (or half) it belongs to.
    public var step: Int
    /// Where the prompt wanted to start; `start` is later when an earlier
    /// prompt was still speaking.
    public var requestedStart: Int64
    public var start: Int64
    /// Length of the clip in frames; 0 without a clip.
    public var length: Int64
    /// False when there is no clip for the text (no TTS engine): the prompt
    /// keeps its place (and `status` can still show it) but says nothing.
    public var hasAudio: Bool

    public init(
        text: String, role: Role, step: Int, requestedStart: Int64, start: Int64, length: Int64, hasAudio: Bool
    ) {
        self.text = text
        self.role = role
        self.step = step
        self.requestedStart = requestedStart
        self.start = start
        self.length = length
        self.hasAudio = hasAudio
    }

    public var end: Int64 { start + length }
    /// How far an earlier, longer prompt pushed this one back.
    public var delay: Int64 { start - requestedStart }
}
