/// Shares the guided time among a routine's steps, in frames.
///
/// Fixed steps take their length. The rest is shared by the share steps in
/// proportion to their shares, honouring each one's min and max by
/// water-filling (the same resolution CSS flexbox uses for flexible
/// lengths): share out, clamp the violators, share what is left among the
/// others, repeat. Time left over when every share step is at its max (or
/// there are none) goes to the routine's last step, the closing that hands
/// over to the sleep sound, even past its max. Lengths are whole frames;
/// the last step also takes the rounding remainder, so the lengths add up
/// to exactly `guided`.
struct StepAllocation {
    /// A routine step reduced to what allocation needs, in frames.
    struct Demand {
        enum Kind {
            case fixed(Int64)
            case share(Double)
        }

        var kind: Kind
        var minimum: Int64
        var maximum: Int64?
    }

    /// Frame count per demand, in order; adds up to `guided`.
    let lengths: [Int64]

    /// The least `guided` that fits every fixed step and every minimum.
    static func minimumNeeded(for demands: [Demand]) -> Int64 {
        demands.reduce(0) { total, demand in
            switch demand.kind {
            case .fixed(let frames): total + frames
            case .share: total + demand.minimum
            }
        }
    }

    /// Callers check `minimumNeeded(for:) <= guided` first, and that every
    /// share is positive with `minimum <= maximum`.
    init(demands: [Demand], guided: Int64) {
        precondition(Self.minimumNeeded(for: demands) <= guided)
        // No steps (the sleep sound alone): nothing to share out.
        guard !demands.isEmpty else {
            lengths = []
            return
        }
        var lengths = [Int64](repeating: 0, count: demands.count)
        var shareIndices: [Int] = []
        for (index, demand) in demands.enumerated() {
            switch demand.kind {
            case .fixed(let frames): lengths[index] = frames
            case .share: shareIndices.append(index)
            }
        }
        let available = guided - lengths.reduce(0, +)
        let shared = Self.waterFill(demands: demands, indices: shareIndices, available: Double(available))
        for (index, frames) in shared {
            // Bounds are whole frames, so flooring keeps a length inside them
            // (the epsilon absorbs a value a hair under its min from rounding).
            var length = FrameTime.wholeFrames((frames + 1e-6).rounded(.down))
            length = max(length, demands[index].minimum)
            if let maximum = demands[index].maximum { length = min(length, maximum) }
            lengths[index] = length
        }
        // Leftover (all at max) and rounding remainder go to the closing step.
        lengths[lengths.count - 1] += guided - lengths.reduce(0, +)
        self.lengths = lengths
    }

    /// Proportional shares of `available` with min/max honoured.
    private static func waterFill(demands: [Demand], indices: [Int], available: Double) -> [Int: Double] {
        var frozen: [Int: Double] = [:]
        // Each round freezes at least one step, so this ends within `indices.count` rounds.
        while true {
            let open = indices.filter { frozen[$0] == nil }
            if open.isEmpty { return frozen }
            let remaining = available - frozen.values.reduce(0, +)
            let totalShare = open.reduce(0.0) { $0 + share(of: demands[$1]) }
            var targets: [Int: Double] = [:]
            var violation = 0.0
            var underMinimum: [Int: Double] = [:]
            var overMaximum: [Int: Double] = [:]
            for index in open {
                let target = remaining * share(of: demands[index]) / totalShare
                targets[index] = target
                let minimum = Double(demands[index].minimum)
                if target < minimum {
                    underMinimum[index] = minimum
                    violation += minimum - target
                } else if let maximum = demands[index].maximum.map(Double.init), target > maximum {
                    overMaximum[index] = maximum
                    violation += maximum - target
                }
            }
            if underMinimum.isEmpty && overMaximum.isEmpty {
                return frozen.merging(targets) { a, _ in a }
            }
            // Freezing only the side that dominates keeps the others' proportions right.
            if violation >= 0 { frozen.merge(underMinimum) { a, _ in a } }
            if violation <= 0 { frozen.merge(overMaximum) { a, _ in a } }
        }
    }

    private static func share(of demand: Demand) -> Double {
        if case .share(let share) = demand.kind { share } else { 0 }
    }
}
