/// Tonight's plan as an SVG picture: steps as bands along a time axis,
/// each prompt as a mark, the sleep sound's level through the guided part
/// and the fade, and the light's level. Dim warm colours only, for a
/// phone in a dark bedroom; the same drawing for the page and for
/// `winddownd render --plan-svg`.
public enum PlanDrawing {
    /// Drawing size in SVG units; the page scales it to its width.
    static let width = 960.0
    static let height = 360.0
    static let left = 52.0
    static let right = 52.0
    /// The step bands sit above the levels chart.
    static let bandTop = 28.0
    static let bandHeight = 46.0
    static let chartTop = 96.0
    static let chartBottom = 296.0

    enum Colour {
        static let background = "#120c08"
        static let bandA = "#2a1a0f"
        static let bandB = "#21150c"
        static let text = "#b89a7a"
        static let faint = "#6e5640"
        static let grid = "#2e2218"
        static let prompt = "#c98a4b"
        static let sound = "#e0954a"
        static let light = "#a8874c"
        static let now = "#d9653b"
    }

    /// Where the time axis runs, as fractions of the picture's width, so
    /// a page can put its own marker of now over the picture.
    public static var timeAxis: (start: Double, length: Double) { (left / width, (width - left - right) / width) }

    public static func svg(_ plan: PlanReport) -> String {
        let span = [plan.end, plan.guidedEnd, 1].filter(\.isFinite).max() ?? 1
        let plotWidth = width - left - right
        func x(_ seconds: Double) -> Double { left + min(max(seconds, 0), span) / span * plotWidth }
        let soundPeak = max(plan.sound.map(\.percent).max() ?? 0, 1)
        func ySound(_ percent: Double) -> Double { chartBottom - min(max(percent, 0), soundPeak) / soundPeak * (chartBottom - chartTop) }
        func yLight(_ percent: Double) -> Double { chartBottom - min(max(percent, 0), 100) / 100 * (chartBottom - chartTop) }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(number(width)) \(number(height))" \
            role="img" aria-label="\(escaped("Plan of the session: \(plan.routine), \(minutes(plan.end)) in all"))" \
            font-family="sans-serif" font-size="13">
            <rect width="100%" height="100%" fill="\(Colour.background)"/>

            """
        // Step bands, with their number where it fits and the title as a tooltip.
        for (position, step) in plan.steps.enumerated() {
            let x0 = x(step.start)
            let x1 = x(step.end)
            let foot = step.foot.map { " (\($0) foot)" } ?? ""
            out += "<g><title>\(escaped("\(step.index). \(step.title)\(foot)"))</title>"
            out += rect(x0, bandTop, max(x1 - x0, 0.5), bandHeight, position % 2 == 0 ? Colour.bandA : Colour.bandB)
            // The number where it fits, with L or R for a foot's half where that fits too.
            let label = x1 - x0 >= 30 ? "\(step.index)\(step.foot.map { $0 == "left" ? " L" : " R" } ?? "")" : "\(step.index)"
            if x1 - x0 >= 14 {
                out += text(label, (x0 + x1) / 2, bandTop + 18, Colour.text, anchor: "middle")
            }
            out += "</g>\n"
        }
        // Each prompt: a mark at the foot of its step's band, as long as it speaks.
        for prompt in plan.prompts {
            let x0 = x(prompt.start)
            let length = max(x(prompt.end) - x0, 1.5)
            out += "<rect class=\"prompt\" x=\"\(number(x0))\" y=\"\(number(bandTop + bandHeight - 12))\" width=\"\(number(length))\" height=\"8\" fill=\"\(Colour.prompt)\"><title>\(escaped(prompt.text))</title></rect>\n"
        }
        out += text("steps and spoken prompts", left, bandTop - 10, Colour.faint)

        // Levels chart: a light grid, the time axis, then the two lines.
        for fraction in [0.0, 0.5, 1.0] {
            let y = chartBottom - fraction * (chartBottom - chartTop)
            out += line(left, y, width - right, y, Colour.grid)
        }
        let tick = tickSpacing(span)
        var at = 0.0
        while at <= span + 0.001 {
            out += line(x(at), chartBottom, x(at), chartBottom + 5, Colour.faint)
            out += text(minutes(at), x(at), chartBottom + 20, Colour.text, anchor: "middle")
            at += tick
        }
        out += line(x(plan.guidedEnd), bandTop, x(plan.guidedEnd), chartBottom, Colour.faint, dashed: true)
        out += text("fade", min(x(plan.guidedEnd) + 6, width - right - 30), chartTop + 14, Colour.faint)

        out += polyline(plan.sound.map { (x($0.seconds), ySound($0.percent)) }, Colour.sound, width: 2.5, name: "sound")
        out += polyline(plan.light.map { (x($0.seconds), yLight($0.percent)) }, Colour.light, width: 2, name: "light", dashed: true)
        // The two scales: the sound's on the left (up to its own peak), the light's on the right.
        out += text("\(number(soundPeak)) %", left - 6, chartTop + 4, Colour.sound, anchor: "end")
        out += text("100 %", width - right + 6, chartTop + 4, Colour.light)
        out += text("0", left - 6, chartBottom + 4, Colour.faint, anchor: "end")
        out += text("— sound", left, height - 12, Colour.sound)
        out += text(plan.dimmingHook ? "- - light" : "- - light (no dimming hook set)", left + 110, height - 12, Colour.light)
        out += text(minutes(span) + " in all", width - right, height - 12, Colour.text, anchor: "end")

        if let elapsed = plan.elapsed {
            out += "<line class=\"now\" x1=\"\(number(x(elapsed)))\" y1=\"\(number(bandTop - 4))\" x2=\"\(number(x(elapsed)))\" y2=\"\(number(chartBottom))\" stroke=\"\(Colour.now)\" stroke-width=\"2\"/>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// A tick every 1, 5, 10, 15, 30 or 60 minutes: some 4 to 10 along the axis.
    static func tickSpacing(_ span: Double) -> Double {
        for minutes in [1.0, 2, 5, 10, 15, 30, 60] where span / (minutes * 60) <= 10 { return minutes * 60 }
        return (span / 10 / 3600).rounded(.up) * 3600
    }

    static func minutes(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let whole = Int((min(max(seconds, 0), 1e9) / 60).rounded())
        return whole >= 60 ? "\(whole / 60) h \(whole % 60 == 0 ? "" : "\(whole % 60) min")".trimmingSpace : "\(whole) min"
    }

    /// A number as SVG wants it: at most two decimals, no exponent.
    static func number(_ value: Double) -> String {
        // A plan is made from checked numbers, but the drawing never traps on one that is not.
        guard value.isFinite else { return "0" }
        let hundredths = Int((min(max(value, -1e12), 1e12) * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(magnitude / 100)" }
        return "\(sign)\(magnitude / 100)." + (fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)"))
    }

    /// Text for XML: the five special characters escaped, control characters dropped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: if scalar.value >= 0x20 || scalar == "\t" { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ fill: String) -> String {
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(w))\" height=\"\(number(h))\" fill=\"\(fill)\"/>"
    }

    private static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ colour: String, dashed: Bool = false) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(colour)\"\(dashed ? " stroke-dasharray=\"4 4\"" : "")/>\n"
    }

    private static func text(_ content: String, _ x: Double, _ y: Double, _ colour: String, anchor: String = "start") -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" fill=\"\(colour)\" text-anchor=\"\(anchor)\">\(escaped(content))</text>\n"
    }

    private static func polyline(_ points: [(Double, Double)], _ colour: String, width: Double, name: String, dashed: Bool = false) -> String {
        let list = points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
        return "<polyline class=\"\(name)\" points=\"\(list)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(number(width))\" stroke-linejoin=\"round\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
    }
}

extension String {
    fileprivate var trimmingSpace: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
