import CovenantModel
import Foundation
import LuaHost
import TargetJudgement
import WorkspaceLoader

/// One test the programme team wrote for a rule or plugin: a small state on a day, and what the
/// rules and plugins should make of it.
public struct RuleTestCase: Sendable {
    public var name: String
    /// `rules/tests/routes-vmbo-b.test.lua`.
    public var file: String
    /// The line that names the case.
    public var line: Int
    public var asOf: Day
    /// The state: nil for the workspace's own.
    public var fixture: StateFixture?
    /// By target id.
    public var targets: [String: TargetExpectation]
    /// By plugin name.
    public var plugins: [String: PluginExpectation]

    public var location: String { "\(file):\(line)" }
}

/// What a target's result should be. Only what is given is compared.
public struct TargetExpectation: Sendable {
    public var status: TargetStatus?
    /// `value`, `expected`, `target`, `needed`, `needed_per_school_year`, `projection`.
    public var numbers: [String: Double]
    /// Text the rule's error message should contain: the rule is expected to fail.
    public var error: String?
    /// The ids whose contribution is `contributes` / `missing`, in any order.
    public var contributes: [String]?
    public var missing: [String]?
    /// The ids whose contribution is `unreported` (no return), in any order.
    public var unreported: [String]?
    /// The ids that are `candidate`s: one of several that can add what the city still needs.
    public var candidate: [String]? = nil
    /// Text the result's `reason` should contain.
    public var reason: String?

    static let numberFields = ["value", "expected", "target", "needed", "needed_per_school_year", "projection"]
    static let fields = ["status", "error", "contributes", "missing", "candidate", "unreported", "reason"] + numberFields
}

/// What a plugin should make of the fixture. Only what is given is compared.
public struct PluginExpectation: Sendable {
    /// Must match what `derive` returned: every field given here, with the same value (fields
    /// not given are not compared; lists must match whole).
    public var derived: LuaValue?
    /// How many data-quality findings `checks` gives.
    public var findings: Int?
    /// How many report sections `sections` gives.
    public var sections: Int?
    /// Text that each of the plugin's formats should contain, by format name.
    public var formatContains: [String: [String]]

    static let fields = ["derived", "findings", "sections", "formats"]
}

/// A test file: the cases it holds, or why it could not be read.
public struct RuleTestFile: Sendable {
    public var file: String
    public var cases: [RuleTestCase]
    /// `rules/tests/x.test.lua:3: …` when the file cannot be read; then it has no cases.
    public var problem: String?
}
