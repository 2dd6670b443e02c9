extension Configuration {
    /// `[session]`: what one session plays and for how long.
    public struct Session: Equatable, Sendable {
        /// `session.routine`: the guided routine to follow.
        public var routine: RoutineReference
        /// `session.duration`: length of the guided part, 5 to 60 minutes.
        public var duration: Duration
        /// `session.fade_out`: after the guided part the sleep sound goes on
        /// and fades to silence over this long (0 s to 3 h).
        public var fadeOut: Duration
        /// `session.caution`: when a session opens with the spoken health caution.
        public var caution: CautionPolicy
        /// `session.inhibit_sleep`: while a session plays, logind is asked
        /// not to suspend the machine or act on idle.
        public var inhibitSleep: Bool

        public init(
            routine: RoutineReference, duration: Duration, fadeOut: Duration, caution: CautionPolicy = .first,
            inhibitSleep: Bool = true
        ) {
            self.routine = routine
            self.duration = duration
            self.fadeOut = fadeOut
            self.caution = caution
            self.inhibitSleep = inhibitSleep
        }
    }
}

/// The values of `session.caution`.
public enum CautionPolicy: String, Hashable, Sendable, CaseIterable {
    /// Until a session in the history has played it through.
    case first
    /// Before every session.
    case always
    /// Never.
    case off

    /// Whether a session opens with the caution, given whether an earlier one played it through.
    public func applies(cautionHeard: Bool) -> Bool {
        switch self {
        case .first: !cautionHeard
        case .always: true
        case .off: false
        }
    }
}

/// How `session.routine` names a routine: by name, looked up in the routines
/// folder, or by a path to a routine file.
public enum RoutineReference: Hashable, Sendable, CustomStringConvertible {
    /// A routine from the routines folder, such as `"foot-massage"`.
    case named(String)
    /// A routine file given by its path.
    case file(path: String)

    /// Any value containing a `/` is a path (write `./mine.toml` for a file
    /// in the current folder); anything else is a name. Returns nil for a
    /// blank value, which names nothing.
    public init?(parsing text: String) {
        if text.allSatisfy(\.isWhitespace) { return nil }
        self = text.contains("/") ? .file(path: text) : .named(text)
    }

    /// The value as written in the configuration.
    public var description: String {
        switch self {
        case .named(let name): name
        case .file(let path): path
        }
    }
}
