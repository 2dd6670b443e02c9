public import WinddownCore

/// A session's plan as JSON lines, one object per step or event, times in
/// seconds from the start: what `winddownd render --timeline FILE` writes,
/// so a person (or a test) can see when each prompt speaks.
public enum TimelineReport {
    public static func lines(for timeline: SessionTimeline) -> [String] {
        let rate = Double(timeline.sampleRate)
        func seconds(_ frame: Int64) -> String {
            let milliseconds = (Double(frame) / rate * 1000).rounded()
            return String(milliseconds / 1000)
        }
        var lines: [String] = [
            object([
                ("type", quote("session")), ("routine", quote(timeline.routine)),
                ("guided_end_s", seconds(timeline.guidedEnd)), ("end_s", seconds(timeline.sessionEnd)),
            ])
        ]
        for step in timeline.steps {
            var fields = [
                ("type", quote("step")), ("index", String(step.index)), ("id", quote(step.id)), ("title", quote(step.title)),
                ("start_s", seconds(step.start)), ("end_s", seconds(step.end)),
            ]
            if let foot = step.foot { fields.append(("foot", quote(foot.rawValue))) }
            lines.append(object(fields))
        }
        for event in timeline.events {
            switch event {
            case .prompt(let prompt):
                lines.append(
                    object([
                        ("type", quote("prompt")), ("step", String(prompt.step)), ("role", quote(prompt.role.rawValue)),
                        ("start_s", seconds(prompt.start)), ("end_s", seconds(prompt.end)),
                        ("has_audio", prompt.hasAudio ? "true" : "false"), ("text", quote(prompt.text)),
                    ]))
            case .chime(let chime):
                lines.append(object([("type", quote("chime")), ("step", String(chime.step)), ("start_s", seconds(chime.frame))]))
            case .breathing(let span):
                lines.append(
                    object([
                        ("type", quote("breathing")), ("step", String(span.step)), ("start_s", seconds(span.start)),
                        ("end_s", seconds(span.end)),
                    ]))
            case .duck(let window):
                lines.append(
                    object([("type", quote("duck")), ("start_s", seconds(window.start)), ("end_s", seconds(window.end))]))
            }
        }
        return lines
    }

    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
