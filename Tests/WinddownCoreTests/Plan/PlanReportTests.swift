import Foundation
import Testing
@testable import WinddownCore

@Suite("Tonight's plan: the report and its picture")
struct PlanReportTests {
    static func timeline() throws -> SessionTimeline {
        try TimelineFixtures.make(TimelineFixtures.footMassage, TimelineFixtures.settings(guided: .seconds(15 * 60), fadeOut: .seconds(10 * 60)))
    }

    static var dimming: Configuration.Dimming {
        var dimming = Configuration.defaults.dimming
        dimming.hook = "/usr/local/bin/dim"
        return dimming
    }

    static func report(elapsed: Double? = nil) throws -> PlanReport {
        PlanReport(timeline: try timeline(), dimming: dimming, volume: 20, duckDecibels: 10, elapsed: elapsed)
    }

    @Test("steps and prompts are the timeline's, numbered as status numbers them")
    func stepsAndPrompts() throws {
        let timeline = try Self.timeline()
        let plan = try Self.report()
        #expect(plan.steps.count == timeline.steps.count)
        #expect(plan.steps.map(\.index) == timeline.steps.map(\.position))
        #expect(plan.steps.map(\.foot) == timeline.steps.map { $0.foot?.rawValue })
        #expect(plan.prompts.count == timeline.prompts.count && plan.prompts.count > 10)
        #expect(plan.prompts.map(\.text) == timeline.prompts.map(\.text))
        #expect(plan.guidedEnd == 900 && plan.end == 1500 && plan.dimmingHook)
        for prompt in plan.prompts {
            let step = try #require(plan.steps.first { $0.index == prompt.step && $0.start <= prompt.start + 0.001 && prompt.start < $0.end + 0.001 })
            #expect(step.index == prompt.step)
        }
    }

    @Test("the sound sits at the volume, dips by the duck depth under the voice, and fades to silence at the end")
    func soundLevels() throws {
        let plan = try Self.report()
        let timeline = try Self.timeline()
        #expect(plan.sound.first?.seconds == 0 && plan.sound.first?.percent == 0, "it rises from silence")
        #expect(plan.sound.last?.seconds == 1500 && plan.sound.last?.percent == 0)
        #expect(plan.sound.allSatisfy { $0.percent >= 0 && $0.percent <= 20 })
        #expect(zip(plan.sound, plan.sound.dropFirst()).allSatisfy { $0.seconds <= $1.seconds }, "in time order")
        let ducked = (20 * Decibels.amplitude(-10) * 100).rounded() / 100
        // Past the fade-in, as the mixer plays it: from the window's start down over the attack,
        // ducked to the window's end, back up over the release.
        let windows = timeline.duckWindows.filter { $0.start > 10 * 48_000 && $0.end < 900 * 48_000 }
        #expect(windows.count > 5)
        for window in windows {
            let (start, end) = (Double(window.start) / 48_000, Double(window.end) / 48_000)
            let inside = plan.sound.filter { $0.seconds >= start + DuckWindow.attackSeconds - 0.001 && $0.seconds <= end + 0.001 }
            #expect(inside.count >= 2 && inside.allSatisfy { $0.percent == ducked }, "under the voice \(start)–\(end) s: \(inside)")
            let afterAnother = timeline.duckWindows.contains { $0.end < window.start && Double(window.start - $0.end) / 48_000 < DuckWindow.releaseSeconds }
            if !afterAnother {
                #expect(plan.sound.contains { abs($0.seconds - start) < 0.001 && $0.percent == 20 }, "the dip starts from the full level at \(start) s")
            }
        }
        let lone = windows.filter { window in !timeline.duckWindows.contains { $0.start > window.end && Double($0.start - window.end) / 48_000 < 2 } }
        for window in lone.prefix(3) {
            let back = Double(window.end) / 48_000 + DuckWindow.releaseSeconds
            #expect(plan.sound.contains { abs($0.seconds - back) < 0.001 && $0.percent == 20 }, "back up \(DuckWindow.releaseSeconds) s after \(back) s")
        }
        // The fade: falling all the way, never rising again.
        let fade = plan.sound.filter { $0.seconds >= 900 }
        #expect(fade.count > 10 && zip(fade, fade.dropFirst()).allSatisfy { $0.percent >= $1.percent })
    }

