/// Small pieces of the client's human-readable output.
public enum ControlText {
    /// `[#########-----------] 45%`: `fraction` (clamped to 0...1) of
    /// `width` cells filled, whole percent rounded down so 100% means done.
    public static func progressBar(_ fraction: Double, width: Int = 20) -> String {
        let clamped = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        let cells = max(width, 1)
        let filled = min(cells, Int((clamped * Double(cells)).rounded(.down)))
        let percent = Int((clamped * 100).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled) + "] \(percent)%"
    }

    /// `9:40`, `0:05`, `59:59`, then `1:00:00` from an hour up; negative as zero.
    public static func clock(seconds: Int) -> String {
        let total = max(seconds, 0)
        let hours = total / 3600
        let minutes = total / 60 % 60
        let secs = total % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// `Tue 2026-05-05 22:30`, in the time's own zone.
    public static func moment(_ time: ControlTimestamp) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = time.weekday.rawValue.prefix(1).uppercased() + time.weekday.rawValue.dropFirst()
        return "\(day) \(time.year)-\(two(time.month))-\(two(time.day)) \(two(time.hour)):\(two(time.minute))"
    }

    /// `Tue 22:30`: a moment within the coming week, as `STATUS=` shows the next run.
    public static func dayAndTime(_ time: ControlTimestamp) -> String {
        let full = moment(time)
        return String(full.prefix(3)) + " " + String(full.suffix(5))
    }

    /// `22:47`: the time of day only, for an end on the day it started.
    public static func timeOfDay(_ time: ControlTimestamp) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(two(time.hour)):\(two(time.minute))"
    }

    /// `text` broken into lines of at most `width` characters, between words
    /// (a word longer than the width gets a line of its own).
    public static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(whereSeparator: \.isWhitespace) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
