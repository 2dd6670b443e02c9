extension Duration {
    /// The shortest string that `Duration(parsing:)` reads back as this
    /// duration: `"1h30m"`, `"90s"` becomes `"1m30s"`, zero is `"0s"`.
    ///
    /// Configuration durations are whole seconds, so any fraction of a second
    /// is dropped. A negative duration gets a leading `-`, which the parser
    /// rejects on purpose: it only appears in messages, never in a file.
    public var compactString: String {
        let seconds = components.seconds
        if seconds == 0 { return "0s" }
        // Int64.min has no positive counterpart; its magnitude still fits in UInt64.
        var remaining = seconds.magnitude
        var text = seconds < 0 ? "-" : ""
        for unit in DurationGrammar.units {
            let size = UInt64(unit.seconds)
            let count = remaining / size
            remaining %= size
            if count > 0 { text += "\(count)\(unit.symbol)" }
        }
        return text
    }
}
