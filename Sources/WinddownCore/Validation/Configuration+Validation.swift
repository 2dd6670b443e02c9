extension Configuration {
    /// Every rule these values break: ranges, limits between keys and the
    /// shape of names. Pure: files on disk are `fileProblems`'s business.
    ///
    /// The loader calls this after reading a file; call it yourself after
    /// changing a configuration in code (for instance from command-line
    /// flags). Problems made here have no line.
    public func problems(file: String) -> [ConfigurationProblem] {
        validationIssues().map { ConfigurationProblem(file: file, key: $0.key, line: nil, message: $0.message) }
    }

    func validationIssues() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func check(_ key: String, _ value: Duration, in range: ClosedRange<Duration>) {
            if !range.contains(value) {
                issues.append(ValidationIssue(
                    key: key,
                    message: "must be from \(range.lowerBound.compactString) to \(range.upperBound.compactString), found \(value.compactString)"))
            }
        }
        func check(_ key: String, _ value: Int, in range: ClosedRange<Int>, unit: String = "") {
            if !range.contains(value) {
                issues.append(ValidationIssue(
                    key: key, message: "must be from \(range.lowerBound) to \(range.upperBound)\(unit), found \(value)"))
            }
        }
        func checkNotBlank(_ key: String, _ value: String?, hint: String) {
            if let value, value.allSatisfy(\.isWhitespace) {
                issues.append(ValidationIssue(key: key, message: "is empty; \(hint)"))
            }
        }

        check("schedule.grace", schedule.grace, in: Limits.grace)
        if let zone = schedule.timezone, !TimeZoneName.isPlausible(zone) {
            issues.append(ValidationIssue(
                key: "schedule.timezone",
                message: "\"\(zone)\" is not an IANA time zone name like \"Europe/Berlin\" or \"UTC\""))
        }

        for day in Weekday.allCases {
            if let duration = schedule.night(on: day)?.duration, !Limits.sessionDuration.contains(duration) {
                let range = Limits.sessionDuration
                issues.append(ValidationIssue(
                    key: day.configurationKey,
                    message: "duration must be from \(range.lowerBound.compactString) to \(range.upperBound.compactString), found \(duration.compactString)"))
            }
        }

        check("session.duration", session.duration, in: Limits.sessionDuration)
        check("session.fade_out", session.fadeOut, in: Limits.fadeOut)

        checkNotBlank("audio.device", audio.device, hint: "the usual ALSA device is \"default\"")
        check("audio.volume", audio.volume, in: Limits.percent)
        check("audio.voice_volume", audio.voiceVolume, in: Limits.percent)
        check("audio.max_volume", audio.maxVolume, in: Limits.percent)
        check("audio.duck", audio.duck, in: Limits.duck, unit: " dB")
        for (key, level) in [("audio.volume", audio.volume), ("audio.voice_volume", audio.voiceVolume)]
        where Limits.percent.contains(level) && level > audio.maxVolume {
            issues.append(ValidationIssue(
                key: key,
                message: "\(level) is above audio.max_volume (\(audio.maxVolume)); lower it or raise the ceiling",
                relatedKey: "audio.max_volume"))
        }

        if !Limits.voiceRate.contains(voice.rate) {
            issues.append(ValidationIssue(
                key: "voice.rate",
                message: "must be from \(Limits.voiceRate.lowerBound) to \(Limits.voiceRate.upperBound) (1 is the voice's own pace), found \(voice.rate)"))
        }
        checkNotBlank("voice.model", voice.model, hint: "remove the line for the bundled voice")

        checkNotBlank("dimming.hook", dimming.hook, hint: "remove the line for no dimming")
        check("dimming.from", dimming.from, in: Limits.percent)
        check("dimming.to", dimming.to, in: Limits.percent)
        if Limits.percent.contains(dimming.from), Limits.percent.contains(dimming.to), dimming.to > dimming.from {
            issues.append(ValidationIssue(
                key: "dimming.to",
                message: "\(dimming.to) is above dimming.from (\(dimming.from)); the lights only ever dim, never brighten",
                relatedKey: "dimming.from"))
        }
        if let duration = dimming.duration { check("dimming.duration", duration, in: Limits.dimmingDuration) }
        check("dimming.interval", dimming.interval, in: Limits.dimmingInterval)
        check("dimming.timeout", dimming.timeout, in: Limits.hookTimeout)
        check("dimming.offset", dimming.offset, in: Limits.dimmingOffset)

        if let group = control.group, !GroupName.isPlausible(group) {
            issues.append(ValidationIssue(
                key: "control.group", message: "\"\(group)\" is not a group name; use a name such as \"winddown\""))
        }

        checkNotBlank("mqtt.username", mqtt.username, hint: "remove the line to connect without a login")
        checkNotBlank("mqtt.password_file", mqtt.passwordFile, hint: "remove the line to connect without a password")
        if mqtt.passwordFile != nil, mqtt.username == nil {
            issues.append(ValidationIssue(
                key: "mqtt.password_file", message: "is set without mqtt.username; a broker login needs both",
                relatedKey: "mqtt.username"))
        }
        checkNotBlank("web.token_file", web.tokenFile, hint: "remove the line to keep the token in the state folder")
        check("snapcast.stream_port", snapcast.streamPort, in: Limits.port)
        check("snapcast.control_port", snapcast.controlPort, in: Limits.port)
        if snapcast.server != nil, snapcast.streamPort == snapcast.controlPort {
            issues.append(ValidationIssue(
                key: "snapcast.stream_port", message: "is the same port as snapcast.control_port (\(snapcast.controlPort)); the stream source and JSON-RPC need one each",
                relatedKey: "snapcast.control_port"))
        }
        return issues
    }
}

/// The allowed ranges, in one place so the shipped file's comments and the
/// checks can be compared at a glance.
enum Limits {
    static let percent = 0...100
    static let port = 1...65535
    /// `voice.rate`: from half the voice's own pace to half again as fast.
    static let voiceRate = 0.5...1.5
    static let duck = 0...40
    /// A start missed by more than half a day is the next day's business.
    static let grace = Duration.zero...Duration.seconds(12 * 3600)
    static let sessionDuration = Duration.seconds(5 * 60)...Duration.seconds(60 * 60)
    /// `extend` never makes a session's fading tail longer than this.
    static let maximumTail = Duration.seconds(3 * 3600)
    static let fadeOut = Duration.zero...Duration.seconds(3 * 3600)
    static let dimmingDuration = Duration.zero...Duration.seconds(3 * 3600)
    static let dimmingInterval = Duration.zero...Duration.seconds(3600)
    /// Past the longest session (60 m guided, 3 h tail) nothing would dim.
    static let dimmingOffset = Duration.zero...Duration.seconds(4 * 3600)
    /// Zero would kill every hook at once; minutes would block the next step.
    static let hookTimeout = Duration.seconds(1)...Duration.seconds(5 * 60)
}

/// The shape of an IANA zone name; whether it exists is a file check.
enum TimeZoneName {
    /// `UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`:
    /// slash-separated parts, each a letter followed by letters, digits, `_`, `-` or `+`.
    static func isPlausible(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return name.count <= 64
            && parts.allSatisfy { part in
                guard let first = part.first, first.isASCII, first.isLetter else { return false }
                return part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-+".contains($0)) }
            }
    }
}

/// The shape of a Unix group name: what Debian's `adduser` accepts by default.
enum GroupName {
    static func isPlausible(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_", name.count <= 32 else {
            return false
        }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }
}