    @Test("the light starts at dimming.from, reaches every call's level when its transition ends, and ends at dimming.to")
    func lightLevels() throws {
        let plan = try Self.report()
        let calls = DimmingPlan.make(Self.dimming, timeline: try Self.timeline()).calls
        #expect(plan.light.first == PlanReport.Level(0, 60))
        for call in calls {
            let at = call.at / .seconds(1) + call.transition / .seconds(1)
            #expect(plan.light.contains { abs($0.seconds - at) < 0.001 && $0.percent == Double(call.level) }, "\(call)")
        }
        #expect(plan.light.last?.percent == 0 && plan.light.last?.seconds == 1500)
        #expect(zip(plan.light, plan.light.dropFirst()).allSatisfy { $0.percent >= $1.percent }, "levels never rise")
    }

    @Test("the JSON reads back as the same plan; a wrong field is named")
    func json() throws {
        let plan = try Self.report(elapsed: 61.5)
        let again = try PlanReport(json: plan.json)
        #expect(again.steps == plan.steps && again.prompts.map(\.text) == plan.prompts.map(\.text))
        #expect(again.elapsed == 61.5 && again.routine == "foot-massage" && again.dimmingHook)
        #expect(again.sound.count == plan.sound.count && again.light.count == plan.light.count)
        var broken = plan.json
        broken["steps"] = .array([.object(["index": "one"])])
        #expect { try PlanReport(json: broken) } throws: { "\($0)".contains("steps[0].index") }
        var levels = plan.json
        levels["sound"] = .array([.array([.double(1)])])
        #expect { try PlanReport(json: levels) } throws: { "\($0)".contains("sound") }
        #expect(throws: ControlProtocolError.self) { try PlanReport(json: JSONObject()) }
    }

    @Test("the picture: one band per step, one mark per prompt, both level lines, dim warm colours only")
    func picture() throws {
        let plan = try Self.report()
        let svg = PlanDrawing.svg(plan)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "class=\"prompt\"").count - 1 == plan.prompts.count)
        #expect(svg.components(separatedBy: "<g><title>").count - 1 == plan.steps.count)
        #expect(svg.contains("class=\"sound\"") && svg.contains("class=\"light\"") && !svg.contains("class=\"now\""))
        #expect(PlanDrawing.svg(try Self.report(elapsed: 300)).contains("class=\"now\""))
        // Every colour: dark or warm (red at least blue), nothing near white.
        var colours = Set<String>()
        var rest = Substring(svg)
        while let hash = rest.firstIndex(of: "#") {
            let digits = rest[rest.index(after: hash)...].prefix(6)
            if digits.count == 6, digits.allSatisfy(\.isHexDigit) { colours.insert(String(digits)) }
            rest = rest[rest.index(after: hash)...]
        }
        #expect(!colours.isEmpty)
        for colour in colours {
            let value = Int(colour, radix: 16) ?? 0
            let (red, green, blue) = (value >> 16, (value >> 8) & 0xff, value & 0xff)
            #expect(red >= blue && red >= green - 10 && max(red, green, blue) < 0xf0, "#\(colour) is not a dim warm colour")
        }
    }

    @Test("text is escaped for XML, numbers have no exponent, ticks fit the length")
    func details() {
        #expect(PlanDrawing.escaped("a<b & \"c\" 'd'>\u{1}") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(PlanDrawing.number(0.000001) == "0" && PlanDrawing.number(-1.5) == "-1.5" && PlanDrawing.number(1e9) == "1000000000")
        #expect(PlanDrawing.number(3.14159) == "3.14" && PlanDrawing.number(2.05) == "2.05")
        #expect(PlanDrawing.tickSpacing(300) == 60 && PlanDrawing.tickSpacing(35 * 60) == 300 && PlanDrawing.tickSpacing(4 * 3600) == 1800)
        #expect(PlanDrawing.minutes(90 * 60) == "1 h 30 min" && PlanDrawing.minutes(3600) == "1 h" && PlanDrawing.minutes(59) == "1 min")
        let axis = PlanDrawing.timeAxis
        #expect(axis.start > 0 && axis.start + axis.length < 1)
    }

    @Test("hostile titles and texts cannot break out of the picture")
    func hostileText() {
        let plan = PlanReport(
            routine: "</svg><script>alert(1)</script>", guidedEnd: 60, end: 120,
            steps: [.init(index: 1, count: 1, title: "<script>x</script>", start: 0, end: 60)],
            prompts: [.init(step: 1, role: "step", start: 1, end: 2, text: "\"><img onerror=x>")],
            sound: [.init(0, 20), .init(.infinity, .nan)], light: [], dimmingHook: false)
        let svg = PlanDrawing.svg(plan)
        #expect(!svg.contains("<script") && !svg.contains("<img") && !svg.contains("nan") && !svg.contains("inf"))
    }
}
