import CLuaSandbox

/// The version `koers --version` prints, with the Lua release it was built against.
enum KoersVersion {
    static let number = "0.1.0"
    static var description: String { "koers \(number) (\(String(cString: ks_lua_release())))" }
}
