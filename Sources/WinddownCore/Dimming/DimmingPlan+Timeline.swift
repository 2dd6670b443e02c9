extension DimmingPlan {
    /// The plan for a session laid out as `timeline`, following its light cues.
    public static func make(_ dimming: Configuration.Dimming, timeline: SessionTimeline) -> DimmingPlan {
        let rate = timeline.sampleRate
        return DimmingPlan.make(
            dimming, guidedLength: Duration(frames: timeline.guidedEnd, sampleRate: rate),
            sessionLength: Duration(frames: timeline.sessionEnd, sampleRate: rate),
            cues: timeline.lightCues.map { (Duration(frames: $0.start, sampleRate: rate), $0.level) })
    }
}
