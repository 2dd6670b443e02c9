/// The argument of `volume`: an absolute level or a step up or down, in
/// percent of full scale.
public enum VolumeChange: Equatable, Sendable {
    /// `volume 30`: 0 to 100.
    case set(Int)
    /// `volume +5` / `volume -5`: -100 to 100.
    case relative(Int)

    /// Reads `N`, `+N` or `-N` with N a whole number from 0 to 100.
    public init(parsing text: String) throws(ControlProtocolError) {
        func failure(_ message: String) -> ControlProtocolError {
            ControlProtocolError(.badArgument, "volume: \(message)")
        }
        var digits = Substring(text)
        let sign = digits.first.flatMap { $0 == "+" || $0 == "-" ? $0 : nil }
        if sign != nil { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw failure("expected N, +N or -N with N a whole number from 0 to 100, found \"\(text)\"")
        }
        guard digits.count <= 3, let amount = Int(digits), amount <= 100 else {
            throw failure("\"\(text)\" is out of range; the level is 0 to 100 percent")
        }
        switch sign {
        case "+": self = .relative(amount)
        case "-": self = .relative(-amount)
        default: self = .set(amount)
        }
    }

    /// The argument as written on the request line: `30`, `+5`, `-5`.
    public var argument: String {
        switch self {
        case .set(let level): String(level)
        case .relative(let step): step < 0 ? String(step) : "+\(step)"
        }
    }

    /// The new level from `current`, kept within 0 and `maximum` (itself at
    /// most 100): `audio.max_volume` is a ceiling no request gets past.
    public func applied(to current: Int, maximum: Int = 100) -> Int {
        let ceiling = min(max(maximum, 0), 100)
        let wanted: Int
        switch self {
        case .set(let level): wanted = level
        case .relative(let step): wanted = current + step
        }
        return min(max(wanted, 0), ceiling)
    }
}
