/// A routine that cannot be used, with every problem found in it.
///
/// Like `ConfigurationError`, everything is reported at once, so one edit
/// of the file can fix all of it.
public struct RoutineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Never empty, in file order (problems without a line come last).
    public let problems: [RoutineProblem]

    public init(problems: [RoutineProblem]) {
        self.problems = problems
    }

    /// One line per problem, as `RoutineProblem.description`, at most
    /// `ProblemLines.shownAtMost` of them and a count of the rest.
    public var description: String {
        ProblemLines.capped(problems.map(\.description)).joined(separator: "\n")
    }
}

extension [RoutineProblem] {
    /// Sorted by line, problems without a line last, otherwise in the order found.
    func inFileOrder() -> [RoutineProblem] {
        enumerated()
            .sorted { ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset) }
            .map(\.element)
    }
}
