/// A term whose order is the order its cases are declared in: stages, levels, steps, statuses.
public protocol DeclarationOrdered: CaseIterable, Comparable {}

extension DeclarationOrdered {
    public static func < (lhs: Self, rhs: Self) -> Bool {
        let cases = Array(allCases)
        return cases.firstIndex(of: lhs)! < cases.firstIndex(of: rhs)!
    }
}
