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

extension Routine {
    /// The routine as a session of `length` plays it, `reserved` of which
    /// is already taken (the caution): every step when they fit, else
    /// without its optional steps, lowest `optional` number first and
    /// equal numbers together, until the rest fits or none is left to
    /// drop. `leftOut` lists the ids dropped, in routine order. The result
    /// may still not fit (`fits` says; `minimumLength` says what it needs).
    public func abridged(toFit length: Duration, reserving reserved: Duration = .zero) -> (routine: Routine, leftOut: [String]) {
        var kept = self
        var leftOut = Set<String>()
        let orders = Set(steps.compactMap(\.dropOrder)).sorted()
        for order in orders where kept.minimumLength + reserved > length {
            leftOut.formUnion(kept.steps.filter { $0.dropOrder == order }.map(\.id))
            kept.steps.removeAll { $0.dropOrder == order }
        }
        return (kept, steps.map(\.id).filter(leftOut.contains))
    }
}

extension Routine {
    /// Why a session of `length` cannot play this routine, even without
    /// its optional steps, with `reserved` taken by the caution; nil when
    /// it can.
    public func fitProblem(for length: Duration, reserving reserved: Duration = .zero) -> String? {
        let (kept, leftOut) = abridged(toFit: length, reserving: reserved)
        let needed = kept.minimumLength + reserved
        guard needed > length else { return nil }
        let without = leftOut.isEmpty ? "" : " even without its optional steps (\(leftOut.joined(separator: ", ")))"
        let caution = reserved > .zero ? ", \(reserved.compactString) of it for the spoken caution" : ""
        return "routine \(name) needs at least \(needed.compactString)\(without)\(caution); session.duration is \(length.compactString)"
    }
}
