extension Configuration {
    /// Parses the text of a `winddown.toml`. Keys the text leaves out keep
    /// their defaults.
    ///
    /// - Parameter file: the name to show in problems; nothing is read from it.
    /// - Throws: every problem found, each naming its key and line: TOML
    ///   syntax, unknown keys, wrong types, values out of range.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        let root: TOMLTable
        do {
            root = try TOML.parse(text)
        } catch {
            throw ConfigurationError(problems: [
                ConfigurationProblem(file: file, key: nil, line: error.line, message: syntaxMessage(error))
            ])
        }

        var reader = ConfigurationDocumentReader(root: root, text: text, file: file)
        let configuration = reader.readSettings()
        reader.reportUnknownKeys()

        // A value that could not be read kept its default; rules about it
        // would only blame the default, so they are left out.
        let unreadable = Set(reader.problems.compactMap(\.key))
        for issue in configuration.validationIssues()
        where !unreadable.contains(issue.key) && !unreadable.contains(issue.relatedKey ?? "") {
            let line = reader.locator.line(of: issue.key)
                ?? issue.relatedKey.flatMap(reader.locator.line(of:))
                ?? reader.locator.nearestLine(for: issue.key)
            reader.addProblem(issue.key, line: line, issue.message)
        }

        if !reader.problems.isEmpty {
            throw ConfigurationError(problems: reader.problems.inFileOrder())
        }
        return configuration
    }

    /// Every key `parse` knows, in the order it reads them: what the
    /// configuration reference (README, winddown.toml(5)) is checked against.
    public static var knownKeys: [String] {
        var reader = ConfigurationDocumentReader(root: TOMLTable(), text: "", file: "")
        _ = reader.readSettings()
        return reader.knownKeys
    }

    /// The line is the problem's own; the column and what is wrong follow.
    static func syntaxMessage(_ error: TOMLSyntaxError) -> String {
        "TOML syntax error at column \(error.column): \(error.message)"
    }

    /// Reads and parses the configuration file at `path`.
    ///
    /// A missing file is an error: the caller decides whether a missing
    /// default path means "use the defaults". Relative paths inside the file
    /// (`audio.sound`, `dimming.hook`, a routine file) are taken relative to
    /// the file's own folder, so the daemon's working folder never matters.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        func failure(_ message: String) -> ConfigurationError {
            ConfigurationError(problems: [ConfigurationProblem(file: path, key: nil, line: nil, message: message)])
        }
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: path, limit: FileSystem.Limit.document) } catch {
            throw failure(error == .folder ? "is a folder, not a configuration file" : error.message)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw failure("is not UTF-8 text")
        }
        let folder = FileSystem.folder(of: path)
        return try parse(text, file: path).resolvingRelativePaths(against: folder.isEmpty ? "." : folder)
    }

    /// This configuration with its relative file paths made relative to `folder`.
    func resolvingRelativePaths(against folder: String) -> Configuration {
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : FileSystem.join(folder, path)
        }
        var resolved = self
        if case .path(let path) = audio.sound { resolved.audio.sound = .path(resolve(path)) }
        if case .file(let path) = session.routine { resolved.session.routine = .file(path: resolve(path)) }
        resolved.dimming.hook = dimming.hook.map(resolve)
        resolved.voice.model = voice.model.map(resolve)
        resolved.mqtt.passwordFile = mqtt.passwordFile.map(resolve)
        resolved.web.tokenFile = web.tokenFile.map(resolve)
        for day in Weekday.allCases {
            guard var night = schedule.night(on: day) else { continue }
            if case .path(let path) = night.sound { night.sound = .path(resolve(path)) }
            if case .file(let path) = night.routine { night.routine = .file(path: resolve(path)) }
            resolved.schedule.weekdayOverrides[day] = .night(night)
        }
        return resolved
    }
}
