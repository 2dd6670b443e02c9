#if canImport(Glibc)
    import Glibc
#endif

/// A look-ahead peak limiter that guarantees a ceiling without hard clipping.
///
/// The signal is delayed by `lookahead` frames. For every frame the gain
/// that would keep it under the ceiling is computed; the minimum of that
/// over the look-ahead window is then smoothed by a moving average of the
/// same length, so the gain glides down *before* a peak arrives and reaches
/// the needed value exactly on it. Every value in the average is at most
/// the gain the delayed frame needs, so the average is too: the ceiling
/// holds by construction. Release is a slow one-pole rise, never above the
/// smoothed minimum. All memory is allocated up front; `process` is
/// real-time safe.
public final class PeakLimiter {
    public private(set) var ceiling: Float
    public let lookahead: Int
    private let releaseCoefficient: Double

    // Fixed-size state behind raw pointers: the per-sample loop then runs
    // without exclusivity or uniqueness checks on every access.
    /// Delay line of interleaved stereo input, `lookahead` frames long.
    private let delay: UnsafeMutablePointer<Float>
    /// Monotonic deque of (frame number, required gain) for the sliding minimum.
    private let dequeFrames: UnsafeMutablePointer<Int64>
    private let dequeGains: UnsafeMutablePointer<Float>
    /// The last `lookahead` sliding minimums, for the moving average.
    private let averageWindow: UnsafeMutablePointer<Float>

    private var delayIndex = 0
    private var dequeHead = 0
    private var dequeCount = 0
    private var averageIndex = 0
    private var averageSum: Double
    private var gain: Double = 1
    private var frameNumber: Int64 = 0
    /// The last frame that needed its gain lowered.
    private var lastLimitedFrame: Int64 = .min / 2

    /// - Parameters:
    ///   - ceiling: the largest magnitude any output sample may have (0…1).
    ///   - lookaheadSeconds: how far ahead peaks are seen (and the added latency).
    ///   - releaseSeconds: how quickly the gain recovers after a peak.
    public init(ceiling: Float, sampleRate: Double, lookaheadSeconds: Double = 0.005, releaseSeconds: Double = 0.25) {
        self.ceiling = max(0, min(1, ceiling))
        lookahead = max(1, Int(sampleRate * lookaheadSeconds))
        releaseCoefficient = exp(-1 / (sampleRate * releaseSeconds))
        delay = .allocate(capacity: 2 * lookahead)
        delay.initialize(repeating: 0, count: 2 * lookahead)
        dequeFrames = .allocate(capacity: lookahead + 1)
        dequeFrames.initialize(repeating: 0, count: lookahead + 1)
        dequeGains = .allocate(capacity: lookahead + 1)
        dequeGains.initialize(repeating: 1, count: lookahead + 1)
        averageWindow = .allocate(capacity: lookahead)
        averageWindow.initialize(repeating: 1, count: lookahead)
        averageSum = Double(lookahead)
    }

    deinit {
        delay.deallocate()
        dequeFrames.deallocate()
        dequeGains.deallocate()
        averageWindow.deallocate()
    }

    /// Changes the ceiling; takes effect smoothly through the look-ahead.
    public func setCeiling(_ newCeiling: Float) { ceiling = max(0, min(1, newCeiling)) }

    /// Limits interleaved stereo `samples` in place (output is delayed by `lookahead` frames).
    public func process(_ samples: UnsafeMutablePointer<Float>, frameCount: Int) {
        if windowIsClear && peak(of: samples, frameCount: frameCount) <= ceiling {
            passThrough(samples, frameCount: frameCount)
            return
        }
        let capacity = lookahead + 1
        let lookahead = self.lookahead
        let ceiling = self.ceiling
        let release = releaseCoefficient
        var delayIndex = self.delayIndex
        var dequeHead = self.dequeHead
        var dequeCount = self.dequeCount
        var averageIndex = self.averageIndex
        var averageSum = self.averageSum
        var gain = self.gain
        var frameNumber = self.frameNumber

        for frame in 0..<frameCount {
            let left = samples[2 * frame]
            let right = samples[2 * frame + 1]
            let peak = max(abs(left), abs(right))
            let required: Float = peak > ceiling ? ceiling / peak : 1
            if required < 1 { lastLimitedFrame = frameNumber }

            // Sliding minimum over the last lookahead+1 frames. (Indices wrap by
            // comparison: a division per sample would cost more than the rest.)
            while dequeCount > 0 {
                var tail = dequeHead + dequeCount - 1
                if tail >= capacity { tail -= capacity }
                if dequeGains[tail] >= required { dequeCount -= 1 } else { break }
            }
            var slot = dequeHead + dequeCount
            if slot >= capacity { slot -= capacity }
            dequeFrames[slot] = frameNumber
            dequeGains[slot] = required
            dequeCount += 1
            if dequeFrames[dequeHead] <= frameNumber - Int64(lookahead) - 1 {
                dequeHead = dequeHead + 1 == capacity ? 0 : dequeHead + 1
                dequeCount -= 1
            }
            let windowMinimum = dequeGains[dequeHead]

            // Moving average of the minimum: the attack ramp.
            averageSum += Double(windowMinimum) - Double(averageWindow[averageIndex])
            averageWindow[averageIndex] = windowMinimum
            averageIndex = averageIndex + 1 == lookahead ? 0 : averageIndex + 1
            let smoothed = averageSum / Double(lookahead)

            // Release slowly, never above what the attack allows; land exactly
            // on 1 at the end so the idle path can take over.
            gain = min(smoothed, smoothed + (gain - smoothed) * release)
            if smoothed == 1 && gain > 0.999_9 { gain = 1 }  // the last 0.001 dB is inaudible

            let delayed0 = delay[2 * delayIndex]
            let delayed1 = delay[2 * delayIndex + 1]
            delay[2 * delayIndex] = left
            delay[2 * delayIndex + 1] = right
            delayIndex = delayIndex + 1 == lookahead ? 0 : delayIndex + 1

            // The clamp only absorbs rounding in the running sum; the gain already keeps peaks under.
            let g = Float(gain)
            samples[2 * frame] = max(-ceiling, min(ceiling, delayed0 * g))
            samples[2 * frame + 1] = max(-ceiling, min(ceiling, delayed1 * g))
            frameNumber += 1

            // Keep the running sum exact over long sessions.
            if frameNumber & 0xFFFF == 0 {
                averageSum = 0
                for i in 0..<lookahead { averageSum += Double(averageWindow[i]) }
            }
        }
        self.delayIndex = delayIndex
        self.dequeHead = dequeHead
        self.dequeCount = dequeCount
        self.averageIndex = averageIndex
        self.averageSum = averageSum
        self.gain = gain
        self.frameNumber = frameNumber
    }

