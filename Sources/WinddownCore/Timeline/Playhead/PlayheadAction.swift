/// What the session driver must do after a playhead operation.
public enum PlayheadAction: Sendable, Equatable {
    /// Paused at this timeline frame: fade the output out (voice, tone and
    /// bed alike); the timeline stands still until `resume()`.
    case fadeOut(at: Int64)
    /// Resumed at this timeline frame: fade the output back in.
    case fadeIn(at: Int64)
    /// The timeline position moved from `from` to `to`. `droppedEvents` had
    /// begun before `from` and were still going (a prompt mid-sentence, its
    /// duck window, a breathing tone): stop them. Events after `to` come
    /// from the playhead's queries as usual.
    case jump(from: Int64, to: Int64, droppedEvents: [TimelineEvent])
}

/// Why a playhead operation was refused; `message` is fit to show on the
/// control socket. The playhead is unchanged when one is thrown.
public struct PlayheadError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        public static let alreadyPaused = Code(description: "already-paused")
        public static let notPaused = Code(description: "not-paused")
        public static let inTail = Code(description: "in-tail")
        public static let sessionOver = Code(description: "session-over")
    }

    public let code: Code
    public let message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static let alreadyPaused = PlayheadError(code: .alreadyPaused, message: "the session is already paused")
    static let notPaused = PlayheadError(code: .notPaused, message: "the session is not paused")
    static let inTail = PlayheadError(
        code: .inTail, message: "the guided part is over; only the sleep sound is left, nothing to skip")
    static let sessionOver = PlayheadError(code: .sessionOver, message: "the session has ended")
}
