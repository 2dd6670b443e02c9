import Testing
import WinddownCore

@Suite("POST /api/COMMAND bodies into control requests")
struct WebCommandTests {
    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("each command's body becomes the request the socket would read", arguments: [
        ("start", "{}", ControlRequest.start(routine: nil, duration: nil)),
        ("start", "", .start(routine: nil, duration: nil)),
        ("start", #"{"routine":"quick","duration":"20m"}"#, .start(routine: .named("quick"), duration: .seconds(1200))),
        ("start", #"{"duration":"45m","routine":null}"#, .start(routine: nil, duration: .seconds(2700))),
        ("stop", "{}", .stop), ("pause", "  \n", .pause), ("resume", "{}", .resume), ("hold", "{}", .hold),
        ("skip", "{}", .skip), ("snooze", "{}", .snooze),
        ("extend", #"{"duration":"10m"}"#, .extend(.seconds(600))),
        ("extend", #"{"duration":"+5m"}"#, .extend(.seconds(300))),
        ("volume", #"{"volume":30}"#, .volume(.set(30))),
        ("volume", #"{"volume":"+5"}"#, .volume(.relative(5))),
        ("volume", #"{"volume":"-5"}"#, .volume(.relative(-5))),
        ("schedule", #"{"enabled":false}"#, .schedule(enabled: false)),
        ("schedule", #"{"enabled":true}"#, .schedule(enabled: true)),
    ])
    func mapped(name: String, body: String, request: ControlRequest) throws {
        #expect(try WebCommand.request(name, body: Self.body(body)) == request)
    }

    @Test("bad bodies are refused with the status and a message naming what is wrong", arguments: [
        ("reload", "{}", WebError.Status.notFound, "no command"),
        ("watch", "{}", .notFound, "no command"),
        ("start", "not json", .badRequest, "not JSON"),
        ("start", "[]", .badRequest, "JSON object"),
        ("start", "\"start\"", .badRequest, "JSON object"),
        ("start", #"{"speed":2}"#, .badRequest, "no argument \"speed\""),
        ("start", #"{"duration":20}"#, .badRequest, "must be a string"),
        ("start", #"{"duration":"500m"}"#, .badRequest, "duration must be from"),
        ("start", #"{"routine":"a b"}"#, .badRequest, "one word"),
        ("start", #"{"routine":"x\nstop"}"#, .badRequest, "one word"),
        ("start", #"{"routine":"Not A Name"}"#, .badRequest, "one word"),
        ("start", #"{"routine":""}"#, .badRequest, "one word"),
        ("stop", #"{"now":true}"#, .badRequest, "takes no arguments"),
        ("extend", "{}", .badRequest, "needs \"duration\""),
        ("extend", #"{"duration":"0s"}"#, .badRequest, "extend"),
        ("volume", #"{"volume":true}"#, .badRequest, "whole number"),
        ("volume", #"{"volume":1.5}"#, .badRequest, "whole number"),
        ("volume", #"{"volume":"loud"}"#, .badRequest, "volume"),
        ("volume", #"{"volume":101}"#, .badRequest, "volume"),
        ("schedule", #"{"enabled":"on"}"#, .badRequest, "true or false"),
        ("schedule", #"{"enabled":1}"#, .badRequest, "true or false"),
    ])
    func refused(name: String, body: String, status: WebError.Status, words: String) {
        #expect {
            try WebCommand.request(name, body: Self.body(body))
        } throws: { error in
            guard let error = error as? WebError else { return false }
            return error.status == status && error.message.contains(words)
        }
    }

    @Test("a refusal's body is the control socket's own error JSON")
    func errorBody() {
        let error = WebError(.badRequest, "say \"why\"")
        #expect(error.body == #"{"ok":false,"error":"say \"why\""}"#)
    }

    @Test("deep nesting and huge bodies are refused without trapping")
    func hostileBodies() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: WebError.self) { try WebCommand.request("start", body: Self.body(deep)) }
        let huge = "{\"routine\":\"" + String(repeating: "a", count: 200_000) + "\"}"
        #expect(throws: WebError.self) { try WebCommand.request("start", body: Self.body(huge)) }
        #expect(throws: WebError.self) { try WebCommand.request("start", body: [0xff, 0xfe, 0x00]) }
    }

    @Test("the page may post exactly the commands interface.md lists for it")
    func names() {
        #expect(WebCommand.names == ["start", "stop", "pause", "resume", "hold", "skip", "extend", "volume", "snooze", "schedule"])
    }
}

@Suite("The web server's paths and methods")
struct WebRouteTests {
    @Test("known paths answer their methods; others are 404 and wrong methods 405", arguments: [
        ("GET", "/", nil), ("HEAD", "/", nil), ("GET", "/api/status", nil), ("GET", "/api/plan.svg", nil),
        ("GET", "/api/events", nil), ("POST", "/api/start", nil), ("POST", "/api/schedule", nil),
        ("GET", "/api/start", WebError.Status.methodNotAllowed), ("POST", "/api/status", .methodNotAllowed),
        ("DELETE", "/", .methodNotAllowed), ("POST", "/api/reload", .notFound), ("GET", "/admin", .notFound),
        ("GET", "/api/", .notFound), ("GET", "/app.js/", .notFound),
    ])
    func routes(method: String, path: String, status: WebError.Status?) {
        #expect(WebRoute.refusal(method: method, path: path)?.status == status)
    }
}
