#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension GeneratorTestKit {
    /// An 8th-order Butterworth low- or high-pass (four biquads, bilinear
    /// transform with prewarping), in double precision: a steep, well-known
    /// reference filter for the analysis, independent of the code under test.
    struct ButterworthFilter {
        enum Kind { case lowPass, highPass }

        private struct Section {
            var b0 = 0.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0
        }

        private let sections: [Section]

        init(_ kind: Kind, cutoff: Double, sampleRate: Double) {
            let order = 8
            let omega = 2 * Double.pi * cutoff / sampleRate
            sections = (1...order / 2).map { k in
                // Each conjugate pole pair of the analogue prototype as one biquad.
                let q = 1 / (2 * cos(Double(2 * k - 1) * Double.pi / Double(2 * order)))
                let alpha = sin(omega) / (2 * q)
                let cosine = cos(omega)
                let a0 = 1 + alpha
                let b0 = (kind == .lowPass ? (1 - cosine) : (1 + cosine)) / 2
                let b1 = kind == .lowPass ? (1 - cosine) : -(1 + cosine)
                return Section(
                    b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: -2 * cosine / a0, a2: (1 - alpha) / a0)
            }
        }

        func apply(to signal: [Float]) -> [Double] {
            var output = signal.map(Double.init)
            output.withUnsafeMutableBufferPointer { samples in
                for section in sections {
                    var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0
                    for index in samples.indices {
                        let x = samples[index]
                        let y = section.b0 * x + section.b1 * x1 + section.b2 * x2 - section.a1 * y1
                            - section.a2 * y2
                        x2 = x1
                        x1 = x
                        y2 = y1
                        y1 = y
                        samples[index] = y
                    }
                }
            }
            return output
        }
    }
}