    /// Nothing has needed limiting for longer than both windows together, so
    /// every gain in the average is 1: all that is left is the release.
    private var windowIsClear: Bool { frameNumber - lastLimitedFrame > 2 * Int64(lookahead) + 2 }

    private func peak(of samples: UnsafeMutablePointer<Float>, frameCount: Int) -> Float {
        var peak: Float = 0
        for i in 0..<(2 * frameCount) { peak = max(peak, abs(samples[i])) }
        return peak
    }

    /// The common case for a quiet bedtime mix: nothing near the ceiling, so
    /// the limiter is a delay and, after a peak, the gain's slow release. Its
    /// state ends exactly as the full path would leave it (a window of gains
    /// of 1, the deque holding the newest frame).
    private func passThrough(_ samples: UnsafeMutablePointer<Float>, frameCount: Int) {
        if gain != 1 {
            release(samples, frameCount: frameCount)
            return
        }
        if averageSum != Double(lookahead) {
            // Exactly what the window holds by now; clears any rounding left in the running sum.
            averageWindow.update(repeating: 1, count: lookahead)
            averageSum = Double(lookahead)
        }
        var delayIndex = self.delayIndex
        for frame in 0..<frameCount {
            let delayed0 = delay[2 * delayIndex]
            let delayed1 = delay[2 * delayIndex + 1]
            delay[2 * delayIndex] = samples[2 * frame]
            delay[2 * delayIndex + 1] = samples[2 * frame + 1]
            samples[2 * frame] = delayed0
            samples[2 * frame + 1] = delayed1
            delayIndex = delayIndex + 1 == lookahead ? 0 : delayIndex + 1
        }
        self.delayIndex = delayIndex
        frameNumber += Int64(frameCount)
        dequeHead = 0
        dequeCount = 1
        dequeFrames[0] = frameNumber - 1
        dequeGains[0] = 1
        averageIndex = (averageIndex + frameCount) % lookahead
    }

    /// The release alone: the gain rises toward 1 (every required gain is 1,
    /// so the moving average is 1 too) while the delayed signal goes out.
    private func release(_ samples: UnsafeMutablePointer<Float>, frameCount: Int) {
        var delayIndex = self.delayIndex
        var gain = self.gain
        let coefficient = releaseCoefficient
        let ceiling = self.ceiling
        for frame in 0..<frameCount {
            gain = 1 + (gain - 1) * coefficient
            if gain > 0.999_9 { gain = 1 }
            let g = Float(gain)
            let delayed0 = delay[2 * delayIndex]
            let delayed1 = delay[2 * delayIndex + 1]
            delay[2 * delayIndex] = samples[2 * frame]
            delay[2 * delayIndex + 1] = samples[2 * frame + 1]
            samples[2 * frame] = max(-ceiling, min(ceiling, delayed0 * g))
            samples[2 * frame + 1] = max(-ceiling, min(ceiling, delayed1 * g))
            delayIndex = delayIndex + 1 == lookahead ? 0 : delayIndex + 1
        }
        self.delayIndex = delayIndex
        self.gain = gain
        frameNumber += Int64(frameCount)
        dequeHead = 0
        dequeCount = 1
        dequeFrames[0] = frameNumber - 1
        dequeGains[0] = 1
        averageIndex = (averageIndex + frameCount) % lookahead
        if averageSum != Double(lookahead) {
            averageWindow.update(repeating: 1, count: lookahead)
            averageSum = Double(lookahead)
        }
    }

    /// Frames currently held in the delay line (flush them at the end with silence).
    public var latencyFrames: Int { lookahead }
}
