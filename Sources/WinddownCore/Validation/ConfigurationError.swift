/// A configuration that cannot be used, with every problem found in it.
///
/// Everything is reported at once so that one edit can fix them all,
/// rather than one failed start per mistake.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Never empty, in file order (problems without a line come last).
    public let problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    /// One line per problem, as `ConfigurationProblem.description`, at most
    /// `ProblemLines.shownAtMost` of them and a count of the rest.
    public var description: String {
        ProblemLines.capped(problems.map(\.description)).joined(separator: "\n")
    }
}

extension [ConfigurationProblem] {
    /// Sorted by line, problems without a line last, otherwise in the order found.
    func inFileOrder() -> [ConfigurationProblem] {
        enumerated()
            .sorted { ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset) }
            .map(\.element)
    }
}
