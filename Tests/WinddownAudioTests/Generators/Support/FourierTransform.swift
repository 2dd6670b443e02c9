#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension GeneratorTestKit {
    /// An in-place iterative radix-2 complex FFT of one fixed size.
    struct FourierTransform {
        let size: Int
        private let cosines: [Double]
        private let sines: [Double]

        init(size: Int) {
            precondition(size > 1 && size & (size - 1) == 0, "size must be a power of two")
            self.size = size
            cosines = (0..<size / 2).map { cos(-2 * Double.pi * Double($0) / Double(size)) }
            sines = (0..<size / 2).map { sin(-2 * Double.pi * Double($0) / Double(size)) }
        }

        /// Forward transform of (real, imaginary); `inverse` conjugates the
        /// twiddles and divides by the size.
        func transform(real: inout [Double], imaginary: inout [Double], inverse: Bool = false) {
            let n = size
            let direction: Double = inverse ? -1 : 1
            cosines.withUnsafeBufferPointer { cosines in
                sines.withUnsafeBufferPointer { sines in
                    real.withUnsafeMutableBufferPointer { re in
                        imaginary.withUnsafeMutableBufferPointer { im in
                            // Bit-reversal permutation.
                            var j = 0
                            for i in 1..<n {
                                var bit = n >> 1
                                while j & bit != 0 {
                                    j ^= bit
                                    bit >>= 1
                                }
                                j |= bit
                                if i < j {
                                    re.swapAt(i, j)
                                    im.swapAt(i, j)
                                }
                            }
                            // Butterflies.
                            var length = 2
                            while length <= n {
                                let half = length / 2
                                let stride = n / length
                                var start = 0
                                while start < n {
                                    for k in 0..<half {
                                        let wr = cosines[k * stride]
                                        let wi = direction * sines[k * stride]
                                        let a = start + k, b = a + half
                                        let tr = re[b] * wr - im[b] * wi
                                        let ti = re[b] * wi + im[b] * wr
                                        re[b] = re[a] - tr
                                        im[b] = im[a] - ti
                                        re[a] += tr
                                        im[a] += ti
                                    }
                                    start += length
                                }
                                length <<= 1
                            }
                            if inverse {
                                let scale = 1 / Double(n)
                                for i in 0..<n {
                                    re[i] *= scale
                                    im[i] *= scale
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
