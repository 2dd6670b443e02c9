
extension Configuration {
    /// Problems that only the file system can show: settings that name
    /// files which are missing or unusable. Kept apart from parsing so that
    /// parsing stays pure and these can be re-run when files change.
    ///
    /// - Parameters:
    ///   - file: the configuration file's name, for the problems.
    ///   - text: its text, if at hand, so problems can carry line numbers.
    ///   - zoneinfoDirectory: where time zones are looked up.
    public func fileProblems(
        file: String,
        text: String? = nil,
        zoneinfoDirectory: String = ZoneInfo.defaultRoot
    ) -> [ConfigurationProblem] {
        let locator = text.map(KeyLineLocator.init(text:))
        func problem(_ key: String, _ message: String) -> ConfigurationProblem {
            ConfigurationProblem(file: file, key: key, line: locator?.nearestLine(for: key), message: message)
        }

        // One check per setting that names a file. A check for
        // `session.routine` (a named routine missing from the routines folder,
        // or an unreadable routine file) belongs in this list too; it needs
        // the routines folder, so it will come with routine loading.
        var problems: [ConfigurationProblem] = []
        if case .path(let path) = audio.sound, let message = Self.soundPathProblem(path) {
            problems.append(problem("audio.sound", message))
        }
        for day in Weekday.allCases {
            if case .path(let path) = schedule.night(on: day)?.sound, let message = Self.soundPathProblem(path) {
                problems.append(problem(day.configurationKey, "sound: " + message))
            }
        }
        if let hook = dimming.hook, let message = Self.hookProblem(hook) {
            problems.append(problem("dimming.hook", message))
        }
        if let zone = schedule.timezone, let message = Self.timezoneProblem(zone, in: zoneinfoDirectory) {
            problems.append(problem("schedule.timezone", message))
        }
        return problems.inFileOrder()
    }

    /// A sound path may be one audio file or a folder of them.
    static func soundPathProblem(_ path: String) -> String? {
        FileSystem.kind(of: path) == .missing ? "no such file or folder: \(path)" : nil
    }

    static func hookProblem(_ path: String) -> String? {
        switch FileSystem.kind(of: path) {
        case .missing: return "no such file: \(path)"
        case .folder: return "\(path) is a folder, not a program"
        case .file: break
        }
        if !FileSystem.isExecutable(path) {
            return "\(path) is not executable (chmod +x \(path))"
        }
        return nil
    }

    /// The zone must be a readable TZif file in the zoneinfo folder; a
    /// folder such as `America` is a region, not a zone.
    static func timezoneProblem(_ zone: String, in zoneinfoDirectory: String) -> String? {
        // A name of the wrong shape could point outside the folder (`../x`);
        // `problems(file:)` reports it, so there is nothing to look up here.
        guard TimeZoneName.isPlausible(zone) else { return nil }
        do {
            _ = try ZoneInfo.rules(named: zone, root: zoneinfoDirectory)
            return nil
        } catch where error.code == .unknownZone {
            return "\(error.message); names are listed by `timedatectl list-timezones`"
        } catch {
            return error.message
        }
    }
}
