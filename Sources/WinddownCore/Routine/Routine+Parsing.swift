extension Routine {
    /// Parses the text of a routine file (the format is described at the
    /// top of each file in `config/routines/`).
    ///
    /// - Parameter file: the name to show in problems, and where the
    ///   routine's name comes from when the text has no `name`; nothing is
    ///   read from it.
    /// - Throws: every problem found, each naming the file, the step, the
    ///   key and, where it can be found, the line.
    public static func parse(_ text: String, file: String) throws(RoutineError) -> Routine {
        var reader = RoutineDocumentReader(text: text, file: file)
        let root: TOMLTable
        do {
            root = try TOML.parse(text)
        } catch {
            reader.report(line: error.line, Configuration.syntaxMessage(error))
            throw RoutineError(problems: reader.problems)
        }

        let routine = RoutineFileReader.read(root, defaultName: RoutineFileReader.name(fromFile: file), into: &reader)
        guard let routine, reader.problems.isEmpty else {
            throw RoutineError(problems: reader.problems.inFileOrder())
        }
        return routine
    }

    /// Reads and parses the routine file at `path`.
    public static func load(path: String) throws(RoutineError) -> Routine {
        func failure(_ message: String) -> RoutineError {
            RoutineError(problems: [RoutineProblem(file: path, line: nil, field: nil, message: message)])
        }
        let bytes: [UInt8]
        do { bytes = try FileSystem.contents(of: path, limit: FileSystem.Limit.document) } catch {
            throw failure(error == .folder ? "is a folder, not a routine file" : error.message)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw failure("is not UTF-8 text")
        }
        return try parse(text, file: path)
    }
}

/// The rules of the routine format, table by table.
enum RoutineFileReader {
    static let topKeys = ["name", "title", "summary", "length", "breathing", "steps"]
    static let breathingKeys = ["inhale", "exhale"]
    static let stepKeys = [
        "id", "title", "text", "share", "duration", "min", "max", "per_foot", "switch_text", "end_text", "chime",
        "breathing", "optional", "light",
    ]

    /// Generous bounds that still catch a slip such as `"4m"` for `"4s"`.
    static let breathRange = Duration.seconds(1)...Duration.seconds(30)
    static let stepRange = Duration.seconds(1)...Duration.seconds(3600)
    static let boundRange = Duration.zero...Duration.seconds(3600)
    /// Shares are weights against each other; these bounds keep every sum
    /// and ratio far from overflow while allowing any sensible mix.
    static let shareRange = 0.001...1000.0

    /// The routine, or nil when a problem leaves nothing sensible to return.
    static func read(_ root: TOMLTable, defaultName: String, into reader: inout RoutineDocumentReader) -> Routine? {
        let top = RoutineDocumentReader.Scope(table: root, step: nil, fieldPrefix: "", linePrefix: "")
        let stepOnly = Dictionary(
            uniqueKeysWithValues: stepKeys.filter { !topKeys.contains($0) }.map { ($0, "to a step, inside a [[steps]] table") })
        reader.reportUnknownKeys(in: top, known: topKeys, elsewhere: stepOnly.merging(
            breathingKeys.map { ($0, "in the [breathing] table") }) { first, _ in first })

        var name = defaultName
        if let written = reader.nonBlankString("name", in: top) {
            if isIdentifier(written) {
                name = written
            } else {
                reader.report(top, "name", "\"\(written)\" is not a routine name; use lowercase letters, digits and -, like \"foot-massage\"")
            }
        }
        let title = reader.requiredString("title", in: top, hint: "add a title such as title = \"Foot massage\"")
        let summary = reader.string("summary", in: top) ?? ""
        let length = reader.duration("length", in: top, example: "15m", range: Limits.sessionDuration)
        let breathing = readBreathing(root, into: &reader)
        let steps = readSteps(root, into: &reader)

        guard let title, let steps else { return nil }
        let routine = Routine(name: name, title: title, summary: summary, breathing: breathing, steps: steps, length: length)
        if let length, reader.problems.isEmpty {
            checkLength(length, of: routine, scope: top, into: &reader)
        }
        return routine
    }

