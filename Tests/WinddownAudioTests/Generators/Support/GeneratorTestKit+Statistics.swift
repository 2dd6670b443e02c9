extension GeneratorTestKit {
    static func rms(_ signal: [Float]) -> Double {
        var sum = 0.0
        for sample in signal { sum += Double(sample) * Double(sample) }
        return (sum / Double(max(signal.count, 1))).squareRoot()
    }

    static func mean(_ signal: [Float]) -> Double {
        var sum = 0.0
        for sample in signal { sum += Double(sample) }
        return sum / Double(max(signal.count, 1))
    }

    static func peak(_ signal: [Float]) -> Float {
        signal.reduce(0) { max($0, abs($1)) }
    }

    /// Pearson correlation of two equally long signals.
    static func correlation(_ a: [Float], _ b: [Float]) -> Double {
        let meanA = mean(a), meanB = mean(b)
        var ab = 0.0, aa = 0.0, bb = 0.0
        for index in a.indices {
            let x = Double(a[index]) - meanA, y = Double(b[index]) - meanB
            ab += x * y
            aa += x * x
            bb += y * y
        }
        return ab / (aa * bb).squareRoot()
    }

    /// The largest jump between neighbouring samples.
    static func largestStep(_ signal: [Float]) -> Float {
        var largest: Float = 0
        for index in signal.indices.dropFirst() {
            largest = max(largest, abs(signal[index] - signal[index - 1]))
        }
        return largest
    }

    /// Whether every sample is a finite number.
    static func isFinite(_ signal: [Float]) -> Bool {
        signal.allSatisfy { $0.isFinite }
    }
}
