/// One thing wrong with a routine file, located as precisely as possible.
public struct RoutineProblem: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The routine file as the user named it, or the routine's name when
    /// no file was found for it.
    public var file: String
    /// 1-based line in the file, when it could be found.
    public var line: Int?
    /// The step the problem is in, if any.
    public var step: StepLocation?
    /// The key, such as `text` inside a step or `breathing.inhale` outside
    /// one; nil for a problem with the step or the file as a whole.
    public var field: String?
    /// What is wrong, written for the person editing the file.
    public var message: String

    public init(file: String, line: Int?, step: StepLocation? = nil, field: String?, message: String) {
        self.file = file
        self.line = line
        self.step = step
        self.field = field
        self.message = message
    }

    /// Where the problem is inside the file: `steps[3] (toes).text`,
    /// `steps[3].title` for a step without a usable id, `breathing.inhale`,
    /// or nil for the file as a whole.
    public var place: String? {
        switch (step, field) {
        case (nil, nil): nil
        case (nil, let field?): field
        case (let step?, nil): step.description
        case (let step?, let field?): "\(step).\(field)"
        }
    }

    /// `FILE:LINE: PLACE: message`, leaving out the line or the place when
    /// unknown: the shape of `ConfigurationProblem`, which editors can follow.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let place { text += "\(place): " }
        return text + message
    }
}

/// A step as problems name it: its number in the file and, when it has a
/// usable one, its id.
public struct StepLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// 1-based: the third `[[steps]]` table is `steps[3]`, as a person counts.
    public var number: Int
    public var id: String?

    public init(number: Int, id: String?) {
        self.number = number
        self.id = id
    }

    /// `steps[3] (toes)`, or `steps[3]` without an id.
    public var description: String {
        id.map { "steps[\(number)] (\($0))" } ?? "steps[\(number)]"
    }
}
