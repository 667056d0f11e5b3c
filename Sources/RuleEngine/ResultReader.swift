import CovenantModel
import LuaHost
import TargetJudgement

/// Reads what a rule returned into a ``TargetJudgement``, saying exactly what is wrong with a
/// malformed result, in the rule author's terms (`result.counted[2].label must be text, not a number`).
struct ResultReader {
    typealias Malformed = LuaShape.Mismatch

    static let fields = ["status", "value", "expected", "target", "needed", "needed_per_school_year", "projection",
                         "data_as_of", "counted", "contributions", "findings", "notes", "reason", "method", "expected_path",
                         "projection_basis", "years", "unreported", "judged_school_year", "expected_on"]

    let targetID: String
    /// The ids a contribution may name, so that a typo is an error and not an unknown school in a report.
    let schools: Set<String>
    let institutions: Set<String>

    func read(_ results: [LuaValue]) throws(Malformed) -> (judgement: TargetJudgement, dataAsOf: String?) {
        let result = try single(results)
        for key in result.keys.sorted() where !Self.fields.contains(key) {
            throw Malformed(message: "result.\(key) is not a field of a result",
                            hint: "a result has: " + Self.fields.joined(separator: ", "))
        }
        var judgement = try statusAndValue(result)
        try details(result, into: &judgement)
        return (judgement, try text(result["data_as_of"], "result.data_as_of"))
    }

    /// A judgement with only `status` and `value` read and checked, from a result read with
    /// ``RuleRunner/ResultDetail/statusAndValue``.
    func statusAndValue(_ results: [LuaValue]) throws(Malformed) -> TargetJudgement {
        try statusAndValue(single(results))
    }

    private func statusAndValue(_ result: [String: LuaValue]) throws(Malformed) -> TargetJudgement {
        let statusText = try text(result["status"], "result.status", required: true)!
        guard let status = TargetStatus(rawValue: statusText) else {
            let names = TargetStatus.allCases.map(\.rawValue)
            throw Malformed(message: "result.status '\(statusText)' is not a status" + Suggestion.didYouMean(statusText, in: names),
                            hint: "use one of: " + names.joined(separator: ", "))
        }
        return TargetJudgement(targetID: targetID, status: status, value: try number(result["value"], "result.value"))
    }

    private func single(_ results: [LuaValue]) throws(Malformed) -> [String: LuaValue] {
        guard results.count == 1, case .record(let result) = results[0] else {
            throw Malformed(message: results.isEmpty ? "the rule returned nothing"
                                : "the rule must return one table, but returned \(results.count == 1 ? describe(results[0]) : "\(results.count) values")",
                            hint: "end the script with `return { status = …, value = … }`, or `return koers.judge_count{ … }`")
        }
        return result
    }

