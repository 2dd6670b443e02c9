/// What the next scheduled night will play: `next_night` in the answers
/// to `next` and `status`, so a weekday's own table shows before it runs.
public struct NextNight: Equatable, Sendable, CustomStringConvertible {
    public var routine: String
    public var duration: Duration
    public var sound: String

    public init(routine: String, duration: Duration, sound: String) {
        self.routine = routine
        self.duration = duration
        self.sound = sound
    }

    /// The main settings, with the weekday table of the night starting at `start` laid over them.
    public init(_ configuration: Configuration, startingAt start: ControlTimestamp) {
        let night = configuration.schedule.night(startingAt: start)
        routine = (night?.routine ?? configuration.session.routine).description
        duration = night?.duration ?? configuration.session.duration
        sound = (night?.sound ?? configuration.audio.sound).description
    }

    /// "quick, 10m, rain".
    public var description: String { "\(routine), \(duration.compactString), \(sound)" }

    public func toJSON() -> JSONValue {
        ["routine": .string(routine), "duration": .string(duration.compactString), "sound": .string(sound)]
    }

    /// Reads `next_night`; nil when it is missing, null or malformed.
    public init?(json value: JSONValue?) {
        guard let value, let routine = value["routine"]?.stringValue, let sound = value["sound"]?.stringValue,
            let text = value["duration"]?.stringValue, let duration = try? Duration(parsing: text)
        else { return nil }
        self.init(routine: routine, duration: duration, sound: sound)
    }
}
