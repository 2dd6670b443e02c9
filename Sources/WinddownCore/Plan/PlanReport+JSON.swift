/// The plan as the `plan` command answers it (interface.md, `GET /api/plan`):
/// times in seconds (`*_s`), levels as `[seconds, percent]` pairs.
extension PlanReport {
    public var json: JSONObject {
        func time(_ seconds: Double) -> JSONValue { .double((seconds * 1000).rounded() / 1000) }
        func levels(_ levels: [Level]) -> JSONValue {
            .array(levels.map { .array([time($0.seconds), .double(($0.percent * 100).rounded() / 100)]) })
        }
        var object: JSONObject = [
            "routine": .string(routine), "guided_end_s": time(guidedEnd), "end_s": time(end),
            "dimming_hook": .bool(dimmingHook),
            "steps": .array(steps.map { step in
                var object: JSONObject = [
                    "index": .int(step.index), "count": .int(step.count), "title": .string(step.title),
                    "start_s": time(step.start), "end_s": time(step.end),
                ]
                if let foot = step.foot { object["foot"] = .string(foot) }
                return .object(object)
            }),
            "prompts": .array(prompts.map {
                .object([
                    "step": .int($0.step), "role": .string($0.role), "start_s": time($0.start), "end_s": time($0.end),
                    "text": .string($0.text),
                ])
            }),
            "sound": levels(sound), "light": levels(light),
        ]
        if let elapsed { object["elapsed_s"] = time(elapsed) }
        return object
    }

    /// Reads a plan back (the web page's server does, to draw it); the
    /// error names the first field that is missing or of the wrong type.
    public init(json object: JSONObject) throws(ControlProtocolError) {
        func field<T>(_ object: JSONObject, _ key: String, _ path: String, _ read: (JSONValue) -> T?) throws(ControlProtocolError) -> T {
            guard let value = object[key], let typed = read(value) else {
                throw ControlProtocolError(.invalidResponse, "plan: \(path)\(key) is missing or of the wrong type")
            }
            return typed
        }
        func finite(_ value: JSONValue) -> Double? { value.doubleValue.flatMap { $0.isFinite ? $0 : nil } }
        func levels(_ key: String) throws(ControlProtocolError) -> [Level] {
            var result: [Level] = []
            for pair in try field(object, key, "", \.arrayValue) {
                guard let items = pair.arrayValue, items.count == 2, let time = finite(items[0]), let level = finite(items[1]) else {
                    throw ControlProtocolError(.invalidResponse, "plan: \(key) holds an entry that is not [seconds, percent]")
                }
                result.append(Level(time, level))
            }
            return result
        }
        var steps: [Step] = []
        for (index, item) in try field(object, "steps", "", \.arrayValue).enumerated() {
            let path = "steps[\(index)]."
            guard let step = item.objectValue else { throw ControlProtocolError(.invalidResponse, "plan: steps[\(index)] is not an object") }
            steps.append(
                Step(
                    index: try field(step, "index", path, \.intValue), count: try field(step, "count", path, \.intValue),
                    title: try field(step, "title", path, \.stringValue), foot: step["foot"]?.stringValue,
                    start: try field(step, "start_s", path, finite), end: try field(step, "end_s", path, finite)))
        }
        var prompts: [Prompt] = []
        for (index, item) in try field(object, "prompts", "", \.arrayValue).enumerated() {
            let path = "prompts[\(index)]."
            guard let prompt = item.objectValue else { throw ControlProtocolError(.invalidResponse, "plan: prompts[\(index)] is not an object") }
            prompts.append(
                Prompt(
                    step: try field(prompt, "step", path, \.intValue), role: try field(prompt, "role", path, \.stringValue),
                    start: try field(prompt, "start_s", path, finite), end: try field(prompt, "end_s", path, finite),
                    text: try field(prompt, "text", path, \.stringValue)))
        }
        let elapsed: Double? = object["elapsed_s"].map(finite) ?? nil
        self.init(
            routine: try field(object, "routine", "", \.stringValue), guidedEnd: try field(object, "guided_end_s", "", finite),
            end: try field(object, "end_s", "", finite), steps: steps, prompts: prompts, sound: try levels("sound"),
            light: try levels("light"), dimmingHook: try field(object, "dimming_hook", "", \.boolValue), elapsed: elapsed)
    }
}
