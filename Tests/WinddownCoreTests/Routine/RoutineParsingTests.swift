import Testing
import WinddownCore

/// The problems `Routine.parse` reports for `text`, or none when it parses.
func routineProblems(in text: String, file: String = "r.toml") -> [RoutineProblem] {
    do {
        _ = try Routine.parse(text, file: file)
        return []
    } catch {
        return error.problems
    }
}

@Suite("Parsing routine files")
struct RoutineParsingTests {
    static let valid = """
        name = "feet"
        title = "Feet"
        summary = "A test."
        length = "10m"

        [breathing]
        inhale = "3s"
        exhale = "5s"

        [[steps]]
        id = "welcome"
        title = "Welcome"
        duration = "30s"
        chime = true
        text = \"\"\"
        Welcome.
        Breathe.\"\"\"

        [[steps]]
        id = "arch"
        title = "Arch"
        share = 2
        min = "1m"
        max = "5m"
        per_foot = true
        breathing = true
        text = "Press the arch."
        switch_text = "Now the right foot."
        end_text = "Let go."

        [[steps]]
        id = "sweep"
        title = "Sweep"
        share = 0.5
        text = "Sweep."
        """

    @Test("a valid file gives every field")
    func validFile() throws {
        let routine = try Routine.parse(Self.valid, file: "feet.toml")
        #expect(routine.name == "feet")
        #expect(routine.title == "Feet")
        #expect(routine.summary == "A test.")
        #expect(routine.length == .seconds(600))
        #expect(routine.breathing == BreathPattern(inhale: .seconds(3), exhale: .seconds(5)))
        #expect(routine.steps.map(\.id) == ["welcome", "arch", "sweep"])
        #expect(routine.steps[0] == RoutineStep(
            id: "welcome", title: "Welcome", text: "Welcome.\nBreathe.", timing: .fixed(.seconds(30)), chime: true))
        #expect(routine.steps[1] == RoutineStep(
            id: "arch", title: "Arch", text: "Press the arch.", timing: .share(2), minimum: .seconds(60),
            maximum: .seconds(300), perFoot: true, switchText: "Now the right foot.", endText: "Let go.",
            breathPacing: true))
        #expect(routine.steps[2].timing == .share(0.5))
        #expect(routine.minimumLength == .seconds(90))
        #expect(routine.maximumLength == nil)
        #expect(routine.promptTexts == ["Welcome.\nBreathe.", "Press the arch.", "Now the right foot.", "Let go.", "Sweep."])
    }

    @Test("the name defaults to the file's, breathing to 4 s in and 6 s out")
    func defaults() throws {
        let routine = try Routine.parse(
            "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n", file: "/x/evening.toml")
        #expect(routine.name == "evening")
        #expect(routine.summary == "")
        #expect(routine.length == nil)
        #expect(routine.breathing == BreathPattern(inhale: .seconds(4), exhale: .seconds(6)))
    }

    @Test("every problem at once, each naming the step, the field and the line")
    func everyProblem() {
        let text = """
            title = "Bad"
            lenght = "10m"

            [[steps]]
            id = "welcome"
            title = "Welcome"
            text = "Hi."
            share = 1
            duration = "30s"

            [[steps]]
            title = "No id"
            text = ""
            share = 0

            [[steps]]
            id = "welcome"
            title = "Again"
            text = "Hi again."
            share = 2
            min = "2m"
            max = "1m"
            per_foot = true

            [[steps]]
            id = "toes"
            title = "Toes"
            text = "Toes."
            duration = 45
            swtich_text = "Right."
            chime = "yes"

            [[steps]]
            id = "heel"
            title = "Heel"
            text = "Heel."
            """
        let found = routineProblems(in: text, file: "bad.toml")
        #expect(found.map(\.description) == [
            "bad.toml:2: lenght: unknown key; did you mean `length`?",
            "bad.toml:9: steps[1] (welcome).duration: a step has either share or duration, not both; remove one",
            "bad.toml:11: steps[2].id: is missing; give the step an id such as id = \"welcome\"",
            "bad.toml:13: steps[2].text: is empty",
            "bad.toml:14: steps[2].share: must be from 0.001 to 1000, found 0",
            "bad.toml:17: steps[3] (welcome).id: is already the id of steps[1]; ids must be unique",
            "bad.toml:21: steps[3] (welcome).min: 2m is longer than max (1m)",
            "bad.toml:23: steps[3] (welcome).switch_text: is missing; a per_foot step needs the cue spoken when changing to the right foot",
            "bad.toml:29: steps[4] (toes).duration: expected a string like \"45s\", found integer 45; write \"45s\" for seconds",
            "bad.toml:30: steps[4] (toes).swtich_text: unknown key; did you mean `switch_text`?",
            "bad.toml:31: steps[4] (toes).chime: expected true or false, found string \"yes\"",
            "bad.toml:33: steps[5] (heel): needs either share = N (a part of the session's time) or duration = \"45s\" (a fixed length)",
        ])
    }

    @Test(
        "each rule, alone",
        arguments: [
            ("no steps", "title = \"T\"\n", ": steps: is missing; add at least one [[steps]] table"),
            ("empty steps", "title = \"T\"\nsteps = []\n", ":2: steps: is empty; add at least one [[steps]] table"),
            ("no title", "[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n",
             ": title: is missing; add a title such as title = \"Foot massage\""),
            ("bad duration", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nduration = \"1.5m\"\n",
             ":6: steps[1] (a).duration: \"1.5m\": fractions are not supported; write \"1h30m\" rather than \"1.5h\""),
            ("zero duration", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nduration = \"0s\"\n",
             ":6: steps[1] (a).duration: must be from 1s to 1h, found 0s"),
            ("min with duration", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nduration = \"9s\"\nmin = \"5s\"\n",
             ":7: steps[1] (a).min: only applies to a step with share; a step with duration always lasts that long"),
            ("switch without per_foot", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\nswitch_text = \"y\"\n",
             ":7: steps[1] (a).switch_text: is only spoken in a per_foot step; add per_foot = true or remove it"),
            ("bad id", "title = \"T\"\n[[steps]]\nid = \"Arch Heel\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n",
             ":3: steps[1].id: \"Arch Heel\" is not an id; use lowercase letters, digits and -, like \"arch-heel\""),
            ("negative share", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = -1.5\n",
             ":6: steps[1] (a).share: must be from 0.001 to 1000, found -1.5"),
            ("wrong share type", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = \"2\"\n",
             ":6: steps[1] (a).share: expected a number like 2, found string \"2\""),
            ("breath out of range", "title = \"T\"\n[breathing]\ninhale = \"4m\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n",
             ":3: breathing.inhale: must be from 1s to 30s, found 4m"),
            ("unknown breathing key", "title = \"T\"\n[breathing]\nhold = \"4s\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n",
             ":3: breathing.hold: unknown key; the keys here are `inhale`, `exhale`"),
            ("step key at the top", "title = \"T\"\ntext = \"x\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\n",
             ":2: text: unknown key; `text` belongs to a step, inside a [[steps]] table"),
            ("a key written long", "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nshare = 1\nminimum = \"5s\"\n",
             ":7: steps[1] (a).minimum: unknown key; did you mean `min`?"),
            ("length too short", "title = \"T\"\nlength = \"5m\"\n[[steps]]\nid = \"a\"\ntitle = \"A\"\ntext = \"x\"\nduration = \"6m\"\n",
             ":2: length: is 5m, but the steps need at least 6m (their durations and min values)"),
            ("syntax", "title = \"T\n", ":1: TOML syntax error"),
        ])
    func singleRule(name: String, text: String, expected: String) {
        let found = routineProblems(in: text, file: "r.toml")
        #expect(found.count == 1, "\(name): \(found)")
        #expect(found.first?.description.hasPrefix("r.toml" + expected) == true, "\(name): \(found)")
    }

    @Test("a step written inline is located at the steps line")
    func inlineSteps() {
        let found = routineProblems(in: "title = \"T\"\n\nsteps = [{ id = \"a\", title = \"A\", share = 1 }]\n")
        #expect(found.map(\.description) == ["r.toml:3: steps[1] (a).text: is missing; add the text spoken when the step begins"])
    }

    @Test("text inside a multi-line string is not taken for keys")
    func multiLineStrings() {
        let text = """
            title = "T"
            [[steps]]
            id = "a"
            title = "A"
            text = \"\"\"
            share = 3
            [[steps]]
            \"\"\"
            per_foot = true
            """
        let found = routineProblems(in: text)
        #expect(found.map(\.line) == [2, 9])
        #expect(found.map(\.field) == [nil, "switch_text"])
    }

    @Test("problems carry the step and field apart from the text")
    func structuredProblem() {
        let found = routineProblems(in: "title = \"T\"\n[[steps]]\nid = \"a\"\ntitle = \"\"\ntext = \"x\"\nshare = 1\n")
        #expect(found == [
            RoutineProblem(file: "r.toml", line: 4, step: StepLocation(number: 1, id: "a"), field: "title", message: "is empty")
        ])
    }
}
