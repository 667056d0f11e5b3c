import CLuaSandbox

/// Koers' version, which `koers --version` prints and every report's provenance names.
public enum KoersVersion {
    public static let number = "0.1.0"
    /// "koers 0.1.0 (Lua 5.4.4)": with the Lua release it was built against.
    public static var description: String { "koers \(number) (\(String(cString: ks_lua_release())))" }
}
