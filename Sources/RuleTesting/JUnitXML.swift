/// The results as JUnit XML, which CI systems (GitLab, GitHub, Jenkins) show as a test report:
/// one `testsuite` per test file, one `testcase` per case, a `failure` with every difference;
/// a file that cannot be read is a suite with one `error`.
public enum JUnitXML {
    public static func document(files: [RuleTestFile], results: [RuleTestResult]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failed = results.filter { !$0.passed }.count
        let errors = files.filter { $0.problem != nil }.count
        out += "<testsuites name=\"koers test\" tests=\"\(results.count + errors)\" failures=\"\(failed)\" errors=\"\(errors)\">\n"
        for file in files {
            let own = results.filter { $0.testCase.file == file.file }
            let suiteFailures = own.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(escape(file.file))\" tests=\"\(max(own.count, file.problem == nil ? 0 : 1))\" failures=\"\(suiteFailures)\" errors=\"\(file.problem == nil ? 0 : 1)\">\n"
            if let problem = file.problem {
                out += "    <testcase name=\"(load)\" classname=\"\(escape(file.file))\">\n"
                out += "      <error message=\"the test file cannot be read\">\(escape(problem))</error>\n    </testcase>\n"
            }
            for result in own {
                let seconds = (result.seconds * 1000).rounded() / 1000
                out += "    <testcase name=\"\(escape(result.testCase.name))\" classname=\"\(escape(file.file))\" file=\"\(escape(file.file))\" line=\"\(result.testCase.line)\" time=\"\(seconds)\">"
                if result.passed {
                    out += "</testcase>\n"
                } else {
                    out += "\n      <failure message=\"\(escape(result.failures[0]))\">\(escape(result.failures.joined(separator: "\n")))</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
