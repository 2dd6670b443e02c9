/// The state file's form: one JSON object, instants as epoch seconds (what
/// the scheduler compares) with the same moment in ISO 8601 beside them for
/// a person reading the file.
extension ScheduleState {
    public static let formatVersion = 1

    public func toJSON(utcOffset: (Int64) -> Int = { _ in 0 }) -> JSONObject {
        var object: JSONObject = ["version": .int(Self.formatVersion)]
        func instant(_ key: String, _ value: Int64?) {
            guard let value else { return }
            object[key] = .int(Int(value))
            object[key + "_local"] = .string(ControlTimestamp(epochSeconds: value, utcOffset: utcOffset(value)).description)
        }
        instant("last_handled", lastHandled)
        instant("snoozed_through", snoozedThrough)
        if let enabledOverride { object["enabled"] = .bool(enabledOverride) }
        if let configuredEnabled { object["configured_enabled"] = .bool(configuredEnabled) }
        return object
    }

    /// Reads the state file's object; the error says which field is wrong.
    public init(json value: JSONValue) throws(ScheduleStateError) {
        guard let object = value.objectValue else { throw ScheduleStateError("not a JSON object") }
        guard let version = object["version"]?.intValue else { throw ScheduleStateError("\"version\" is missing") }
        guard version == Self.formatVersion else {
            throw ScheduleStateError("version \(version) is not one this daemon reads (\(Self.formatVersion))")
        }
        func instant(_ key: String) throws(ScheduleStateError) -> Int64? {
            guard let field = object[key], !field.isNull else { return nil }
            guard let seconds = field.intValue else { throw ScheduleStateError("\"\(key)\" is not a whole number of seconds") }
            return Int64(seconds)
        }
        func flag(_ key: String) throws(ScheduleStateError) -> Bool? {
            guard let field = object[key], !field.isNull else { return nil }
            guard let value = field.boolValue else { throw ScheduleStateError("\"\(key)\" is not true or false") }
            return value
        }
        self.init(
            lastHandled: try instant("last_handled"), snoozedThrough: try instant("snoozed_through"),
            enabledOverride: try flag("enabled"), configuredEnabled: try flag("configured_enabled"))
    }
}

/// Why a schedule state file could not be read.
public struct ScheduleStateError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
