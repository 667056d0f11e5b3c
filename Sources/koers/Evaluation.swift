import CovenantModel
import PluginEngine
import ReportModel
import TargetJudgement

extension Evaluation {
    /// Failing rules and plugins on standard error, so that a script or CI log shows them.
    /// The Lua messages themselves are Lua's, in English, as stock Lua writes them.
    static func reportFailures(_ failures: [String], language: Language) {
        let prefix = language.pick("koers: fout: ", "koers: error: ")
        for failure in failures { StandardError.write("\(prefix)\(failure)\n") }
    }
}
