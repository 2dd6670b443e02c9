/// The release every program reports (and the bridges announce).
public enum WinddownVersion {
    public static let current = "0.14.0"
}