    private static func readBreathing(_ root: TOMLTable, into reader: inout RoutineDocumentReader) -> BreathPattern {
        var pattern = BreathPattern()
        guard let value = root["breathing"] else { return pattern }
        guard let table = value.table else {
            let top = RoutineDocumentReader.Scope(table: root, step: nil, fieldPrefix: "", linePrefix: "")
            reader.report(top, "breathing", "expected a table [breathing], found \(foundDescription(of: value))")
            return pattern
        }
        let scope = RoutineDocumentReader.Scope(table: table, step: nil, fieldPrefix: "breathing.", linePrefix: "breathing.")
        reader.reportUnknownKeys(in: scope, known: breathingKeys)
        if let inhale = reader.duration("inhale", in: scope, example: "4s", range: breathRange) { pattern.inhale = inhale }
        if let exhale = reader.duration("exhale", in: scope, example: "6s", range: breathRange) { pattern.exhale = exhale }
        return pattern
    }

    private static func readSteps(_ root: TOMLTable, into reader: inout RoutineDocumentReader) -> [RoutineStep]? {
        let top = RoutineDocumentReader.Scope(table: root, step: nil, fieldPrefix: "", linePrefix: "")
        guard let value = root["steps"] else {
            reader.report(top, "steps", "is missing; add at least one [[steps]] table", lineOf: "")
            return nil
        }
        guard let array = value.array, array.allSatisfy({ $0.table != nil }) else {
            reader.report(top, "steps", "expected [[steps]] tables, found \(foundDescription(of: value))")
            return nil
        }
        if array.isEmpty {
            reader.report(top, "steps", "is empty; add at least one [[steps]] table")
            return nil
        }

        var steps: [RoutineStep] = []
        var firstNumber: [String: Int] = [:]
        var complete = true
        for (offset, element) in array.enumerated() {
            guard let table = element.table else { continue }
            let number = offset + 1
            let step = readStep(table, number: number, into: &reader, seenIDs: &firstNumber)
            if let step { steps.append(step) } else { complete = false }
        }
        guard complete else { return nil }
        checkLightCues(steps, array: array, into: &reader)
        return steps
    }

    /// The lights only get darker: each `light` cue is at most the one before.
    private static func checkLightCues(
        _ steps: [RoutineStep], array: [TOMLValue], into reader: inout RoutineDocumentReader
    ) {
        var previous: (level: Int, id: String)?
        for (offset, step) in steps.enumerated() {
            guard let level = step.light, let table = array[offset].table else { continue }
            if let previous, level > previous.level {
                let scope = RoutineDocumentReader.Scope(
                    table: table, step: StepLocation(number: offset + 1, id: step.id), fieldPrefix: "",
                    linePrefix: "steps[\(offset + 1)].")
                reader.report(
                    scope, "light",
                    "is \(level), brighter than the cue before it (\(previous.level) at step \(previous.id)); the lights only get darker")
            }
            previous = (level, step.id)
        }
    }

    /// One `[[steps]]` table, or nil when it has a problem.
    private static func readStep(
        _ table: TOMLTable, number: Int, into reader: inout RoutineDocumentReader, seenIDs: inout [String: Int]
    ) -> RoutineStep? {
        var scope = RoutineDocumentReader.Scope(
            table: table, step: StepLocation(number: number, id: nil), fieldPrefix: "", linePrefix: "steps[\(number)].")
        let before = reader.problems.count

        // The id first, so that later problems can name the step by it.
        let id = reader.requiredString("id", in: scope, hint: "give the step an id such as id = \"welcome\"")
        if let id {
            if !isIdentifier(id) {
                reader.report(scope, "id", "\"\(id)\" is not an id; use lowercase letters, digits and -, like \"arch-heel\"")
            } else {
                scope.step = StepLocation(number: number, id: id)
                if let first = seenIDs[id] {
                    reader.report(scope, "id", "is already the id of steps[\(first)]; ids must be unique")
                } else {
                    seenIDs[id] = number
                }
            }
        }

        reader.reportUnknownKeys(in: scope, known: stepKeys, elsewhere: [
            "inhale": "in the [breathing] table at the top of the file; here, breathing = true turns the tone on",
            "exhale": "in the [breathing] table at the top of the file; here, breathing = true turns the tone on",
        ])
        let title = reader.requiredString("title", in: scope, hint: "add a short title such as title = \"Warm water\"")
        let text = reader.requiredString("text", in: scope, hint: "add the text spoken when the step begins")
        let timing = readTiming(scope, into: &reader)
        let perFoot = reader.bool("per_foot", in: scope) ?? false
        let switchText = reader.nonBlankString("switch_text", in: scope)
        let endText = reader.nonBlankString("end_text", in: scope)
        let chime = reader.bool("chime", in: scope) ?? false
        let breathPacing = reader.bool("breathing", in: scope) ?? false
        let dropOrder = reader.integer(
            "optional", in: scope, range: 1...1000, meaning: "the order in which optional steps drop out, lowest first")
        let light = reader.integer("light", in: scope, range: 0...100, meaning: "a brightness in percent")

        if perFoot, !scope.has("switch_text") {
            reader.report(
                scope, "switch_text", "is missing; a per_foot step needs the cue spoken when changing to the right foot",
                lineOf: "per_foot")
        }
        if !perFoot, scope.has("switch_text"), reader.problems.allSatisfy({ $0.field != "per_foot" || $0.step != scope.step }) {
            reader.report(scope, "switch_text", "is only spoken in a per_foot step; add per_foot = true or remove it")
        }

        guard reader.problems.count == before, let id, let title, let text, let timing else { return nil }
        return RoutineStep(
            id: id, title: title, text: text, timing: timing.timing, minimum: timing.minimum, maximum: timing.maximum,
            perFoot: perFoot, switchText: switchText, endText: endText, chime: chime, breathPacing: breathPacing,
            dropOrder: dropOrder, light: light)
    }

