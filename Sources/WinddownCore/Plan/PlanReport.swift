/// One session's plan as a person looks at it: the steps along the time
/// axis, every prompt, the sleep sound's level and the light's level from
/// start to silence. Made from the same timeline and dimming plan the
/// session plays (so the picture cannot drift from what is heard), and
/// carried as JSON from the daemon's `plan` command to the web page.
public struct PlanReport: Equatable, Sendable {
    /// A stretch of the guided part, numbered as `status` numbers it: both
    /// feet of a per-foot step share their number, and `foot` tells them apart.
    public struct Step: Equatable, Sendable {
        public var index: Int
        public var count: Int
        public var title: String
        public var foot: String?
        public var start: Double
        public var end: Double
        public init(index: Int, count: Int, title: String, foot: String? = nil, start: Double, end: Double) {
            self.index = index
            self.count = count
            self.title = title
            self.foot = foot
            self.start = start
            self.end = end
        }
    }

    public struct Prompt: Equatable, Sendable {
        /// The number of the step it belongs to (`Step.index`).
        public var step: Int
        public var role: String
        public var start: Double
        public var end: Double
        public var text: String
        public init(step: Int, role: String, start: Double, end: Double, text: String) {
            self.step = step
            self.role = role
            self.start = start
            self.end = end
            self.text = text
        }
    }

    /// A level at a time: seconds from the start, percent (of full scale
    /// for the sound, of brightness for the light). Straight lines join them.
    public struct Level: Equatable, Sendable {
        public var seconds: Double
        public var percent: Double
        public init(_ seconds: Double, _ percent: Double) {
            self.seconds = seconds
            self.percent = percent
        }
    }

    public var routine: String
    /// Where the guided part ends and the sleep sound fades alone.
    public var guidedEnd: Double
    /// Where the sound reaches silence.
    public var end: Double
    public var steps: [Step]
    public var prompts: [Prompt]
    public var sound: [Level]
    public var light: [Level]
    /// Whether a dimming hook carries the light plan out (without one the
    /// line shows what a hook would be asked for).
    public var dimmingHook: Bool
    /// How far a running session is; nil for a plan not yet begun.
    public var elapsed: Double?

    public init(
        routine: String, guidedEnd: Double, end: Double, steps: [Step], prompts: [Prompt], sound: [Level], light: [Level],
        dimmingHook: Bool, elapsed: Double? = nil
    ) {
        self.routine = routine
        self.guidedEnd = guidedEnd
        self.end = end
        self.steps = steps
        self.prompts = prompts
        self.sound = sound
        self.light = light
        self.dimmingHook = dimmingHook
        self.elapsed = elapsed
    }
}

extension PlanReport {
    /// The plan of `timeline` with the sleep sound at `volume` percent,
    /// dipping by `duckDecibels` while the voice speaks, and the lights
    /// following `dimming`.
    public init(
        timeline: SessionTimeline, dimming: Configuration.Dimming, volume: Double, duckDecibels: Double,
        elapsed: Double? = nil
    ) {
        let rate = Double(timeline.sampleRate)
        func seconds(_ frame: Int64) -> Double { Double(frame) / rate }
        let steps = timeline.steps.map {
            Step(index: $0.position, count: $0.count, title: $0.title, foot: $0.foot?.rawValue, start: seconds($0.start), end: seconds($0.end))
        }
        let prompts = timeline.prompts.map { prompt in
            Prompt(
                step: timeline.steps.first { $0.index == prompt.step }?.position ?? prompt.step, role: prompt.role.rawValue,
                start: seconds(prompt.start), end: seconds(prompt.end), text: prompt.text)
        }
        let sound = Self.soundLevels(timeline, volume: volume, duckDecibels: duckDecibels)
        let light = Self.lightLevels(DimmingPlan.make(dimming, timeline: timeline), end: seconds(timeline.sessionEnd))
        self.init(
            routine: timeline.routine, guidedEnd: seconds(timeline.guidedEnd), end: seconds(timeline.sessionEnd), steps: steps,
            prompts: prompts, sound: sound, light: light, dimmingHook: dimming.hook != nil, elapsed: elapsed)
    }

    /// The bed's envelope (straight in dB, so a curve in percent: each
    /// slope is sampled) with the dips under the voice, shaped as the mixer
    /// plays them: down over the attack from a window's start, held to its
    /// end, back up over the release (the deepest of overlapping dips wins).
    static func soundLevels(_ timeline: SessionTimeline, volume: Double, duckDecibels: Double) -> [Level] {
        let rate = Double(timeline.sampleRate)
        let envelope = timeline.bedEnvelope
        let attack = Int64(rate * DuckWindow.attackSeconds)
        let release = Int64(rate * DuckWindow.releaseSeconds)
        let windows = timeline.duckWindows
        // The mixer moves its dip at a fixed rate: a window shorter than the
        // attack reaches only part of the depth, and comes back from there.
        func peak(_ window: DuckWindow) -> Double { min(1, Double(window.end - window.start) / Double(max(attack, 1))) }
        func dip(at frame: Int64) -> Double {
            var deepest = 0.0
            for window in windows where window.start <= frame && frame <= window.end + release {
                let depth =
                    frame <= window.end
                    ? min(1, Double(frame - window.start) / Double(max(attack, 1)))
                    : max(0, peak(window) - Double(frame - window.end) / Double(max(release, 1)))
                deepest = max(deepest, depth)
            }
            return deepest
        }
        func percent(at frame: Int64) -> Double {
            let decibels = envelope.level(at: frame) - duckDecibels * dip(at: frame)
            guard decibels > Decibels.silenceFloor else { return 0 }
            return (volume * Decibels.amplitude(decibels) * 100).rounded() / 100
        }
        // Frames where the line bends: the envelope's points (with samples
        // along each slope) and each dip's four corners.
        var frames: [Int64] = []
        let points = envelope.points
        for (index, point) in points.enumerated() {
            frames.append(point.frame)
            if index + 1 < points.count, points[index + 1].decibels != point.decibels {
                let next = points[index + 1].frame
                for part in 1..<24 { frames.append(point.frame + (next - point.frame) * Int64(part) / 24) }
            }
        }
        for window in windows {
            frames += [window.start, min(window.start + attack, window.end), window.end, window.end + Int64(peak(window) * Double(release))]
        }
        frames.append(timeline.sessionEnd)
        var levels: [Level] = []
        for frame in Set(frames).sorted() where frame >= 0 && frame <= timeline.sessionEnd {
            let level = Level((Double(frame) / rate * 1000).rounded() / 1000, percent(at: frame))
            if let last = levels.last, last == level { continue }
            levels.append(level)
        }
        return levels
    }

    /// The brightness over time: `from` until the first call, then each
    /// call's level reached over its transition.
    static func lightLevels(_ plan: DimmingPlan, end: Double) -> [Level] {
        var levels = [Level(0, Double(plan.from))]
        var current = Double(plan.from)
        // Calls never overlap: each transition ends where the next call begins.
        for call in plan.calls {
            let at = call.at / .seconds(1)
            levels.append(Level(at, current))
            current = Double(call.level)
            levels.append(Level(at + call.transition / .seconds(1), current))
        }
        levels.append(Level(max(end, levels.last?.seconds ?? 0), current))
        return levels
    }
}
