public import WinddownCore

/// A session's plan as JSON lines, one object per step or event, times in
/// seconds from the start: what `winddownd render --timeline FILE` writes,
/// so a person (or a test) can see when each prompt speaks.
public enum TimelineReport {
    /// With `dimming`, the light plan too: one `light` line per hook call.
    public static func lines(for timeline: SessionTimeline, dimming: Configuration.Dimming? = nil) -> [String] {
        let rate = Double(timeline.sampleRate)
        func seconds(_ frame: Int64) -> JSONValue { .double((Double(frame) / rate * 1000).rounded() / 1000) }

        var objects: [JSONObject] = [
            [
                "type": "session", "routine": .string(timeline.routine), "guided_end_s": seconds(timeline.guidedEnd),
                "end_s": seconds(timeline.sessionEnd), "left_out": .array(timeline.leftOut.map { .string($0) }),
            ]
        ]
        for step in timeline.steps {
            var object: JSONObject = [
                "type": "step", "index": .int(step.index), "id": .string(step.id), "title": .string(step.title),
                "start_s": seconds(step.start), "end_s": seconds(step.end),
            ]
            if let foot = step.foot { object["foot"] = .string(foot.rawValue) }
            objects.append(object)
        }
        for event in timeline.events {
            switch event {
            case .prompt(let prompt):
                objects.append([
                    "type": "prompt", "step": .int(prompt.step), "role": .string(prompt.role.rawValue),
                    "start_s": seconds(prompt.start), "end_s": seconds(prompt.end), "has_audio": .bool(prompt.hasAudio),
                    "text": .string(prompt.text),
                ])
            case .chime(let chime):
                objects.append(["type": "chime", "step": .int(chime.step), "start_s": seconds(chime.frame)])
            case .breathing(let span):
                objects.append([
                    "type": "breathing", "step": .int(span.step), "start_s": seconds(span.start), "end_s": seconds(span.end),
                ])
            case .duck(let window):
                objects.append(["type": "duck", "start_s": seconds(window.start), "end_s": seconds(window.end)])
            }
        }
        if let dimming {
            // The level the lights are asked for at each call, and how long they take to get there.
            for call in DimmingPlan.make(dimming, timeline: timeline).calls {
                objects.append([
                    "type": "light", "phase": .string(call.phase.rawValue), "start_s": .double(call.at / .seconds(1)),
                    "level": .int(call.level), "transition_s": .double(call.transition / .seconds(1)),
                ])
            }
        }
        return objects.map { $0.encoded() }
    }
}
