import ArgumentParser
import CovenantModel
import Foundation
import LuaHost

/// `koers lua FILE`: runs one script in the sandbox and prints what it returns, as JSON.
struct RunLuaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lua",
        abstract: "Run one Lua script in the Koers sandbox and print its result as JSON.",
        discussion: """
            The script runs with the same libraries and budgets as rule scripts. What it returns is \
            printed on standard output as JSON (null when it returns nothing, a list when it returns \
            several values); what it prints goes to standard error. `require` finds modules in the \
            workspace's rules/ and plugins/ folders, and Koers' own library as `require("koers")`.

            Exit codes: 0 the script ran; 2 the script failed; 64 usage error; 66 the file cannot be read.
            """)

    @Argument(help: ArgumentHelp("The Lua script to run.", valueName: "file"))
    var file: String

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var language: LanguageOption

    @Flag(help: "Show Lua's stack traceback with an error.")
    var traceback = false

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let script: LuaScript
        do {
            script = try LuaScript.file(at: url, chunkName: workspace.displayPath(of: url))
        } catch {
            StandardError.write(language.lang.pick("koers: fout: ", "koers: error: ") + "\(error)\n")
            throw KoersExit.noInput
        }
        do {
            let sandbox = try LuaSandbox(limits: limitOptions.limits, modules: workspace.moduleFolders) { line in
                // The bytes as the script wrote them, as stock Lua's print does.
                FileHandle.standardError.write(Data((line.isWarning ? Array("warning: ".utf8) : []) + line.bytes + [0x0A]))
            }
            sandbox.limitHint = LimitOptions.hint
            // `lang` as rules see it, so that koers.text picks as it would in a report.
            let results = try sandbox.run(script, globals: ["lang": .string(language.lang.rawValue)])
            let value: LuaValue = switch results.count {
            case 0: .nil
            case 1: results[0]
            default: .array(results)
            }
            print(try value.jsonText())
        } catch {
            StandardError.write(language.lang.pick("koers: fout: ", "koers: error: ") + "\(error)\n")
            if traceback, let trace = error.traceback { StandardError.write(trace + "\n") }
            throw KoersExit.scriptFailed
        }
    }
}
