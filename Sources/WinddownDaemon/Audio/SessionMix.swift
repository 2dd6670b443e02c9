public import WinddownAudio
public import WinddownCore

/// The mix of one session at a given rate: the mixer (with the sleep sound
/// and the timeline's program), where it ends, and the prompt stage that
/// must be kept ahead of it.
public struct SessionMix {
    public let mixer: Mixer
    public let endFrame: Int64
    public let timeline: SessionTimeline
    public let stage: PromptStage
    public let program: SessionProgram
}
