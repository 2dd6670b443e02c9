extension Configuration {
    /// `[dimming]`: an optional program that dims the lights during a session.
    public struct Dimming: Equatable, Sendable {
        /// `dimming.hook`: the executable to run; nil means no dimming.
        public var hook: String?
        /// `dimming.from`: brightness percent at the start, 0 to 100.
        public var from: Int
        /// `dimming.to`: brightness percent at the end, 0 to 100, never
        /// above `from` (levels only go down during a session).
        public var to: Int
        /// `dimming.duration`: how long the dimming takes; nil means as long
        /// as the guided part (`session.duration`).
        public var duration: Duration?
        /// `dimming.interval`: time between hook calls; zero hands the whole
        /// transition to one call, for lights that fade by themselves.
        public var interval: Duration
        /// `dimming.timeout`: a hook call still running after this is killed.
        public var timeout: Duration
        /// `dimming.offset`: when the dimming starts, in session time (pauses
        /// excluded) from the session's start.
        public var offset: Duration
        /// `dimming.curve`: how the level falls from `from` to `to`.
        public var curve: DimmingCurve

        /// The dimming's length for a guided part of `guidedLength`.
        public func effectiveDuration(guidedLength: Duration) -> Duration {
            duration ?? guidedLength
        }
    }
}
