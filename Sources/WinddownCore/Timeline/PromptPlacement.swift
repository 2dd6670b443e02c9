/// Places prompts on the timeline so that they never overlap.
///
/// Prompts are placed in routine order: each step's opening, then its end
/// cue. A prompt asked for before the previous one's end plus `promptGap`
/// starts then instead, so a long prompt pushes every later prompt back, in
/// order, possibly past their steps' starts and into the tail; step
/// boundaries never move. An end cue that would have to start before its
/// own step (or half) began, or before that step's opening prompt finished,
/// is dropped rather than talking over it.
enum PromptPlacement {
    /// Prompts for `steps` (with their `cues`), none starting before `floor`.
    static func place(steps: ArraySlice<TimelineStep>, cues: [StepCues], spacing: CueSpacing, floor: Int64)
        -> [TimelinePrompt]
    {
        var prompts: [TimelinePrompt] = []
        var nextFree = floor
        func append(_ clip: StepCues.Clip, step: Int, requested: Int64) {
            let start = max(requested, nextFree)
            prompts.append(
                TimelinePrompt(
                    text: clip.text, role: clip.role, step: step, requestedStart: requested, start: start,
                    length: clip.length, hasAudio: clip.hasAudio))
            nextFree = start + clip.length + spacing.promptGap
        }
        for step in steps {
            let cue = cues[step.index]
            var openingEnd = step.start
            if let opening = cue.opening {
                append(opening, step: step.index, requested: step.start + (cue.chime ? spacing.chimeLead : 0))
                openingEnd = prompts[prompts.count - 1].end
            }
            if let ending = cue.ending {
                let requested = step.end - spacing.endCueLead - ending.length
                if requested >= openingEnd { append(ending, step: step.index, requested: requested) }
            }
        }
        return prompts
    }
}
