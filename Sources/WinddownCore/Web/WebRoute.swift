/// The web server's paths and the methods each answers, so that an unknown
/// path is a 404 and a known one asked with the wrong method a 405 (with
/// `Allow`), both as JSON, before any handler runs.
public enum WebRoute {
    public static let page = "/"
    public static let script = "/app.js"
    public static let style = "/app.css"
    public static let icon = "/icon.svg"
    /// Where a browser looks for an icon by itself: the same picture.
    public static let favicon = "/favicon.ico"
    public static let status = "/api/status"
    public static let history = "/api/history"
    public static let plan = "/api/plan"
    public static let planPicture = "/api/plan.svg"
    public static let events = "/api/events"
    /// What the page offers: routines, lengths, the volume's ceiling.
    public static let options = "/api/options"
    public static let commandPrefix = "/api/"

    static let readable = [page, script, style, icon, favicon, status, history, plan, planPicture, events, options]

    /// The methods `path` answers; nil: no such path.
    public static func methods(for path: String) -> [String]? {
        if readable.contains(path) { return ["GET", "HEAD"] }
        if path.hasPrefix(commandPrefix), WebCommand.names.contains(String(path.dropFirst(commandPrefix.count))) {
            return ["POST"]
        }
        return nil
    }

    /// 404 or 405 for a request the routes do not take; nil when they do.
    public static func refusal(method: String, path: String) -> WebError? {
        guard let methods = methods(for: path) else {
            return WebError(.notFound, "no such page or API: \(WebCommand.shown(path))")
        }
        guard methods.contains(method) else {
            return WebError(.methodNotAllowed, "\(WebCommand.shown(path)) answers \(methods.joined(separator: " and ")), not \(WebCommand.shown(method))")
        }
        return nil
    }
}
