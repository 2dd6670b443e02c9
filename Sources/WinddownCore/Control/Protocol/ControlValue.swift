/// Checks of argument values, each throwing a message that names the
/// command and the argument.
enum ControlValue {
    /// A routine name (`[a-z0-9-]`, as in the routines folder) or, when it
    /// holds a `/`, a path to a routine file.
    static func routine(_ text: String, command: String = "start") throws(ControlProtocolError) -> RoutineReference {
        if text.contains("/") { return .file(path: text) }
        guard text.utf8.count <= 64,
            text.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        else {
            throw ControlProtocolError(
                .badArgument,
                "\(command): routine=\"\(text)\" is not a routine name (a-z, 0-9 and -, at most 64) or a path (with a /)")
        }
        return .named(text)
    }

    /// A duration such as `15m` within `session.duration`'s range.
    static func sessionDuration(_ text: String, command: String = "start") throws(ControlProtocolError) -> Duration {
        let duration: Duration
        do { duration = try Duration(parsing: text) } catch {
            throw ControlProtocolError(.badArgument, "\(command): duration=\"\(text)\": \(error.message)")
        }
        let range = Limits.sessionDuration
        guard range.contains(duration) else {
            throw ControlProtocolError(
                .badArgument,
                "\(command): duration must be from \(range.lowerBound.compactString) to \(range.upperBound.compactString), found \(text)")
        }
        return duration
    }

    /// `extend`'s `D` or `+D`: more than zero, at most the whole tail's cap.
    static func extensionDuration(_ text: String) throws(ControlProtocolError) -> Duration {
        let written = text.hasPrefix("+") ? String(text.dropFirst()) : text
        let duration: Duration
        do { duration = try Duration(parsing: written) } catch {
            throw ControlProtocolError(.badArgument, "extend: \"\(text)\": \(error.message); give a time such as 10m or +10m")
        }
        guard duration > .zero else {
            throw ControlProtocolError(.badArgument, "extend: the time to add must be more than zero, found \(text)")
        }
        guard duration <= Limits.maximumTail else {
            throw ControlProtocolError(
                .badArgument, "extend: the fading tail may be at most \(Limits.maximumTail.compactString) in all, found \(text)")
        }
        return duration
    }

    static func onOff(_ text: String) throws(ControlProtocolError) -> Bool {
        switch text {
        case "on": return true
        case "off": return false
        default: throw ControlProtocolError(.badArgument, "schedule: expected on or off, found \"\(text)\"")
        }
    }

    /// A whole number from 1; larger than the cap reads as the cap.
    static func historyLimit(_ text: String) throws(ControlProtocolError) -> Int {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ControlProtocolError(.badArgument, "history: expected a whole number N of sessions, found \"\(text)\"")
        }
        let digits = text.drop { $0 == "0" }
        if digits.isEmpty {
            throw ControlProtocolError(.badArgument, "history: N must be at least 1")
        }
        guard digits.count <= 9, let limit = Int(digits) else { return ControlRequest.maximumHistoryLimit }
        return min(limit, ControlRequest.maximumHistoryLimit)
    }
}
