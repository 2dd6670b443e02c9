extension Routine {
    /// The shortest session the routine fits: every fixed step's duration
    /// plus every share step's `min` (zero without one).
    public var minimumLength: Duration {
        steps.reduce(.zero) { total, step in
            switch step.timing {
            case .fixed(let duration): total + duration
            case .share: total + (step.minimum ?? .zero)
            }
        }
    }

    /// The longest session the routine can fill, or nil when some share
    /// step has no `max` and so can grow without end.
    public var maximumLength: Duration? {
        var total = Duration.zero
        for step in steps {
            switch step.timing {
            case .fixed(let duration): total += duration
            case .share:
                guard let maximum = step.maximum else { return nil }
                total += maximum
            }
        }
        return total
    }

    /// Whether a session of this length leaves every step at least its
    /// minimum and at most its maximum.
    public func fits(_ length: Duration) -> Bool {
        minimumLength <= length && maximumLength.map { length <= $0 } ?? true
    }

    /// Every distinct text the routine speaks (step texts, switch cues and
    /// end cues), in the order they are first spoken. These are the texts
    /// that need a prompt clip.
    public var promptTexts: [String] {
        var seen = Set<String>()
        var texts: [String] = []
        for step in steps {
            for text in [step.text, step.switchText, step.endText].compactMap(\.self)
            where seen.insert(PromptKey.normalized(text)).inserted {
                texts.append(text)
            }
        }
        return texts
    }
}