    /// `share` (with optional `min` and `max`) or `duration`.
    private static func readTiming(
        _ scope: RoutineDocumentReader.Scope, into reader: inout RoutineDocumentReader
    ) -> (timing: StepTiming, minimum: Duration?, maximum: Duration?)? {
        let share = reader.number("share", in: scope, example: "2")
        let duration = reader.duration("duration", in: scope, example: "45s", range: stepRange)
        let minimum = reader.duration("min", in: scope, example: "30s", range: boundRange)
        let maximum = reader.duration("max", in: scope, example: "2m", range: boundRange)

        switch (scope.has("share"), scope.has("duration")) {
        case (true, true):
            reader.report(scope, "duration", "a step has either share or duration, not both; remove one")
            return nil
        case (false, false):
            reader.report(
                scope, nil, "needs either share = N (a part of the session's time) or duration = \"45s\" (a fixed length)",
                lineOf: "")
            return nil
        case (false, true):
            for bound in ["min", "max"] where scope.has(bound) {
                reader.report(scope, bound, "only applies to a step with share; a step with duration always lasts that long")
            }
            guard let duration else { return nil }
            return (.fixed(duration), nil, nil)
        case (true, false):
            if let share, !shareRange.contains(share) {
                reader.report(
                    scope, "share",
                    "must be from \(shareRange.lowerBound.formatted) to \(shareRange.upperBound.formatted), found \(share.formatted)")
                return nil
            }
            if let minimum, let maximum, minimum > maximum {
                reader.report(scope, "min", "\(minimum.compactString) is longer than max (\(maximum.compactString))")
                return nil
            }
            if let maximum, maximum == .zero {
                reader.report(scope, "max", "must be longer than 0s; remove it for no limit")
                return nil
            }
            guard let share else { return nil }
            return (.share(share), minimum, maximum)
        }
    }

    /// A routine that says how long it is written for must fit that long.
    private static func checkLength(
        _ length: Duration, of routine: Routine, scope: RoutineDocumentReader.Scope, into reader: inout RoutineDocumentReader
    ) {
        if routine.minimumLength > length {
            reader.report(
                scope, "length",
                "is \(length.compactString), but the steps need at least \(routine.minimumLength.compactString) (their durations and min values)")
        } else if let maximum = routine.maximumLength, maximum < length {
            reader.report(
                scope, "length",
                "is \(length.compactString), but the steps fill at most \(maximum.compactString) (their durations and max values)")
        }
    }

    /// Ids and names: lowercase ASCII letters, digits and `-`, starting with a letter or digit.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != "-" else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `foot-massage` for `/etc/winddown/routines/foot-massage.toml`.
    static func name(fromFile file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.hasSuffix(".toml") ? String(base.dropLast(".toml".count)) : base
    }
}

extension Double {
    /// `2` rather than `2.0` for whole numbers, for messages.
    fileprivate var formatted: String {
        isFinite && rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