    /// Everything but `status`, `value` and `data_as_of`.
    private func details(_ result: [String: LuaValue], into judgement: inout TargetJudgement) throws(Malformed) {
        judgement.expected = try number(result["expected"], "result.expected")
        judgement.target = try number(result["target"], "result.target")
        judgement.needed = try number(result["needed"], "result.needed")
        judgement.neededPerSchoolYear = try number(result["needed_per_school_year"], "result.needed_per_school_year")
        judgement.projection = try number(result["projection"], "result.projection")
        judgement.reason = try text(result["reason"], "result.reason")
        judgement.method = try term(result["method"], "result.method", StatusMethod.self)
        judgement.projectionBasis = try term(result["projection_basis"], "result.projection_basis", ProjectionBasis.self)
        if result["expected_path"] != nil {
            judgement.expectedPath = try list(result["expected_path"], "result.expected_path") { segment, path throws(Malformed) in
                try list(segment, path) { item, path throws(Malformed) in
                    let point = try self.record(item, path)
                    return PathPoint(day: try day(point["date"], "\(path).date"),
                                     value: try number(point["value"], "\(path).value", required: true)!)
                }
            }
        }
        judgement.years = try list(result["years"], "result.years") { item, path throws(Malformed) in
            let year = try self.record(item, path)
            let name = try text(year["school_year"], "\(path).school_year", required: true)!
            // An indicator's periods (2025, 2025-Q1) only for a level kept per period.
            guard SchoolYear(name) != nil || (judgement.method == .periods && Self.isPeriod(name)) else {
                throw Malformed(message: "\(path).school_year '\(name)' is not a school year or period",
                                hint: "write a school year like 2024-25, or an indicator's period: 2025, 2025-Q1, 2025-03-14")
            }
            return SchoolYearResult(
                schoolYear: name, value: try number(year["value"], "\(path).value", required: true)!,
                required: try number(year["required"], "\(path).required", required: true)!,
                outcome: try term(year["result"], "\(path).result", SchoolYearResult.Outcome.self, required: true)!,
                expected: try number(year["expected"], "\(path).expected"), planned: try number(year["planned"], "\(path).planned"),
                unreported: try number(year["unreported"], "\(path).unreported").map { Int($0) })
        }
        judgement.unreported = try number(result["unreported"], "result.unreported").map { Int($0) }
        if result["expected_on"] != nil { judgement.expectedOn = try day(result["expected_on"], "result.expected_on") }
        judgement.judgedSchoolYear = try text(result["judged_school_year"], "result.judged_school_year")
        judgement.counted = try list(result["counted"], "result.counted") { item, path throws(Malformed) in
            let record = try self.record(item, path)
            return CountedRecord(label: try text(record["label"], "\(path).label", required: true)!,
                                 source: try text(record["source"], "\(path).source"))
        }
        judgement.contributions = try list(result["contributions"], "result.contributions") { item, path throws(Malformed) in
            let record = try self.record(item, path)
            let kindText = try text(record["kind"], "\(path).kind", required: true)!
            guard let kind = Contribution.Kind(rawValue: kindText) else {
                throw Malformed(message: "\(path).kind '\(kindText)' is not a kind of contribution",
                                hint: "use one of: " + Contribution.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return Contribution(try contributor(record, path), kind: kind, detail: try text(record["detail"], "\(path).detail"))
        }
        judgement.findings = try list(result["findings"], "result.findings") { item, path throws(Malformed) in
            let record = try self.record(item, path)
            let severityText = try text(record["severity"], "\(path).severity") ?? "info"
            guard let severity = Finding.Severity(rawValue: severityText) else {
                throw Malformed(message: "\(path).severity '\(severityText)' is not a severity",
                                hint: "use one of: " + Finding.Severity.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return Finding(severity: severity, message: try text(record["message"], "\(path).message", required: true)!)
        }
        judgement.notes = try list(result["notes"], "result.notes") { item, path throws(Malformed) in
            try text(item, path, required: true)!
        }
    }

    /// `school = "id"` or `institution = "id"`: exactly one, naming a record in `state/`.
    private func contributor(_ record: [String: LuaValue], _ path: String) throws(Malformed) -> Contributor {
        let school = try text(record["school"], "\(path).school")
        let institution = try text(record["institution"], "\(path).institution")
        switch (school, institution) {
        case (let id?, nil):
            guard schools.contains(id) else {
                throw Malformed(message: "\(path).school '\(id)' is not a school in state/schools.csv" + Suggestion.didYouMean(id, in: schools.sorted()),
                                hint: "use a school's id, such as school.id from state.schools")
            }
            return .school(id)
        case (nil, let id?):
            guard institutions.contains(id) else {
                throw Malformed(message: "\(path).institution '\(id)' is not an institution in state/institutions.csv" + Suggestion.didYouMean(id, in: institutions.sorted()),
                                hint: "use an institution's id, such as institution.id from state.institutions")
            }
            return .institution(id)
        case (nil, nil):
            throw Malformed(message: "\(path) names neither a school nor an institution", hint: "set \(path).school (a vo school's id) or \(path).institution (an mbo institution's id)")
        case (_?, _?):
            throw Malformed(message: "\(path) names both a school and an institution", hint: "a contribution is about one of them: keep school or institution")
        }
    }

    private func describe(_ value: LuaValue) -> String { LuaShape.describe(value) }

    /// A text that names one case of `T` (`"yearly"`, `"pace"`), with the cases in the hint.
    private func term<T: RawRepresentable & CaseIterable>(_ value: LuaValue?, _ path: String, _ type: T.Type,
                                                          required: Bool = false) throws(Malformed) -> T? where T.RawValue == String {
        guard let name = try text(value, path, required: required) else { return nil }
        guard let term = T(rawValue: name) else {
            let names = T.allCases.map(\.rawValue)
            throw Malformed(message: "\(path) '\(name)' is not one of " + names.joined(separator: ", ") + Suggestion.didYouMean(name, in: names),
                            hint: "use one of: " + names.joined(separator: ", "))
        }
        return term
    }

    private func day(_ value: LuaValue?, _ path: String) throws(Malformed) -> Day {
        let text = try text(value, path, required: true)!
        guard let day = Day(iso: text) else {
            throw Malformed(message: "\(path) '\(text)' is not a date", hint: "write a date like 2025-03-14")
        }
        return day
    }

    private func text(_ value: LuaValue?, _ path: String, required: Bool = false) throws(Malformed) -> String? {
        try LuaShape.text(value, path, required: required)
    }

    private func number(_ value: LuaValue?, _ path: String, required: Bool = false) throws(Malformed) -> Double? {
        try LuaShape.number(value, path, required: required)
    }

    /// A period of a measured indicator, as `state.measurements` writes it: `2025`, `2025-Q1`, `2025-03-14`.
    static func isPeriod(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = Int(parts[0]), parts[0].count == 4, (1990...2100).contains(year) else { return false }
        switch parts.count {
        case 1: return true
        case 2: return ["Q1", "Q2", "Q3", "Q4"].contains(String(parts[1]))
        case 3: return Day(iso: name) != nil
        default: return false
        }
    }

    private func record(_ value: LuaValue, _ path: String) throws(Malformed) -> [String: LuaValue] { try LuaShape.record(value, path) }

    private func list<T>(_ value: LuaValue?, _ path: String, _ item: (LuaValue, String) throws(Malformed) -> T) throws(Malformed) -> [T] {
        try LuaShape.list(value, path, item)
    }
}
