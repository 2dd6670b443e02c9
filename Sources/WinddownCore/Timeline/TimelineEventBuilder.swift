/// Turns placed prompts into the full, sorted list of timeline events:
/// chimes, prompts, breathing spans and duck windows.
enum TimelineEventBuilder {
    static func events(
        steps: ArraySlice<TimelineStep>, cues: [StepCues], spacing: CueSpacing, floor: Int64
    ) -> [TimelineEvent] {
        let prompts = PromptPlacement.place(steps: steps, cues: cues, spacing: spacing, floor: floor)
        var events: [TimelineEvent] = []
        for step in steps where cues[step.index].chime {
            events.append(.chime(TimelineChime(frame: step.start, step: step.index)))
        }
        events += prompts.map(TimelineEvent.prompt)
        events += breathingSpans(steps: steps, cues: cues, prompts: prompts).map(TimelineEvent.breathing)
        events += duckWindows(prompts: prompts, spacing: spacing, floor: floor).map(TimelineEvent.duck)
        // Sorted by start, then kind, then the order built (a stable order for equal frames).
        return events.enumerated()
            .sorted { ($0.element.start, $0.element.rank, $0.offset) < ($1.element.start, $1.element.rank, $1.offset) }
            .map(\.element)
    }

    /// One span per breath-paced step (or half): from the end of its opening
    /// prompt to the start of its end cue, within the step.
    static func breathingSpans(steps: ArraySlice<TimelineStep>, cues: [StepCues], prompts: [TimelinePrompt])
        -> [BreathingSpan]
    {
        steps.compactMap { step in
            guard let pattern = cues[step.index].breathing else { return nil }
            let own = prompts.filter { $0.step == step.index }
            let opening = own.first { $0.role != .ending }
            let ending = own.first { $0.role == .ending }
            let start = max(step.start, opening?.end ?? step.start)
            let end = min(step.end, ending?.start ?? step.end)
            return start < end ? BreathingSpan(start: start, end: end, pattern: pattern, step: step.index) : nil
        }
    }

    /// A window from `duckLead` before each spoken prompt to `duckRelease`
    /// after it, overlapping or touching windows merged. Silent prompts
    /// (no clip) duck nothing.
    static func duckWindows(prompts: [TimelinePrompt], spacing: CueSpacing, floor: Int64) -> [DuckWindow] {
        var windows: [DuckWindow] = []
        // Prompts never overlap, so they are already in start order.
        for prompt in prompts where prompt.hasAudio && prompt.length > 0 {
            let window = DuckWindow(
                start: max(floor, prompt.start - spacing.duckLead), end: prompt.end + spacing.duckRelease)
            if let last = windows.last, window.start <= last.end {
                windows[windows.count - 1].end = max(last.end, window.end)
            } else {
                windows.append(window)
            }
        }
        return windows
    }
}
